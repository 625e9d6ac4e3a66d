"""The known tickets of March that the report tests assert figures on: moved by the real
services at chosen instants (business hours on the default calendar, Monday to Friday, 08:00
to 18:00, Paris), with a pause, a reopening and a ticket resolved in March but submitted in
February. `load_march()` builds them; tests/reports/conftest.py offers it as the `march`
fixture."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from helpdesk import services
from helpdesk.models import PendingReason, ResolutionCode, Ticket
from helpdesk.reports.period import Period
from helpdesk.services import problems
from knowledge.models import AttemptOutcome, SelfServiceAttempt
from portal.models import SlaTarget
from tests.helpdesk.factories import make_desk, submit

PARIS = ZoneInfo("Europe/Paris")
H = 3600
MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))
NOW = datetime(2026, 4, 15, 12, tzinfo=PARIS)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def resolve(desk, ticket, at):
    return services.resolve_ticket(
        Ticket.objects.get(pk=ticket.pk).assignee,
        ticket,
        solution="Le cache du navigateur bloquait le dépôt.",
        resolution_code=ResolutionCode.FIXED,
        at=at,
    )


def load_march():
    """Seven tickets of a Moodle desk (priority 3: targets 2.5 h to own, 8 h to resolve)."""
    desk = make_desk("Moodle")
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours="2.5", time_to_resolve_hours=8
    )
    tickets = {}

    # T1: owned in 2 h; waits for the requester 6 business hours; resolved 7 h net; rated 4.
    t1 = submit(desk, at=paris(2026, 3, 9, 9))
    services.qualify_ticket(desk.moderator, t1, assignee=desk.technician, at=paris(2026, 3, 9, 11))
    services.put_on_hold(
        desk.technician,
        t1,
        reason=PendingReason.REQUESTER,
        comment="Quel navigateur ?",
        at=paris(2026, 3, 9, 14),
    )
    services.resume_ticket(desk.technician, t1, at=paris(2026, 3, 10, 10))
    resolve(desk, t1, paris(2026, 3, 10, 12))
    services.confirm_resolution(desk.requester, t1, rating=4, at=paris(2026, 3, 11, 9))
    tickets["t1"] = t1

    # T2: submitted Friday 17:00, owned Monday 10:00 (3 h); resolved Monday 14:00, reopened
    # Tuesday 09:00 (5 h paused while resolved), resolved again Tuesday 11:00 (9 h net); rated 2.
    t2 = submit(desk, at=paris(2026, 3, 13, 17))
    services.take_ticket(desk.moderator, t2, at=paris(2026, 3, 16, 10))
    resolve(desk, t2, paris(2026, 3, 16, 14))
    services.reopen_ticket(desk.requester, t2, reason="Toujours grisé.", at=paris(2026, 3, 17, 9))
    resolve(desk, t2, paris(2026, 3, 17, 11))
    services.confirm_resolution(desk.requester, t2, rating=2, at=paris(2026, 3, 18, 9))
    tickets["t2"] = t2

    # T3: owned in 4 h, still being worked on at the end of March (13 days old).
    t3 = submit(desk, at=paris(2026, 3, 18, 8))
    services.qualify_ticket(desk.moderator, t3, assignee=desk.technician, at=paris(2026, 3, 18, 12))
    tickets["t3"] = t3

    # T4: new, submitted two days before the end of March.
    tickets["t4"] = submit(desk, at=paris(2026, 3, 30, 10))

    # T5: submitted in February (owned in 1 h), resolved on 2 March after 54 business hours.
    t5 = submit(desk, at=paris(2026, 2, 20, 16))
    services.qualify_ticket(desk.moderator, t5, assignee=desk.technician, at=paris(2026, 2, 20, 17))
    resolve(desk, t5, paris(2026, 3, 2, 10))
    tickets["t5"] = t5

    # T6: rejected an hour after submission.
    t6 = submit(desk, at=paris(2026, 3, 23, 9))
    services.reject_ticket(desk.moderator, t6, reason="Hors périmètre.", at=paris(2026, 3, 23, 10))
    tickets["t6"] = t6

    # T7: from the other school, new.
    tickets["t7"] = submit(desk, requester=desk.outsider, at=paris(2026, 3, 24, 9))

    # The self-service funnel: four visits to the form in March, one solved without a ticket.
    for outcome in (AttemptOutcome.SOLVED, AttemptOutcome.SUBMITTED, "", ""):
        SelfServiceAttempt.objects.create(
            brique=desk.brique,
            establishment=desk.school,
            outcome=outcome,
            started_at=paris(2026, 3, 20, 10),
        )
    # One problem, open, grouping T3.
    problems.create_problem(
        desk.technician, incidents=[t3], title="Dépôts bloqués", at=paris(2026, 3, 19, 9)
    )
    return desk, tickets
