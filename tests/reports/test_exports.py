"""The report's exports: every dashboard table and the ticket list, as CSV and XLSX read back
with the csv module and openpyxl; the header lines; what the ticket list never contains; a
moderator's reach; bad input; a query count that does not grow with the tickets.

Tickets are moved by the real services at chosen instants (business hours on the default
calendar, Monday to Friday 08:00 to 18:00, Paris)."""

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from helpdesk import services
from helpdesk.models import ResolutionCode, TicketKind, TicketStatus
from helpdesk.reports.dashboard import build_dashboard
from helpdesk.reports.exports import (
    EXCEL_MAX_ROWS,
    header_lines,
    tickets_sheet,
    write_xlsx,
)
from helpdesk.reports.period import Period
from helpdesk.reports.query import ReportQuery
from portal.models import Affiliation, Priority, SlaTarget
from tests.helpdesk.factories import make_desk, submit

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
URL = "/admin/tickets/rapports/export/"
NOTE = "Note interne : le serveur de fichiers de Lyon est saturé."
REPLY = "Pouvez-vous réessayer avec un autre navigateur ?"
SOLUTION = "Quota du dépôt augmenté pour la promotion."
TITLE = "Dépôt de devoir impossible"
FORMULA = '=HYPERLINK("http://exemple.invalid","Cliquez")'
HEADER_ROWS = 10  # title, period, six filters, who, when


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _french():
    # The admin speaks French by default; expected labels are translated alike.
    with translation.override("fr"):
        yield


@pytest.fixture
def march():
    """Moodle (targets 2.5 h to own, 8 h to resolve at priority 3) with two tickets in
    March and one in February; Scenari with one ticket in March."""
    desk = make_desk("Moodle")
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours="2.5", time_to_resolve_hours=8
    )
    category = desk.brique.categories.get()
    # Owned in 2 h, resolved in 6 h, confirmed and rated 4; a note and a reply on the way.
    t1 = submit(desk, title=TITLE, category=category, at=paris(2026, 3, 9, 9))
    services.add_note(desk.moderator, t1, body=NOTE, at=paris(2026, 3, 9, 10))
    services.qualify_ticket(desk.moderator, t1, assignee=desk.technician, at=paris(2026, 3, 9, 11))
    services.add_reply(desk.technician, t1, body=REPLY, at=paris(2026, 3, 9, 12))
    services.resolve_ticket(
        desk.technician,
        t1,
        solution=SOLUTION,
        resolution_code=ResolutionCode.FIXED,
        at=paris(2026, 3, 9, 15),
    )
    services.confirm_resolution(desk.requester, t1, rating=4, at=paris(2026, 3, 10, 9))
    # A service request from the other school, new, whose title a spreadsheet would run.
    t2 = submit(
        desk,
        requester=desk.outsider,
        title=FORMULA,
        kind=TicketKind.SERVICE_REQUEST,
        at=paris(2026, 3, 24, 9),
    )
    february = submit(desk, at=paris(2026, 2, 20, 16))
    other = make_desk("Scenari")
    elsewhere = submit(other, at=paris(2026, 3, 10, 9))
    return desk, other, {"t1": t1, "t2": t2, "february": february, "elsewhere": elsewhere}


