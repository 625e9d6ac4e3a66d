"""The benchmark's yardstick: one template, one query on a unique index. What the site's pages
can be compared with on the same machine, server and database, in the same run."""

from django.shortcuts import get_object_or_404, render

from helpdesk.models import Ticket


def reference(request, reference: str):
    ticket = get_object_or_404(
        Ticket.objects.only("reference", "title", "status", "created_at"), reference=reference
    )
    return render(request, "benchmarks/reference.html", {"ticket": ticket})
