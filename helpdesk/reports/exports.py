"""The report's exports: every dashboard table, and the list of the tickets it counts, as CSV
or XLSX files that say in their first lines what they contain (title, period, filters in
words, who exported them and when).

A file is a `Sheet`: header lines, columns (label and kind) and rows of (raw value, kind)
pairs, written by `csv_lines` or `write_xlsx`; the formatting by kind lives here only.

The ticket list reads plain tuples (`values_list(...).iterator()`), never model objects, in
one query whatever the number of tickets, and never reads descriptions, messages, internal
notes, solutions or comments: only what the columns below name.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import IO, Any

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from portal.models import Affiliation, BriquePage, Category, Establishment, Priority, User

from ..models import Ticket, TicketKind, TicketStatus
from .query import ReportQuery
from .tables import Column, Table

# The most rows an Excel sheet holds; the ticket list stops one row short and says so there.
EXCEL_MAX_ROWS = 1_048_576
# Rows read from the database at a time while a ticket list streams out.
CHUNK_SIZE = 2000

# Excel's built-in date formats (ids 14 and 22): Excel and LibreOffice show them in the
# reader's own regional format (31/03/2026 in France), where a custom format would force one.
XLSX_DATE = "mm-dd-yy"
XLSX_DATETIME = "m/d/yy h:mm"
XLSX_NUMBER_FORMATS = {"percent": "0.0%", "hours": "0.0", "decimal": "0.00"}
# Text that a spreadsheet would run as a formula when the file is opened ("=HYPERLINK(...)"
# typed into a ticket title by a requester): prefixed with an apostrophe in CSV, stored as
# plain text in XLSX.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Sheet:
    """One export file: what the header lines say, the columns, and the rows as
    (value, kind) pairs (kinds of `tables.Column`, plus "datetime")."""

    title: str
    header: list[tuple[str, str]]
    columns: list[Column]
    rows: Iterable[Sequence[tuple[Any, str]]]
    # The last line of an XLSX file cut at Excel's row limit (only the ticket list can be).
    cut_note: str = ""


# --- header lines ----------------------------------------------------------------------------


def header_lines(
    title: str, query: ReportQuery, user: User, now: datetime
) -> list[tuple[str, str]]:
    """The title, the period, every filter in words ("All" when not set), who exported the
    file and when. A fixed handful of queries (the names of the chosen briques, schools and
    category)."""
    from .forms import ReportFilterForm  # the form's labels name the filters alike

    fields = ReportFilterForm.base_fields
    everything = _("All")
    briques = _names(BriquePage.objects.filter(pk__in=query.briques), "title", query.briques)
    schools = _names(Establishment.objects.filter(pk__in=query.schools), "name", query.schools)
    category = ""
    if query.category is not None:
        category = " · ".join(
            Category.objects.filter(pk=query.category).values_list("brique__title", "name").first()
            or ()
        )
    start, end = query.period.start, query.period.end
    name = user.get_full_name()
    exported_by = f"{name} ({user.get_username()})" if name else user.get_username()
    return [
        (_("Report"), title),
        (
            str(fields["period"].label),
            _("%(start)s to %(end)s")
            % {"start": formats.date_format(start), "end": formats.date_format(end)},
        ),
        (str(fields["brique"].label), briques or everything),
        (str(fields["school"].label), schools or everything),
        (str(fields["kind"].label), _label(TicketKind, query.kind) or everything),
        (str(fields["priority"].label), _label(Priority, query.priority) or everything),
        (str(fields["category"].label), category or everything),
        (str(fields["public"].label), _label(Affiliation, query.affiliation) or everything),
        (_("Exported by"), exported_by),
        (_("Exported at"), formats.date_format(timezone.localtime(now), "DATETIME_FORMAT")),
    ]


def _names(queryset, field: str, ids: Sequence[int]) -> str:
    if not ids:
        return ""
    return ", ".join(queryset.order_by(field).values_list(field, flat=True))


def _label(choices, value) -> str:
    if value in (None, ""):
        return ""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def file_name(key: str, query: ReportQuery, extension: str) -> str:
    period = query.period
    return f"guichet-rapport-{key}-{period.start.isoformat()}-{period.end.isoformat()}.{extension}"


# --- the dashboard's tables ------------------------------------------------------------------


def table_sheet(table: Table, header: list[tuple[str, str]]) -> Sheet:
    if table.caption:
        header = [*header, (_("Note"), table.caption)]
    return Sheet(
        title=table.title,
        header=header,
        columns=table.columns,
        rows=[
            [
                (cell.value, cell.kind_in(column))
                for cell, column in zip(row, table.columns, strict=True)
            ]
            for row in table.rows
        ],
    )


# --- the ticket list -------------------------------------------------------------------------

# The fields read per ticket: what the requester may see of it and the report's own numbers.
TICKET_FIELDS = (
    "reference",
    "title",
    "brique__title",
    "establishment__name",
    "requester_affiliation",
    "kind",
    "category__name",
    "priority",
    "status",
    "created_at",
    "assigned_at",
    "resolved_at",
    "closed_at",
    "time_to_own_seconds",
    "time_to_resolve_seconds",
    "sla_tto_hours",
    "tto_stopped_at",
    "tto_breached",
    "sla_ttr_hours",
    "ttr_breached",
    "reopen_count",
    "satisfaction",
)


def ticket_columns() -> list[Column]:
    def label(name: str) -> str:
        return capfirst(str(Ticket._meta.get_field(name).verbose_name))

    return [
        Column("reference", label("reference"), "text"),
        Column("title", label("title"), "text"),
        Column("brique", label("brique"), "text"),
        Column("school", _("School"), "text"),
        Column("public", label("requester_affiliation"), "text"),
        Column("kind", label("kind"), "text"),
        Column("category", label("category"), "text"),
        Column("priority", label("priority"), "text"),
        Column("status", label("status"), "text"),
        Column("submitted", label("created_at"), "datetime"),
        Column("assigned", label("assigned_at"), "datetime"),
        Column("resolved", label("resolved_at"), "datetime"),
        Column("closed", label("closed_at"), "datetime"),
        Column("time_to_own", _("Time to own (business hours)"), "hours"),
        Column("time_to_resolve", _("Time to resolve (business hours)"), "hours"),
        Column("tto_met", _("Time to own within target"), "text"),
        Column("ttr_met", _("Time to resolve within target"), "text"),
        Column("reopened", label("reopen_count"), "int"),
        Column("satisfaction", label("satisfaction"), "int"),
    ]


def report_tickets(query: ReportQuery):
    """The tickets submitted in the report's period, within its filters and the person's
    reach, oldest first, as tuples of `TICKET_FIELDS`."""
    start, end = query.bounds()
    return (
        query.tickets()
        .filter(created_at__gte=start, created_at__lt=end)
        .order_by("created_at", "pk")
        .values_list(*TICKET_FIELDS)
    )


def ticket_rows(query: ReportQuery) -> Iterator[list[tuple[Any, str]]]:
    """One row per ticket, streamed from one query read `CHUNK_SIZE` rows at a time.

    The labels are translated here, at once: the rows are written after the view returned,
    when the person's admin language is no longer active."""
    labels = {
        "kind": {k: str(v) for k, v in TicketKind.choices},
        "status": {k: str(v) for k, v in TicketStatus.choices},
        "priority": {k: str(v) for k, v in Priority.choices},
        "public": {k: str(v) for k, v in Affiliation.choices},
        "met": {True: _("Yes"), False: _("No"), None: ""},
    }
    return _ticket_rows(report_tickets(query), labels)