def export(client, user, table, fmt, **params):
    client.force_login(user)
    params = {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"} | params
    return client.get(URL, {**params, "table": table, "format": fmt})


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_xlsx(response):
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.worksheets[0]


def xlsx_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def expected_header(user, title, briques=None, schools=None) -> list[list[str]]:
    everything = _("All")
    name = f"{user.get_full_name()} ({user.get_username()})"
    return [
        [_("Report"), title],
        [_("Period"), _("%(start)s to %(end)s") % {"start": "1 mars 2026", "end": "31 mars 2026"}],
        [_("Briques"), briques or everything],
        [_("Schools"), schools or everything],
        [_("Kind"), everything],
        [_("Priority"), everything],
        [_("Category"), everything],
        [_("Requester's public"), everything],
        [_("Exported by"), name],
    ]


def check_header(rows, user, title, note="", **filters):
    header = expected_header(user, title, **filters)
    assert [list(row[:2]) for row in rows[: len(header)]] == header
    exported_at = rows[len(header)]
    assert exported_at[0] == _("Exported at")
    assert exported_at[1].startswith(formats.date_format(timezone.localdate()))
    if note:
        assert list(rows[HEADER_ROWS][:2]) == [_("Note"), note]
    assert not any(rows[HEADER_ROWS + bool(note)])  # a blank line before the table


# --- the dashboard's tables ------------------------------------------------------------------


def test_every_table_exports_in_both_formats_and_reads_back(client, march):
    desk, _other, _tickets = march
    dashboard = build_dashboard(ReportQuery(period=MARCH, user=desk.admin))
    tables = dashboard.tables()
    assert len(tables) == 11
    for table in tables:
        labels = [column.label for column in table.columns]
        header = (table.title, table.caption)

        response = export(client, desk.admin, table.key, "csv")
        assert response.status_code == 200, table.key
        assert response["Content-Disposition"] == (
            f'attachment; filename="guichet-rapport-{table.key}-2026-03-01-2026-03-31.csv"'
        )
        rows = read_csv(response)
        check_header(rows, desk.admin, *header)
        start = HEADER_ROWS + 1 + bool(table.caption)
        assert rows[start] == labels
        assert len(rows[start + 1 :]) == len(table.rows)

        response = export(client, desk.admin, table.key, "xlsx")
        assert response.status_code == 200, table.key
        assert 'filename="guichet-rapport-' in response["Content-Disposition"]
        values = xlsx_rows(read_xlsx(response))
        check_header(values, desk.admin, *header)
        assert values[start][: len(labels)] == labels
        # Every value as the dashboard computed it: numbers as numbers, dates as dates.
        assert [row[: len(labels)] for row in values[start + 1 :]] == [
            [_as_excel(value) for value in row] for row in table.values()
        ]


def _as_excel(value):
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def test_key_figures_are_formatted_by_kind(client, march):
    desk, _other, _tickets = march
    filters = {"brique": desk.brique.pk}
    rows = read_csv(export(client, desk.admin, "figures", "csv", **filters))
    check_header(rows, desk.admin, _("Key figures"), briques="Moodle")
    figures = {row[0]: row[1:] for row in rows[HEADER_ROWS + 2 :]}
    # March: T1 and T2 submitted, T1 resolved and closed; the February ticket and T2 open.
    assert figures[_("Tickets submitted")] == ["2", "1"]
    assert figures[_("Tickets resolved")] == ["1", "0"]
    assert figures[_("Tickets closed")] == ["1", "0"]
    assert figures[_("Open backlog at the end of the period")] == ["2", "1"]
    # Hours with one decimal, percentages with a %, averages with two decimals, French style.
    assert figures[_("Time to own, median (business hours)")] == ["2,0", ""]
    assert figures[_("Time to resolve, median (business hours)")] == ["6,0", ""]
    assert figures[_("Time to own within target")] == ["100,0 %", ""]
    assert figures[_("Reopen rate")] == ["0,0 %", ""]
    assert figures[_("Satisfaction, average (1 to 4)")] == ["4,00", ""]
    assert figures[_("Self-service rate")] == ["", ""]

    sheet = read_xlsx(export(client, desk.admin, "figures", "xlsx", **filters))
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=HEADER_ROWS + 3)}
    assert cells[_("Tickets submitted")].value == 2
    owned = cells[_("Time to own, median (business hours)")]
    assert (owned.value, owned.number_format) == (2.0, "0.0")
    within = cells[_("Time to own within target")]
    assert (within.value, within.number_format) == (1.0, "0.0%")
    rating = cells[_("Satisfaction, average (1 to 4)")]
    assert (rating.value, rating.number_format) == (4.0, "0.00")


def test_dates_are_real_dates_in_xlsx_and_iso_in_csv(client, march):
    desk, _other, _tickets = march
    rows = read_csv(export(client, desk.admin, "volume", "csv", brique=desk.brique.pk))
    table = rows[HEADER_ROWS + 2 :]
    assert rows[HEADER_ROWS + 1] == [_("From"), "Moodle", _("Total")]
    assert table[0] == ["2026-03-01", "0", "0"]
    assert table[8] == ["2026-03-09", "1", "1"]
    assert table[23] == ["2026-03-24", "1", "1"]
    assert len(table) == 31

    sheet = read_xlsx(export(client, desk.admin, "volume", "xlsx", brique=desk.brique.pk))
    first = sheet.cell(row=HEADER_ROWS + 3, column=1)
    assert first.value == datetime(2026, 3, 1)
    assert first.is_date


# --- the ticket list -------------------------------------------------------------------------


