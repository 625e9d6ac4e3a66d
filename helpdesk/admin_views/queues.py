"""The staff queues: one listing per way of looking at the work, filtered, sorted and paginated
in the database.

A queue is the page staff open most, so it is built to stay fast at 100,000 tickets (see
benchmarks/README.md): the rows come from the ticket table alone, the names they show from
lookups loaded once per page (the filter dropdowns' own lists, one query for the people), and
the filters, table and bulk form are written in Python (`html.py`, `queue_table.py`) inside
the Wagtail admin's frame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django import forms
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Max, Q, Sum
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View

from portal.admin_frame import framed
from portal.models import ChainRole, User

from ..admin_forms import BulkActionForm, bulk_people
from ..filters import TicketFilterSet, brique_choices, category_choices, school_choices
from ..models import FINAL_STATUSES, OPEN_STATUSES, Ticket, TicketStatus
from ..models.querysets import chain_scope
from ..sla.state import next_change
from . import html, screen_cache
from .access import StaffProfile, staff_profile
from .queue_table import SORT_KEYS, Lookups, header_html, rows_html


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
        Queue(
            "briques",
            _("All the tickets of my briques"),
            lambda p: p.moderator and not p.admin,
            lambda user, p: chain_scope(user, ChainRole.MODERATOR),
            within_visibility=True,
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


PER_PAGE = 25
# Filters read as two parameters, `<name>_from` and `<name>_to`.
DATE_RANGES = ("created_at_", "resolved_at_", "closed_at_")
DEFAULT_ORDERING = "-created_at"


def _people(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {
        person.pk: str(person)
        for person in User.objects.filter(pk__in=ids).only(
            "pk", "username", "first_name", "last_name"
        )
    }


class QueueView(View):
    """One queue: its tickets as filtered, searched, sorted and paginated by the query string
    (`q`, the filters of `TicketFilterSet`, `ordering`, `p`)."""

    template_name = "helpdesk/admin/queue.html"

    def get(self, request, slug: str):
        profile = staff_profile(request)
        queue = QUEUES.get(slug)
        if queue is None or not queue.shown(profile):
            raise Http404

        tickets = Ticket.objects.all() if queue.within_visibility else None
        if tickets is None:
            tickets = Ticket.objects.visible_to(request.user)
        # Every queue's scope lies within `visible_to` (chain briques, own tickets; all for
        # admins), so repeating it would only cost PostgreSQL an OR it cannot index: counting
        # the team queue then reads the (status, brique) index alone.
        tickets = tickets.filter(queue.scope(request.user, profile))
        filters_used = _filters_in(request.GET)
        filters = None
        if filters_used:
            filters = TicketFilterSet(request.GET, queryset=tickets, choices=_choices())
            if filters.form.is_valid():
                tickets = filters.qs
        search = request.GET.get("q", "").strip()[:100]
        if search:
            tickets = tickets.filter(Q(reference__icontains=search) | Q(title__icontains=search))
        ordering = request.GET.get("ordering", "")
        if ordering not in SORT_KEYS:
            ordering = DEFAULT_ORDERING
        # The primary key breaks ties, so that pages neither repeat nor skip rows.
        tickets = tickets.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")

        # One aggregate gives the count and names the rows' state: the body kept for it is
        # true as long as no row of the selection changed, left or came (screen_cache).
        fingerprint = _fingerprint(tickets)

        def body() -> tuple[str, datetime | None]:
            return self._body(
                request, queue, tickets, fingerprint["count"], filters, search, ordering
            )

        if set(request.GET) & CLOCK_FILTERS:  # the selection itself moves with the clock
            html_body = body()[0]
        else:
            parts = (
                "queue",
                slug,
                sorted((key, request.GET.getlist(key)) for key in request.GET),
                tuple(fingerprint.values()),
                # The brique, school and category lists' changes renew the directory.
                *screen_cache.reader_parts(request),
            )
            html_body = screen_cache.kept_body(parts, body)
        # The Wagtail frame kept whole for this reader when it can be (portal/admin_frame.py).
        return framed(
            request,
            self.template_name,
            str(queue.label),
            screen_cache.with_form_token(html_body, get_token(request)),
        )

    def _body(self, request, queue, tickets, count, filters, search, ordering):
        """The page but for its frame: queue links, filters, rows, pages and bulk form; true
        until a row changes or the first service-level state on the page moves."""
        profile = staff_profile(request)
        choices = _choices()
        if filters is not None:
            filter_form, filter_fields = filters.form, _filter_fields(filters.form)
        else:
            # No filter asked: the same empty form for everyone, written once per language.
            filter_form, filter_fields = None, _empty_filter_fields(choices)
        paginator = Paginator(tickets, PER_PAGE)
        paginator.count = count  # known from the fingerprint: no second count
        page = paginator.get_page(request.GET.get("p"))
        rows = list(page.object_list)
        names = Lookups.for_page(
            briques=dict(choices["brique"]),
            schools=dict(choices["establishment"]),
            people=_people(
                {t.requester_id for t in rows} | {t.assignee_id for t in rows if t.assignee_id}
            ),
        )
        params = {key: request.GET.getlist(key) for key in request.GET}
        bulk_form = _empty_bulk_form()
        context = {
            "queue": queue,
            "queues": queues_for(request),
            "page_title": queue.label,
            "filters": filter_form,
            "filters_used": filters is not None,
            "filter_fields": filter_fields,
            "search": search,
            "page": page,
            "page_links": _page_links(page, params),
            "header": header_html(ordering, params),
            "rows": rows_html(rows, names),
            "bulk_form": bulk_form,
            "bulk_controls": {
                name: html.control(bulk_form[name])
                for name in ("reason", "comment", "resolution_code", "solution")
            },
            "bulk_assignee": html.select(
                bulk_form["assignee"], choices=_bulk_people(request.user, profile)
            ),
            "bulk_url": reverse("helpdesk_admin:bulk"),
            "chart_url": reverse("helpdesk_admin:chart"),
            "path": request.path,
            "full_path": request.get_full_path(),
            "asked": bool(request.GET),
            "csrf_token": screen_cache.FORM_TOKEN_SLOT,
        }
        html_body = get_template("helpdesk/admin/includes/queue_body.html").render(context)
        return html_body, next_change(rows, names.now)


def _choices() -> dict[str, list]:
    """The filter dropdowns' lists, which also name the rows' briques and schools."""
    return {
        "brique": brique_choices(),
        "establishment": school_choices(),
        "category": category_choices(),
    }


# Filters whose selection depends on the current instant: such a page is never kept.
CLOCK_FILTERS = {"sla", "target_outcome"}


def _fingerprint(tickets) -> dict:
    """How many rows the queue selects and what names their state: the sums of their ids and
    versions and their latest change. Any service action bumps a version and the last change,
    a row that leaves or comes changes the count or the sums. Read from the queue indexes
    alone (they include these columns).

    When the selection reads the ticket table alone (every queue but some filters), the
    aggregate is written around the queryset's own WHERE clause: Django's `aggregate()`
    spent longer preparing this query than PostgreSQL running it."""
    query = tickets.order_by().query
    joined = [alias for alias, uses in query.alias_refcount.items() if uses]
    if joined != [Ticket._meta.db_table] or query.distinct:
        return tickets.order_by().aggregate(
            count=Count("pk"), ids=Sum("pk"), versions=Sum("version"), latest=Max("updated_at")
        )
    connection = connections[tickets.db]
    try:
        where, params = query.get_compiler(connection=connection).compile(query.where)
    except EmptyResultSet:
        return {"count": 0, "ids": None, "versions": None, "latest": None}
    except FullResultSet:
        where, params = "", ()
    table = connection.ops.quote_name(Ticket._meta.db_table)
    # The table is the model's, the WHERE clause Django's own, its values passed as parameters.
    sql = f"SELECT COUNT(*), SUM(id), SUM(version), MAX(updated_at) FROM {table}"
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} WHERE {where}" if where else sql, params)
        count, ids, versions, latest = cursor.fetchone()
    return {"count": count, "ids": ids, "versions": versions, "latest": latest}


def _bulk_people(user: User, profile: StaffProfile) -> list[tuple[int, str]]:
    """Whom the bulk form offers (the bulk view checks the choice against the same list)."""
    people = bulk_people(user, admin=profile.admin).only(
        "pk", "username", "first_name", "last_name"
    )
    return [("", "—"), *((person.pk, str(person)) for person in people)]


FILTER_NAMES = tuple(TicketFilterSet.base_filters)


def _filters_in(query) -> bool:
    """Whether the address asks for any filter (search, order and page are not filters)."""
    return any(key in query for key in FILTER_NAMES) or any(
        key.startswith(DATE_RANGES) for key in query
    )


_EMPTY_FILTERS: dict[tuple, list] = {}


def _empty_filter_fields(choices: dict[str, list]) -> list:
    """The filter form's fields with nothing chosen: the same HTML for every page of every
    queue in a language, for the same brique, school and category lists."""
    key = (get_language(), *(tuple(values) for values in choices.values()))
    fields = _EMPTY_FILTERS.get(key)
    if fields is None:
        if len(_EMPTY_FILTERS) > 32:  # lists changed many times: drop the old ones
            _EMPTY_FILTERS.clear()
        form = TicketFilterSet(None, queryset=Ticket.objects.none(), choices=choices).form
        fields = _EMPTY_FILTERS[key] = _filter_fields(form)
    return fields


@lru_cache(maxsize=1)
def _empty_bulk_form() -> BulkActionForm:
    """The bulk form as shown (never bound): one per process. Its labels are lazy
    translations, so each page still shows them in its own language."""
    return BulkActionForm(auto_id="bulk-%s", people=User.objects.none())


def _filter_fields(form) -> list:
    fields = []
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):  # status, priority, rating
            fields.append(html.checkboxes(bound))
        elif bound.name == "requester" or isinstance(widget, forms.DateInput):
            fields.append(html.text_input(bound))
        elif bound.name in ("created_at", "resolved_at", "closed_at"):
            fields.append(
                html.date_range(bound, suffixes=("from", "to"), labels=(_("from"), _("to")))
            )
        else:
            fields.append(html.select(bound))
    return fields


def _page_links(page, params: dict[str, list[str]]) -> dict[str, str]:
    """Addresses of the first, previous, next and last pages, keeping filters and order."""
    from urllib.parse import urlencode

    kept = {key: values for key, values in params.items() if key != "p"}

    def link(number: int) -> str:
        return "?" + urlencode({**kept, "p": [number]}, doseq=True)

    links = {}
    if page.has_previous():
        links["first"], links["previous"] = link(1), link(page.previous_page_number())
    if page.has_next():
        links["next"], links["last"] = link(page.next_page_number()), link(page.paginator.num_pages)
    return links
