"""The staff queues: one listing per way of looking at the work, filtered, sorted and paginated
in the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, get_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView

from portal.models import ChainRole, Priority, User

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
    # True when `scope` only ever names tickets that `Ticket.objects.visible_to` gives this
    # person (for admins, every ticket), so the queue need not add visibility again.
    within_visibility: bool = False


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
        Queue(
            "new",
            _("New in my briques"),
            lambda p: p.admin or p.moderator,
            _new_scope,
            within_visibility=True,
        ),
        Queue(
            "mine",
            _("Assigned to me"),
            lambda p: p.is_staff,
            lambda user, p: Q(assignee=user) & ~Q(status__in=FINAL_STATUSES),
            within_visibility=True,
        ),
        Queue(
            "team",
            _("My team"),
            lambda p: p.moderator or p.technician,
            _team_scope,
            within_visibility=True,
        ),
        Queue(
            "pending", _("Waiting"), lambda p: p.is_staff, _pending_scope, within_visibility=True
        ),
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


# The cells below are written in Python rather than through one template per cell (Wagtail's
# default): the same HTML as Wagtail's cell templates, for a fraction of the time per row.


class SelectColumn(BaseColumn):
    """A checkbox per row for bulk actions; it posts "pk:version" so that a row changed since
    the page was shown is refused, as on the ticket screen."""

    header_template_name = "helpdesk/admin/select_header.html"
    cell_template_name = "helpdesk/admin/select_cell.html"

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td class="helpdesk-select"><input type="checkbox" name="tickets" value="{}:{}" '
            'form="helpdesk-bulk-form" id="select-ticket-{}" aria-label="{}"></td>',
            instance.pk,
            instance.version,
            instance.pk,
            gettext("Select %(reference)s") % {"reference": instance.reference},
        )


class TextColumn(Column):
    """Wagtail's `Column` (`wagtailadmin/tables/cell.html`), rendered without a template."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if value is None or not str(value).strip():
            value = self.empty_value_display
        return format_html("<td>{}</td>", value)


class ReferenceColumn(TitleColumn):
    """Wagtail's `TitleColumn` linking to the ticket screen, rendered without a template."""

    def render_cell_html(self, instance, parent_context):
        table = parent_context["table"]
        pattern = getattr(table, "_helpdesk_ticket_url", None)
        if pattern is None:
            # One reverse() per page: the reference is the only part that changes.
            pattern = reverse("helpdesk_admin:ticket", args=["__reference__"])
            table._helpdesk_ticket_url = pattern
        return format_html(
            '<td class="title"><div class="title-wrapper"><a href="{}">{}</a></div></td>',
            pattern.replace("__reference__", quote(instance.reference, safe="")),
            instance.reference or self.empty_value_display,
        )


class WhenColumn(DateColumn):
    """Wagtail's `DateColumn` (`human_readable_date`), rendered without a template."""

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if not value:
            return mark_safe("<td></td>")
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return format_html(
            '<td><button type="button" class="w-human-readable-date" '
            'data-controller="w-tooltip" data-w-tooltip-content-value="{}" '
            'data-w-tooltip-placement-value="top"><time class="w-human-readable-date__date" '
            'datetime="{}">{}</time></button></td>',
            date_format(value, get_format("DATETIME_FORMAT") or "N j, Y, P"),
            value.isoformat(),
            capfirst(timesince_simple(value)),
        )


def _labels(choices) -> Callable[[str], str]:
    labels = dict(choices)
    return lambda value: str(labels.get(value, value))


_STATUS_LABEL = _labels(TicketStatus.choices)
_PRIORITY_LABEL = _labels(Priority.choices)


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
        ReferenceColumn("reference", label=_("reference"), sort_key="reference"),
        TextColumn("title", label=_("title"), sort_key="title"),
        TextColumn("brique", label=_("brique"), accessor="brique.title", sort_key="brique__title"),
        TextColumn(
            "establishment",
            label=_("school"),
            accessor=lambda t: t.establishment.name if t.establishment_id else None,
            sort_key="establishment__name",
        ),
        TextColumn(
            "requester",
            label=_("requester"),
            accessor=lambda t: str(t.requester),
            sort_key="requester__last_name",
        ),
        TextColumn(
            "status",
            label=_("status"),
            accessor=lambda t: _STATUS_LABEL(t.status),
            sort_key="status",
        ),
        TextColumn(
            "priority",
            label=_("priority"),
            accessor=lambda t: _PRIORITY_LABEL(t.priority),
            sort_key="priority",
        ),
        TextColumn(
            "assignee",
            label=_("assigned to"),
            accessor=lambda t: str(t.assignee) if t.assignee_id else "",
            sort_key="assignee__last_name",
        ),
        WhenColumn("created_at", label=_("submitted"), sort_key="created_at"),
        WhenColumn("updated_at", label=_("last change"), sort_key="updated_at"),
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
        # Every queue's scope lies within `visible_to` (chain briques, own tickets; all for
        # admins), so repeating it would only cost PostgreSQL an OR it cannot index: counting
        # the team queue then reads the (status, brique) index alone.
        tickets = Ticket.objects.all() if self.queue.within_visibility else None
        if tickets is None:
            tickets = Ticket.objects.visible_to(user)
        # One join (brique, a Wagtail page: two tables); the people and the school come in
        # constant extra queries. A six-table join costs PostgreSQL more to plan than to run.
        return (
            tickets.filter(scope)
            .select_related("brique")
            .prefetch_related("establishment", "requester", "assignee")
        )

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