def test_the_ticket_list_has_the_report_columns_and_exact_values(client, march):
    desk, _other, tickets = march
    t1, t2 = tickets["t1"], tickets["t2"]
    rows = read_csv(export(client, desk.admin, "tickets", "csv"))
    check_header(rows, desk.admin, _("Tickets submitted in the period"))
    labels, *listed = rows[HEADER_ROWS + 1 :]
    assert len(labels) == 19
    assert labels[0] == capfirst(_("reference")) and labels[3] == _("School")
    # Submitted in March, every brique, oldest first; not the February ticket.
    assert [row[0] for row in listed] == [
        t1.reference,
        tickets["elsewhere"].reference,
        t2.reference,
    ]
    public = str(Affiliation(desk.requester.affiliation).label)
    assert listed[0] == [
        t1.reference,
        TITLE,
        "Moodle",
        "INSA Lyon",
        public,
        str(TicketKind.INCIDENT.label),
        "Accès et connexion",
        str(_priority_label(3)),
        str(TicketStatus.CLOSED.label),
        "2026-03-09 09:00",
        "2026-03-09 11:00",
        "2026-03-09 15:00",
        "2026-03-10 09:00",
        "2,0",
        "6,0",
        _("Yes"),
        _("Yes"),
        "0",
        "4",
    ]
    # A new service request from Rennes: no outcome yet; its formula title made harmless.
    assert listed[2][1] == "'" + FORMULA
    assert listed[2][3:6] == ["INSA Rennes", public, str(TicketKind.SERVICE_REQUEST.label)]
    assert listed[2][8:] == [
        str(TicketStatus.NEW.label), "2026-03-24 09:00", "", "", "", "", "", "", "", "0", ""
    ]  # fmt: skip

    sheet = read_xlsx(export(client, desk.admin, "tickets", "xlsx"))
    values = xlsx_rows(sheet)
    check_header(values, desk.admin, _("Tickets submitted in the period"))
    assert values[HEADER_ROWS + 1] == labels
    first = values[HEADER_ROWS + 2]
    assert first[:9] == [
        t1.reference,
        TITLE,
        "Moodle",
        "INSA Lyon",
        public,
        str(TicketKind.INCIDENT.label),
        "Accès et connexion",
        str(_priority_label(3)),
        str(TicketStatus.CLOSED.label),
    ]
    assert first[9:] == [
        datetime(2026, 3, 9, 9),
        datetime(2026, 3, 9, 11),
        datetime(2026, 3, 9, 15),
        datetime(2026, 3, 10, 9),
        2.0,
        6.0,
        _("Yes"),
        _("Yes"),
        0,
        4,
    ]
    submitted = sheet.cell(row=HEADER_ROWS + 3, column=10)
    assert submitted.is_date
    assert sheet.cell(row=HEADER_ROWS + 3, column=14).number_format == "0.0"
    # The formula title is text, not a formula.
    formula = sheet.cell(row=HEADER_ROWS + 5, column=2)
    assert (formula.value, formula.data_type) == (FORMULA, "s")


def _priority_label(value: int) -> str:
    return str(Priority(value).label)


def test_the_ticket_list_never_contains_notes_messages_or_descriptions(client, march):
    desk, _other, tickets = march
    for fmt in ("csv", "xlsx"):
        response = export(client, desk.admin, "tickets", fmt)
        if fmt == "csv":
            cells = [cell for row in read_csv(response) for cell in row]
        else:
            cells = [str(cell) for row in xlsx_rows(read_xlsx(response)) for cell in row]
        text = "\n".join(cells)
        assert tickets["t1"].reference in text and TITLE in text
        assert NOTE not in text and "saturé" not in text
        assert REPLY not in text
        assert SOLUTION not in text
        assert "reste grisé" not in text  # the description


def test_a_moderator_exports_only_their_briques_tickets(client, march):
    desk, other, tickets = march
    rows = read_csv(export(client, desk.moderator, "tickets", "csv"))
    assert [row[0] for row in rows[HEADER_ROWS + 2 :]] == [
        tickets["t1"].reference,
        tickets["t2"].reference,
    ]
    rows = read_csv(export(client, other.moderator, "tickets", "csv"))
    assert [row[0] for row in rows[HEADER_ROWS + 2 :]] == [tickets["elsewhere"].reference]
    sheet = read_xlsx(export(client, other.moderator, "figures", "xlsx"))
    assert sheet.cell(row=HEADER_ROWS + 3, column=2).value == 1  # Scenari's one ticket


