"""The staff queues: one listing per way of looking at the work, filtered, sorted and paginated
in the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView

from portal.models import ChainRole, User

from ..admin_forms import BulkActionForm, bulk_people
from ..filters import TicketFilterSet
from ..models import FINAL_STATUSES, OPEN_STATUSES, Ticket, TicketStatus
from ..models.querysets import chain_scope
from .access import StaffProfile, staff_profile


@dataclass(frozen=True)
class Queue:
    slug: str
    label: str
    shown: Callable[[StaffProfile], bool]
    scope: Callable[[User, StaffProfile], Q]


def _new_scope(user: User, profile: StaffProfile) -> Q:
    where = Q(status=TicketStatus.NEW)
    return where if profile.admin else where & chain_scope(user, ChainRole.MODERATOR)


def _team_scope(user: User, profile: StaffProfile) -> Q:
    return Q(status__in=OPEN_STATUSES) & chain_scope(user)


def _pending_scope(user: User, profile: StaffProfile) -> Q:
    where = Q(status=TicketStatus.PENDING)
    if profile.admin:
        return where
    return where & (chain_scope(user) | Q(assignee=user) | Q(moderator=user))


QUEUES: dict[str, Queue] = {
    queue.slug: queue
    for queue in (
        Queue("new", _("New in my briques"), lambda p: p.admin or p.moderator, _new_scope),
        Queue(
            "mine",
            _("Assigned to me"),
            lambda p: p.is_staff,
            lambda user, p: Q(assignee=user) & ~Q(status__in=FINAL_STATUSES),
        ),
        Queue("team", _("My team"), lambda p: p.moderator or p.technician, _team_scope),
        Queue("pending", _("Waiting"), lambda p: p.is_staff, _pending_scope),
        Queue("all", _("All tickets"), lambda p: p.admin, lambda user, p: Q()),
    )
}


def queues_for(request) -> list[Queue]:
    profile = staff_profile(request)
    return [queue for queue in QUEUES.values() if queue.shown(profile)]


def tickets_home(request):
    """/admin/tickets/: the first queue this person has."""
    queues = queues_for(request)
    if not queues:
        raise Http404
    return redirect("helpdesk_admin:queue", queues[0].slug)


class SelectColumn(BaseColumn):
    """A checkbox per row for bulk actions; it posts "pk:version" so that a row changed since
    the page was shown is refused, as on the ticket screen."""

    header_template_name = "helpdesk/admin/select_header.html"
    cell_template_name = "helpdesk/admin/select_cell.html"


def _display(method: str):
    return lambda ticket: getattr(ticket, method)()


class QueueView(BaseListingView):
    template_name = "helpdesk/admin/queue.html"
    results_template_name = "helpdesk/admin/queue_results.html"
    filterset_class = TicketFilterSet
    paginate_by = 25
    default_ordering = "-created_at"
    header_icon = "clipboard-list"
    is_searchable = True
    search_fields = ["reference", "title"]
    search_backend_name = None
    verbose_name = _("ticket")
    verbose_name_plural = _("tickets")
    columns = [
        SelectColumn("select", label=_("Select")),
        TitleColumn(
            "reference",
            label=_("reference"),
            sort_key="reference",
            get_url=lambda t: reverse("helpdesk_admin:ticket", args=[t.reference]),
        ),
        Column("title", label=_("title"), sort_key="title"),
        Column("brique", label=_("brique"), accessor="brique.title", sort_key="brique__title"),
        Column(
            "establishment",
            label=_("school"),
            accessor="establishment.name",
            sort_key="establishment__name",
        ),
        Column(
            "requester",
            label=_("requester"),
            accessor=lambda t: str(t.requester),
            sort_key="requester__last_name",
        ),
        Column(
            "status", label=_("status"), accessor=_display("get_status_display"), sort_key="status"
        ),
        Column(
            "priority",
            label=_("priority"),
            accessor=_display("get_priority_display"),
            sort_key="priority",
        ),
        Column(
            "assignee",
            label=_("assigned to"),
            accessor=lambda t: str(t.assignee) if t.assignee_id else "",
            sort_key="assignee__last_name",
        ),
        DateColumn("created_at", label=_("submitted"), sort_key="created_at"),
        DateColumn("updated_at", label=_("last change"), sort_key="updated_at"),
    ]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        queue = QUEUES.get(kwargs.get("slug"))
        if queue is None or not queue.shown(staff_profile(request)):
            raise Http404
        self.queue = queue

    def get_page_title(self):
        return self.queue.label

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("helpdesk_admin:home"), "label": _("Tickets")},
            {"url": "", "label": self.queue.label},
        ]

    def get_index_url(self):
        return reverse("helpdesk_admin:queue", args=[self.queue.slug])

    def get_index_results_url(self):
        return reverse("helpdesk_admin:queue_results", args=[self.queue.slug])

    def get_base_queryset(self):
        user = self.request.user
        scope = self.queue.scope(user, staff_profile(self.request))
        return Ticket.objects.visible_to(user).for_list().filter(scope)

    def order_queryset(self, queryset):
        # The primary key breaks ties, so that pages neither repeat nor skip rows.
        ordering = self.ordering or self.default_ordering
        tiebreak = "pk" if not ordering.startswith("-") else "-pk"
        return queryset.order_by(ordering, tiebreak)

    @cached_property
    def bulk_form(self):
        profile = staff_profile(self.request)
        return BulkActionForm(
            auto_id="bulk-%s", people=bulk_people(self.request.user, admin=profile.admin)
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["queue"] = self.queue
        context["queues"] = queues_for(self.request)
        context["bulk_form"] = self.bulk_form
        context["bulk_url"] = reverse("helpdesk_admin:bulk")
        context["chart_url"] = reverse("helpdesk_admin:chart")
        return context