def _ticket_rows(tickets, labels: dict[str, dict]) -> Iterator[list[tuple[Any, str]]]:
    kinds, statuses, priorities = labels["kind"], labels["status"], labels["priority"]
    publics, met = labels["public"], labels["met"]
    hours = 3600
    for (
        reference, title, brique, school, public, kind, category, priority, status,
        created, assigned, resolved, closed, owned_in, resolved_in,
        tto_target, tto_stopped, tto_breached, ttr_target, ttr_breached,
        reopened, satisfaction,
    ) in tickets.iterator(chunk_size=CHUNK_SIZE):  # fmt: skip
        yield [
            (reference, "text"),
            (title, "text"),
            (brique, "text"),
            (school, "text"),
            (publics.get(public, public), "text"),
            (kinds.get(kind, kind), "text"),
            (category, "text"),
            (priorities.get(priority, priority), "text"),
            (statuses.get(status, status), "text"),
            (created, "datetime"),
            (assigned, "datetime"),
            (resolved, "datetime"),
            (closed, "datetime"),
            (None if owned_in is None else owned_in / hours, "hours"),
            (None if resolved_in is None else resolved_in / hours, "hours"),
            (met[_target_met(tto_target, tto_breached, tto_stopped)], "text"),
            (met[_target_met(ttr_target, ttr_breached, resolved)], "text"),
            (reopened, "int"),
            (satisfaction, "int"),
        ]


def _target_met(target, breached: bool, stopped) -> bool | None:
    """Met or not, as the figures count it; None (blank) while the ticket has no target, or
    its clock still runs within it."""
    if target is None:
        return None
    if breached:
        return False
    return True if stopped else None


def tickets_sheet(query: ReportQuery, header: list[tuple[str, str]]) -> Sheet:
    return Sheet(
        title=tickets_title(),
        header=header,
        columns=ticket_columns(),
        rows=ticket_rows(query),
        cut_note=_(
            "The list stops here: an Excel sheet holds at most %(rows)s rows. Export it as "
            "CSV, or narrow the period or the filters, to get every ticket."
        )
        % {"rows": formats.number_format(EXCEL_MAX_ROWS, force_grouping=True)},
    )