def test_reach_and_bad_input(client, march):
    desk, other, _tickets = march
    # Someone else's brique in the URL: as if it did not exist.
    assert (
        export(client, other.moderator, "tickets", "csv", brique=desk.brique.pk).status_code == 404
    )
    assert (
        export(client, other.moderator, "figures", "xlsx", brique=desk.brique.pk).status_code == 404
    )
    # A technician has no reports at all.
    assert export(client, desk.technician, "figures", "csv").status_code == 404

    response = export(client, desk.admin, "tickets", "pdf")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == _("Unknown export format: choose CSV or XLSX.")
    assert export(client, desk.admin, "tickets", "").status_code == 400
    response = export(client, desk.admin, "nothing", "csv")
    assert response.status_code == 400
    assert response.content.decode() == _("Unknown table: choose one of the dashboard's tables.")
    response = export(client, desk.admin, "figures", "csv", start="2099-01-01", end="2099-01-31")
    assert response.status_code == 400
    assert _("The period cannot start in the future.") in response.content.decode()
    response = export(client, desk.admin, "figures", "csv", start="le 1er mars")
    assert response.status_code == 400


def _count_queries(client, user, fmt) -> tuple[int, int]:
    client.force_login(user)
    params = {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {**params, "table": "tickets", "format": fmt})
        body = b"".join(response.streaming_content)
    rows = (
        len(read_csv_bytes(body))
        if fmt == "csv"
        else openpyxl.load_workbook(io.BytesIO(body)).worksheets[0].max_row
    )
    return len(queries), rows


def read_csv_bytes(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_query_count_does_not_grow_with_the_tickets(client, fmt):
    desk = make_desk("Moodle")
    for day in range(5):
        submit(desk, at=paris(2026, 3, 2 + day, 10))
    # The person's first admin request fills their access cache (portal/access.py): measure
    # both counts after it, in the same state.
    _count_queries(client, desk.moderator, fmt)
    few, rows = _count_queries(client, desk.moderator, fmt)
    assert rows == HEADER_ROWS + 2 + 5
    for day in range(45):
        submit(desk, requester=desk.outsider, at=paris(2026, 3, 1 + day % 28, 14))
    many, rows = _count_queries(client, desk.moderator, fmt)
    assert rows == HEADER_ROWS + 2 + 50
    assert many == few


def test_an_xlsx_list_past_excels_limit_stops_with_a_last_line_saying_so(march):
    desk, _other, tickets = march
    query = ReportQuery(period=MARCH, user=desk.admin, now=timezone.now())
    header = header_lines("Tickets", query, desk.admin, timezone.now())
    table_start = len(header) + 2  # the blank line and the column labels

    def written(max_rows: int) -> list[list]:
        file = io.BytesIO()
        write_xlsx(tickets_sheet(query, header), file, max_rows=max_rows)
        file.seek(0)
        return xlsx_rows(openpyxl.load_workbook(file).worksheets[0])

    # Three tickets; room for exactly three: no cut.
    rows = written(table_start + 3)
    assert len(rows) == table_start + 3
    assert rows[-1][0] == _march_refs(tickets)[-1]
    # Room for two rows: one ticket, then the line saying the list stops there.
    rows = written(table_start + 2)
    assert len(rows) == table_start + 2
    assert rows[-2][0] == _march_refs(tickets)[0]
    assert rows[-1][0] == tickets_sheet(query, header).cut_note
    assert formats.number_format(EXCEL_MAX_ROWS, force_grouping=True) in rows[-1][0]
    assert EXCEL_MAX_ROWS == 2**20


def _march_refs(tickets) -> list[str]:
    return [tickets[key].reference for key in ("t1", "elsewhere", "t2")]


def test_the_streamed_list_keeps_the_persons_admin_language_and_time_zone(client, march):
    """Wagtail switches to the person's admin language and time zone only while the view
    runs; the CSV lines are written after it returned, so they must not fall back to the
    site's."""
    from wagtail.users.models import UserProfile

    desk, _other, tickets = march
    profile = UserProfile.get_for_user(desk.admin)
    profile.preferred_language = "en"
    profile.current_time_zone = "UTC"
    profile.save()
    rows = read_csv(export(client, desk.admin, "tickets", "csv"))
    assert rows[0] == ["Report", "Tickets submitted in the period"]
    labels, first = rows[HEADER_ROWS + 1], rows[HEADER_ROWS + 2]
    assert labels[0] == "Reference" and labels[9] == "Submitted at"
    assert first[0] == tickets["t1"].reference
    assert first[8:15] == [
        "closed",
        "2026-03-09 08:00",
        "2026-03-09 10:00",
        "2026-03-09 14:00",
        "2026-03-10 08:00",
        "2.0",
        "6.0",
    ]
    assert first[15:17] == ["Yes", "Yes"]
