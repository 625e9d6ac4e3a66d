"""Every key figure of a report, asserted exactly on known tickets moved by the real services
at chosen instants: business-hours delays on the default calendar (Monday to Friday, 08:00 to
18:00, Paris), a pause waiting for the requester, a reopening, a ticket resolved in the period
but submitted before it. The suite runs on SQLite and on PostgreSQL: same numbers on both."""

from datetime import date

import pytest

from helpdesk import services
from helpdesk.models import PendingReason, Ticket
from helpdesk.reports.figures import key_figures
from helpdesk.reports.period import Period
from helpdesk.reports.query import ReportQuery
from tests.helpdesk.factories import make_desk, submit
from tests.reports.known_tickets import MARCH, NOW, H, paris, resolve

pytestmark = pytest.mark.django_db


def figures(desk, **filters):
    return key_figures(ReportQuery(period=MARCH, user=desk.admin, now=NOW, **filters))


def test_the_clock_measures_each_ticket_in_business_hours(march):
    _desk, tickets = march
    stored = {key: Ticket.objects.get(pk=t.pk) for key, t in tickets.items()}
    owned = {key: t.time_to_own_seconds for key, t in stored.items()}
    resolved = {key: t.time_to_resolve_seconds for key, t in stored.items()}
    assert owned == {
        "t1": 2 * H, "t2": 3 * H, "t3": 4 * H, "t4": None, "t5": 1 * H, "t6": None, "t7": None
    }  # fmt: skip
    assert resolved == {
        "t1": 7 * H, "t2": 9 * H, "t3": None, "t4": None, "t5": 54 * H, "t6": None, "t7": None
    }  # fmt: skip
    assert stored["t2"].reopen_count == 1


def test_every_key_figure_of_march(march):
    desk, _tickets = march
    f = figures(desk)
    assert (f.created, f.resolved, f.closed, f.backlog) == (6, 3, 2, 3)
    assert f.backlog_ages == {
        "under_2_days": 1, "2_to_7_days": 0, "7_to_30_days": 2, "over_30_days": 0
    }  # fmt: skip
    # Owned: 2 h, 3 h, 4 h. Resolved in March: 7 h, 9 h, 54 h. percentile_cont interpolates.
    assert f.tto_median == pytest.approx(3 * H)
    assert f.tto_p90 == pytest.approx(3.8 * H)
    assert f.ttr_median == pytest.approx(9 * H)
    assert f.ttr_p90 == pytest.approx(45 * H)
    # Time to own: T1 and T6 (rejected after an hour) within 2.5 h, T2 and T3 not.
    assert (f.tto_met, f.tto_with_target, f.tto_compliance) == (2, 4, 0.5)
    # Time to resolve: T1 within 8 h; T2 (9 h) and T5 (54 h) not.
    assert (f.ttr_met, f.ttr_with_target) == (1, 3)
    assert f.ttr_compliance == pytest.approx(1 / 3)
    assert f.reopened == 1 and f.reopen_rate == pytest.approx(1 / 3)
    assert (f.rated, f.satisfaction_average) == (2, pytest.approx(3.0))
    assert f.ratings == {1: 0, 2: 1, 3: 0, 4: 1}
    assert (f.attempts, f.solved_without_ticket, f.self_service_rate) == (4, 1, 0.25)
    assert (f.problems_open, f.incidents_per_problem) == (1, 1.0)


def test_the_previous_period_is_the_same_length_just_before(march):
    desk, _tickets = march
    query = ReportQuery(period=MARCH, user=desk.admin, now=NOW)
    assert query.previous().period == Period(date(2026, 1, 29), date(2026, 2, 28))
    f = key_figures(query.previous())
    # Only T5, submitted 20 February and still open on 1 March.
    assert (f.created, f.resolved, f.closed, f.backlog) == (1, 0, 0, 1)
    assert f.tto_median == pytest.approx(1 * H)
    assert f.ttr_median is None and f.satisfaction_average is None
    assert f.tto_compliance == 1.0 and f.ttr_compliance is None


def test_filters_narrow_every_figure(march):
    desk, tickets = march
    other_school = figures(desk, schools=(desk.other_school.pk,))
    assert (other_school.created, other_school.backlog, other_school.resolved) == (1, 1, 0)
    assert other_school.attempts == 0  # the attempts were from the requester's school
    incidents = figures(desk, kind="service_request")
    assert (incidents.created, incidents.backlog, incidents.tto_median) == (0, 0, None)
    staff = figures(desk, affiliation=desk.requester.affiliation)
    assert staff.created == 6 - (desk.outsider.affiliation != desk.requester.affiliation)


def test_a_moderator_counts_only_their_briques(march):
    desk, _tickets = march
    other = make_desk("Scenari")
    submit(other, at=paris(2026, 3, 10, 9))
    everything = key_figures(ReportQuery(period=MARCH, user=desk.admin, now=NOW))
    assert everything.created == 7
    mine = key_figures(ReportQuery(period=MARCH, user=desk.moderator, now=NOW))
    assert mine.created == 6 and mine.attempts == 4 and mine.problems_open == 1
    theirs = key_figures(ReportQuery(period=MARCH, user=other.moderator, now=NOW))
    assert (theirs.created, theirs.attempts, theirs.problems_open) == (1, 0, 0)
    # Naming the other brique does not widen the reach.
    tampered = ReportQuery(period=MARCH, user=other.moderator, briques=(desk.brique.pk,), now=NOW)
    assert key_figures(tampered).created == 0
    # A requester reaches nothing.
    assert key_figures(ReportQuery(period=MARCH, user=desk.requester, now=NOW)).created == 0


def test_an_empty_period_gives_zeros_and_no_rates(march):
    desk, _tickets = march
    f = key_figures(
        ReportQuery(period=Period(date(2025, 6, 1), date(2025, 6, 30)), user=desk.admin, now=NOW)
    )
    assert (f.created, f.resolved, f.closed, f.backlog, f.attempts) == (0, 0, 0, 0, 0)
    assert f.tto_median is None and f.reopen_rate is None and f.self_service_rate is None


def test_the_figures_take_a_fixed_number_of_queries(march, django_assert_max_num_queries):
    desk, _tickets = march
    for _ in range(20):
        submit(desk, at=paris(2026, 3, 25, 9))
    with django_assert_max_num_queries(6):
        figures(desk)


def test_delays_are_measured_without_service_level_targets_too():
    desk = make_desk("Scenari")  # no target for any priority
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    services.qualify_ticket(
        desk.moderator, ticket, assignee=desk.technician, at=paris(2026, 3, 9, 10)
    )
    services.put_on_hold(
        desk.technician,
        ticket,
        reason=PendingReason.THIRD_PARTY,
        comment="Attente du fournisseur d'identité.",
        at=paris(2026, 3, 9, 12),
    )
    services.resume_ticket(desk.technician, ticket, at=paris(2026, 3, 9, 16))
    resolve(desk, ticket, paris(2026, 3, 9, 17))
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.ttr_due is None  # no clock against a target...
    # ...but the delays: 1 h to own, 8 h elapsed less 4 h waiting for a third party.
    assert (stored.time_to_own_seconds, stored.time_to_resolve_seconds) == (1 * H, 4 * H)
