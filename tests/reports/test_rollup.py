"""The daily roll-up gives the dashboard exactly the figures of the live computation: the
known tickets of March (test_figures), rolled up, then changed after their days were rolled
up, with today computed live; and its refresh is idempotent. Runs on SQLite and PostgreSQL.

The roll-up sees changes through `Ticket.updated_at`, the real clock: the tests travel a few
minutes forward (time-machine) before refreshing, so that the tickets just made are older
than the refresh's margin, as they would be in production."""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from helpdesk import services
from helpdesk.models import DailyTicketCounts, Ticket
from helpdesk.reports import rollup
from helpdesk.reports.dashboard import build_dashboard
from helpdesk.reports.figures import key_figures
from helpdesk.reports.period import Period
from helpdesk.reports.query import ReportQuery
from tests.helpdesk.factories import make_desk, submit
from tests.reports.known_tickets import MARCH, NOW, paris, resolve

pytestmark = pytest.mark.django_db


def later(minutes: int = 5):
    """The real clock a few minutes on (see the module's docstring)."""
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=True)


def rows() -> list[tuple]:
    fields = ["day", "brique_id", "establishment_id", *rollup.COUNTS]
    return sorted(DailyTicketCounts.objects.values_list(*fields))


def everything(dashboard) -> dict:
    """What the page, the exports and the API read."""
    return {
        "figures": dashboard.figures,
        "previous": dashboard.previous,
        "volume": dashboard.volume,
        "levels": dashboard.levels,
        "matrix": dashboard.matrix,
        "satisfaction": dashboard.satisfaction,
        "tables": [(table.key, table.values()) for table in dashboard.tables()],
    }


def assert_same_both_ways(query: ReportQuery) -> None:
    rolled = everything(build_dashboard(query))
    live = everything(build_dashboard(query, use_rollup=False))
    assert rolled == live


@pytest.fixture
def desks(march):
    """March's tickets, a second desk with two tickets, and the roll-up refreshed on 15 April
    (so through 14 April)."""
    desk, tickets = march
    other = make_desk("Scenari")
    submit(other, at=paris(2026, 3, 10, 9))
    submit(other, requester=other.outsider, at=paris(2026, 2, 3, 9))
    with later():
        result = rollup.refresh_rollup(NOW)
    assert result.rolled_through == date(2026, 4, 14)
    return desk, other, tickets


def test_the_dashboard_reads_the_roll_up_and_gives_the_live_figures(desks):
    desk, other, _tickets = desks
    query = ReportQuery(period=MARCH, user=desk.admin, now=NOW)
    days = rollup.plan(query)
    assert (days.rolled, days.live) == ([(date(2026, 3, 1), date(2026, 3, 31))], [])
    assert_same_both_ways(query)
    # The previous period, brique and school filters, a moderator's reach, a week's steps.
    assert_same_both_ways(
        ReportQuery(period=MARCH, user=desk.admin, briques=(other.brique.pk,), now=NOW)
    )
    assert_same_both_ways(
        ReportQuery(period=MARCH, user=desk.admin, schools=(desk.other_school.pk,), now=NOW)
    )
    assert_same_both_ways(ReportQuery(period=MARCH, user=desk.moderator, now=NOW))
    assert_same_both_ways(ReportQuery(period=MARCH, user=other.moderator, now=NOW))
    quarter = Period(date(2026, 2, 1), date(2026, 4, 15))
    assert_same_both_ways(ReportQuery(period=quarter, user=desk.admin, now=NOW))
    year = Period(date(2025, 4, 16), date(2026, 4, 15))  # monthly steps
    assert_same_both_ways(ReportQuery(period=year, user=desk.admin, now=NOW))
    assert build_dashboard(ReportQuery(period=year, user=desk.admin, now=NOW)).volume
    figures = build_dashboard(query).figures
    # Moodle's six of March (test_figures) and Scenari's one; Scenari's two still open.
    assert (figures.created, figures.resolved, figures.closed, figures.backlog) == (7, 3, 2, 5)
    # The counts do come from the roll-up: a row altered by hand shows; a rebuild mends it.
    row = DailyTicketCounts.objects.filter(day=date(2026, 3, 9), brique=desk.brique).get()
    DailyTicketCounts.objects.filter(pk=row.pk).update(created=row.created + 100)
    assert build_dashboard(query).figures.created == 107
    out = StringIO()
    call_command(
        "report_rollup", "--rebuild", "--from", "2026-03-09", "--to", "2026-03-09", stdout=out
    )
    assert out.getvalue().strip() == "days 1, rows 1, rolled through 2026-04-14"
    assert build_dashboard(query).figures.created == 7
    assert key_figures(query) == build_dashboard(query).figures


