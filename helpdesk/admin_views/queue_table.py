"""The table of a staff queue: its columns, their sort keys, and the HTML of one page of rows.

Rows are written in Python (see `html.py` for why); each cell reads only the ticket row and
the lookups the page loaded once (brique and school names, people), so rendering costs no
query whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from portal.models import Priority

from ..models import Ticket, TicketStatus
from ..sla.badges import queue_cell_html
from .html import esc


@dataclass
class Lookups:
    """Names a page's rows refer to, loaded once for the whole page."""

    briques: dict[int, str] = field(default_factory=dict)
    schools: dict[int, str] = field(default_factory=dict)
    people: dict[int, str] = field(default_factory=dict)
    ticket_url: str = ""
    status_labels: dict[str, str] = field(default_factory=dict)
    priority_labels: dict[int, str] = field(default_factory=dict)
    select_label: str = ""
    # strftime, not Django's date formatting: a tenth of the time for fifty dates a page.
    date_format: str = "%d/%m/%Y %H:%M"
    # One instant for the whole page's service-level badges.
    now: datetime = field(default_factory=timezone.now)

    @classmethod
    def for_page(cls, **names) -> Lookups:
        return cls(
            **names,
            ticket_url=reverse("helpdesk_admin:ticket", args=["__reference__"]),
            status_labels={value: str(label) for value, label in TicketStatus.choices},
            priority_labels={value: str(label) for value, label in Priority.choices},
            select_label=gettext("Select"),
            date_format=DATE_FORMATS.get(get_language() or "", "%Y-%m-%d %H:%M"),
        )


Cell = Callable[[Ticket, Lookups], str]

DATE_FORMATS = {"fr": "%d/%m/%Y %H:%M", "en": "%Y-%m-%d %H:%M"}


@dataclass(frozen=True)
class QueueColumn:
    name: str
    label: str
    sort_key: str | None
    cell: Cell


def _text(value) -> str:
    return f"<td>{esc(value) if value not in (None, '') else '—'}</td>"


def _select(ticket: Ticket, names: Lookups) -> str:
    # "pk:version": a row changed since the page was shown is refused, as on the ticket screen.
    return (
        f'<td class="helpdesk-select"><input type="checkbox" name="tickets" '
        f'value="{ticket.pk}:{ticket.version}" form="helpdesk-bulk-form" '
        f'id="select-ticket-{ticket.pk}" aria-label="{esc(names.select_label)} '
        f'{esc(ticket.reference)}"></td>'
    )


def _reference(ticket: Ticket, names: Lookups) -> str:
    url = names.ticket_url.replace("__reference__", quote(ticket.reference, safe=""))
    return f'<th scope="row" class="title"><a href="{esc(url)}">{esc(ticket.reference)}</a></th>'


def _when(value, names: Lookups) -> str:
    if not value:
        return "<td></td>"
    value = timezone.localtime(value)
    return (
        f'<td><time datetime="{value.isoformat()}">{value.strftime(names.date_format)}</time></td>'
    )


COLUMNS: tuple[QueueColumn, ...] = (
    QueueColumn("reference", _("reference"), "reference", _reference),
    QueueColumn("title", _("title"), "title", lambda t, n: _text(t.title)),
    QueueColumn(
        "brique", _("brique"), "brique__title", lambda t, n: _text(n.briques.get(t.brique_id))
    ),
    QueueColumn(
        "establishment",
        _("school"),
        "establishment__name",
        lambda t, n: _text(n.schools.get(t.establishment_id)),
    ),
    QueueColumn(
        "requester",
        _("requester"),
        "requester__last_name",
        lambda t, n: _text(n.people.get(t.requester_id)),
    ),
    QueueColumn("status", _("status"), "status", lambda t, n: _text(n.status_labels.get(t.status))),
    QueueColumn(
        "priority", _("priority"), "priority", lambda t, n: _text(n.priority_labels.get(t.priority))
    ),
    QueueColumn(
        "assignee",
        _("assigned to"),
        "assignee__last_name",
        lambda t, n: _text(n.people.get(t.assignee_id)),
    ),
    QueueColumn("created_at", _("submitted"), "created_at", lambda t, n: _when(t.created_at, n)),
    QueueColumn("updated_at", _("last change"), "updated_at", lambda t, n: _when(t.updated_at, n)),
    QueueColumn(
        "sla",
        _("service level"),
        "ttr_due",
        lambda t, n: f"<td>{queue_cell_html(t, n.now, n.date_format)}</td>",
    ),
)

SORT_KEYS = frozenset(
    key for column in COLUMNS if column.sort_key for key in (column.sort_key, f"-{column.sort_key}")
)


def header_html(ordering: str, params: dict[str, list[str]]) -> SafeString:
    """The header row: each sortable column links to its ascending order, or descending when
    it is the current ascending order; `aria-sort` tells which column sorts the table."""
    kept = {key: values for key, values in params.items() if key not in ("ordering", "p")}
    cells = [
        format_html(
            '<th scope="col" class="helpdesk-select"><span class="w-sr-only">{}</span></th>',
            gettext("Select"),
        )
    ]
    for column in COLUMNS:
        key = column.sort_key
        if ordering == key:
            target, sort, arrow = f"-{key}", "ascending", " ▲"
        elif ordering == f"-{key}":
            target, sort, arrow = key, "descending", " ▼"
        else:
            target, sort, arrow = key, None, ""
        query = urlencode({**kept, "ordering": [target]}, doseq=True)
        cells.append(
            format_html(
                '<th scope="col"{}><a href="?{}">{}<span aria-hidden="true">{}</span></a></th>',
                format_html(' aria-sort="{}"', sort) if sort else "",
                query,
                column.label,
                arrow,
            )
        )
    return format_html("<tr>{}</tr>", mark_safe("".join(cells)))


def rows_html(tickets: Iterable[Ticket], names: Lookups) -> SafeString:
    """The rows; every value in them went through `esc`."""
    return mark_safe(
        "".join(
            f"<tr>{_select(ticket, names)}"
            f"{''.join(column.cell(ticket, names) for column in COLUMNS)}</tr>"
            for ticket in tickets
        )
    )
