""" "Libre-service" in the back-office (Reports menu): the self-service rate per brique, school
and public, and the latest attempts, read-only, for functional and technical admins."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.menu import MenuItem

from portal.models import Affiliation

from .deflection_stats import self_service_rates
from .models import SelfServiceAttempt

PAGE_SIZE = 25


def _is_admin(user) -> bool:
    from helpdesk.models.querysets import is_helpdesk_admin

    return is_helpdesk_admin(user)


class SelfServiceMenuItem(MenuItem):
    def is_shown(self, request):
        return _is_admin(request.user)


def self_service_report(request):
    if not _is_admin(request.user):
        raise Http404
    publics = dict(Affiliation.choices)
    by_public = self_service_rates(("affiliation",))
    for row in by_public:
        row.key["label"] = publics.get(row.key["affiliation"], row.key["affiliation"] or "—")
    attempts = (
        SelfServiceAttempt.objects.select_related("brique", "establishment", "ticket", "solved_by")
        .annotate(opened_count=Count("openings"))
        .order_by("-started_at", "-pk")
    )
    page = Paginator(attempts, PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "knowledge/admin/self_service.html",
        {
            "header_title": _("Self-service"),
            "by_brique": self_service_rates(("brique",)),
            "by_school": self_service_rates(("establishment",)),
            "by_public": by_public,
            "page_obj": page,
            "publics": publics,
            "self_url": reverse("knowledge_self_service"),
        },
    )