def test_filters_the_roll_up_has_no_column_for_are_computed_live(desks):
    desk, _other, _tickets = desks
    for filters in ({"kind": "incident"}, {"priority": 3}, {"affiliation": "staff"}):
        query = ReportQuery(period=MARCH, user=desk.admin, now=NOW, **filters)
        assert rollup.plan(query) is None
        assert_same_both_ways(query)


def test_a_ticket_changed_after_its_days_were_rolled_up(desks):
    desk, _other, tickets = desks
    query = ReportQuery(period=MARCH, user=desk.admin, now=NOW)
    assert build_dashboard(query).figures.resolved == 3
    before = rows()
    with later(10):
        # T5, submitted 20 February and resolved 2 March, is reopened: its resolution of
        # 2 March no longer counts, and it is back in the backlog of March's end.
        services.reopen_ticket(
            desk.requester, tickets["t5"], reason="Le problème revient.", at=paris(2026, 4, 15, 10)
        )
        assert rollup.plan(query).live == [(date(2026, 3, 2), date(2026, 3, 2))]
        assert rows() == before  # not refreshed yet: the stale day is computed live
        figures = build_dashboard(query).figures
        assert (figures.resolved, figures.backlog, figures.reopened) == (2, 6, 1)
        assert_same_both_ways(query)
        quarter = ReportQuery(
            period=Period(date(2026, 2, 1), date(2026, 4, 15)), user=desk.admin, now=NOW
        )
        assert rollup.plan(quarter).live == [
            (date(2026, 2, 20), date(2026, 2, 20)),
            (date(2026, 3, 2), date(2026, 3, 2)),
            (date(2026, 4, 15), date(2026, 4, 15)),
        ]
        assert_same_both_ways(quarter)
    with later(20):
        result = rollup.refresh_rollup(NOW)
        assert result.days == 2  # 20 February and 2 March, computed again
        assert rollup.plan(query).live == []
        assert_same_both_ways(query)
        assert build_dashboard(query).figures.resolved == 2


def test_today_and_days_not_yet_rolled_up_are_live(desks):
    desk, _other, tickets = desks
    with later(10):
        submit(desk, at=paris(2026, 4, 15, 9))  # "today" for a report made on 15 April
        t3 = Ticket.objects.get(pk=tickets["t3"].pk)
        resolve(desk, t3, paris(2026, 4, 15, 11))
        april = ReportQuery(
            period=Period(date(2026, 4, 1), date(2026, 4, 15)), user=desk.admin, now=NOW
        )
        days = rollup.plan(april)
        assert days.live[-1] == (date(2026, 4, 15), date(2026, 4, 15))
        figures = build_dashboard(april).figures
        assert (figures.created, figures.resolved) == (1, 1)
        assert_same_both_ways(april)
        # A report made a week later: the days since 15 April are not rolled up, all live.
        week_later = ReportQuery(
            period=Period(date(2026, 4, 1), date(2026, 4, 21)),
            user=desk.admin,
            now=NOW + timedelta(days=6),
        )
        assert rollup.plan(week_later).live[-1] == (date(2026, 4, 15), date(2026, 4, 21))
        assert_same_both_ways(week_later)


def test_the_refresh_is_idempotent(desks):
    first = rows()
    assert first  # March has rows
    with later(10):
        again = rollup.refresh_rollup(NOW)
    assert (again.days, again.rows) == (0, 0) and rows() == first
    # Rebuilding every day gives the same rows; so does a refresh the next day, which adds
    # 15 April (no ticket that day: no row).
    with later(20):
        rebuilt = rollup.rebuild_rollup(date(2026, 1, 1), date(2026, 4, 14))
        assert rebuilt.days == 104 and rows() == first
        following = rollup.refresh_rollup(NOW + timedelta(days=1))
    assert (following.days, following.rolled_through) == (1, date(2026, 4, 15))
    assert rows() == first


def test_the_command_builds_then_refreshes(march):
    out = StringIO()
    with later():
        call_command("report_rollup", stdout=out)
    built = out.getvalue()
    assert built.startswith("days ") and "rolled through" in built
    assert DailyTicketCounts.objects.exists()
    with pytest.raises(CommandError):
        call_command("report_rollup", "--rebuild", "--from", "2026-03-09")
    with pytest.raises(CommandError):
        call_command("report_rollup", "--rebuild", "--from", "mars", "--to", "2026-03-09")


def test_the_task_refreshes(march):
    with later():
        result = rollup.refresh_rollup_task.enqueue()  # the immediate backend in tests
    assert result.return_value["days"] > 0