def tickets_title() -> str:
    return _("Tickets submitted in the period")


# --- CSV -------------------------------------------------------------------------------------


class _Line:
    """A file-like object whose `write` hands the line back, so that `csv.writer` formats
    one row at a time for a streaming response."""

    def write(self, value: str) -> str:
        return value


def csv_lines(sheet: Sheet) -> Iterator[str]:
    """The file as text lines, UTF-8 with a byte order mark and `;` between fields.

    The byte order mark is what makes Excel read the file as UTF-8 (without it accents come
    out garbled); `;` is the list separator of French Excel, which uses the comma for
    decimals and would otherwise open every line in a single column. Decimals use the
    active language's separator for the same reason."""
    # Read now, not while the lines stream out after the view returned: Wagtail keeps the
    # person's admin language and time zone active only during the view.
    return _csv_lines(
        sheet, timezone.get_current_timezone(), formats.get_format("DECIMAL_SEPARATOR")
    )


def _csv_lines(sheet: Sheet, zone: tzinfo, decimal: str) -> Iterator[str]:
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff"
    for label, value in sheet.header:
        yield writer.writerow([label, _csv_text(value)])
    yield writer.writerow([])
    yield writer.writerow([_csv_text(column.label) for column in sheet.columns])
    for row in sheet.rows:
        yield writer.writerow([_csv_value(value, kind, decimal, zone) for value, kind in row])


def _csv_value(value: Any, kind: str, decimal: str, zone: tzinfo) -> str:
    if value is None or value == "":
        return ""
    if kind == "int":
        return str(int(value))
    if kind == "percent":
        return f"{value * 100:.1f}".replace(".", decimal) + " %"
    if kind == "hours":
        return f"{value:.1f}".replace(".", decimal)
    if kind == "decimal":
        return f"{value:.2f}".replace(".", decimal)
    if kind == "datetime":
        return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M")
    if kind == "date":
        day = timezone.localtime(value, zone).date() if isinstance(value, datetime) else value
        return day.isoformat()
    return _csv_text(str(value))


def _csv_text(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text


# --- XLSX ------------------------------------------------------------------------------------


def write_xlsx(sheet: Sheet, file: IO[bytes], max_rows: int = EXCEL_MAX_ROWS) -> None:
    """Write the sheet as an XLSX workbook into `file`.

    A write-only workbook keeps memory flat whatever the number of rows (openpyxl spools
    the sheet to a temporary file). Past `max_rows` (Excel's limit) the rows stop and the
    last line says so (`Sheet.cut_note`)."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(_sheet_title(sheet.title))
    for index, column in enumerate(sheet.columns, start=1):
        worksheet.column_dimensions[get_column_letter(index)].width = _width(column)
    cells = _XlsxCells(worksheet, timezone.get_current_timezone())
    bold = Font(bold=True)

    written = 0
    for label, value in sheet.header:
        worksheet.append([cells.text(label, bold), cells.text(value)])
        written += 1
    worksheet.append([])
    worksheet.append([cells.text(column.label, bold) for column in sheet.columns])
    written += 2
    rows = iter(sheet.rows)
    for row in rows:
        if written == max_rows - 1 and next(rows, None) is not None:
            # One line left and more than one row to go: that line says the list was cut.
            worksheet.append([cells.text(sheet.cut_note, bold)])
            break
        worksheet.append([cells.value(value, kind) for value, kind in row])
        written += 1
        if written >= max_rows:
            break
    workbook.save(file)


class _XlsxCells:
    """Cells of a write-only sheet: numbers and dates as real values with a display format,
    text always as text."""

    def __init__(self, worksheet, zone: tzinfo):
        self.worksheet = worksheet
        self.zone = zone

    def text(self, value: str, font: Font | None = None) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.worksheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if font is not None:
            cell.font = font
        return cell

    def formatted(self, value: Any, number_format: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.worksheet, value=value)
        cell.number_format = number_format
        return cell

    def value(self, value: Any, kind: str) -> Any:
        if value is None or value == "":
            return None
        if kind == "int":
            return value
        if kind in XLSX_NUMBER_FORMATS:
            return self.formatted(float(value), XLSX_NUMBER_FORMATS[kind])
        if kind == "datetime":
            # Excel has no time zones: the site's local time, as the page shows it.
            local = timezone.localtime(value, self.zone).replace(tzinfo=None)
            return self.formatted(local, XLSX_DATETIME)
        if kind == "date":
            if isinstance(value, datetime):
                value = timezone.localtime(value, self.zone).date()
            return self.formatted(value, XLSX_DATE)
        return self.text(str(value))


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's name, and names over 31 characters.
    return re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip() or "Guichet"


def _width(column: Column) -> float:
    if column.kind == "datetime":
        return 17
    if column.kind == "date":
        return 12
    if column.kind == "text":
        return max(14, min(40, len(column.label) + 2))
    return max(10, min(24, len(column.label) + 2))
