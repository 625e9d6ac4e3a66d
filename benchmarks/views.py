"""The benchmark's yardstick: one template, one query on a unique index. What the site's pages
can be compared with on the same machine, server and database, in the same run."""

from django.shortcuts import get_object_or_404, render
from wagtail.admin.auth import require_admin_access

from helpdesk.models import Ticket


def reference(request, reference: str):
    ticket = get_object_or_404(
        Ticket.objects.only("reference", "title", "status", "created_at"), reference=reference
    )
    return render(request, "benchmarks/reference.html", {"ticket": ticket})


@require_admin_access
def admin_frame(request):
    """The second yardstick: an empty page in the Wagtail admin's frame (sign-in check,
    sidebar, scripts), which every staff screen pays before showing anything of its own."""
    return render(request, "benchmarks/admin_frame.html")
