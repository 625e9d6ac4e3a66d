"""Automatic steps with a frozen clock: a resolved ticket nobody answers is reminded the day
before and closed after its brique's delay; a ticket waiting too long for its requester is
resolved with a note. Both by the system, through the services, once however often they run."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from helpdesk import services
from helpdesk.automation import close_unanswered, run_automatic_steps
from helpdesk.models import Ticket, TicketAction, TicketEvent, TicketStatus
from tests.helpdesk.factories import submit
from tests.helpdesk.mail_fixtures import assert_well_formed, make_mail_desk, to

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
T0 = datetime(2026, 3, 9, 10, tzinfo=PARIS)


@pytest.fixture
def desk(settings):
    return make_mail_desk(settings)


@pytest.fixture
def resolved(desk):
    ticket = submit(desk, at=T0 - timedelta(hours=2))
    services.qualify_ticket(
        desk.moderator, ticket, assignee=desk.technician, at=T0 - timedelta(hours=1)
    )
    services.resolve_ticket(
        desk.technician, ticket, solution="Cache vidé.", resolution_code="fixed", at=T0
    )
    return ticket


def run(capture, now):
    with capture(execute=True):
        return run_automatic_steps(now)


def test_reminder_the_day_before_then_closed_by_the_system(
    desk, resolved, django_capture_on_commit_callbacks
):
    req = desk.requester.email
    result = run(django_capture_on_commit_callbacks, T0 + timedelta(days=5, hours=23))
    assert (result.reminded, result.closed) == (0, 0)
    assert to(req) == []

    result = run(django_capture_on_commit_callbacks, T0 + timedelta(days=6, minutes=1))
    assert (result.reminded, result.closed) == (1, 0)
    [reminder] = to(req)
    assert reminder.subject.startswith(f"[{resolved.reference}] Votre demande sera close demain")
    assert reminder.body.count("/lien/") == 2
    assert_well_formed(reminder, resolved.reference)
    # Again, later that day: no second reminder.
    run(django_capture_on_commit_callbacks, T0 + timedelta(days=6, hours=5))
    assert len(to(req)) == 1

    result = run(django_capture_on_commit_callbacks, T0 + timedelta(days=7))
    assert (result.reminded, result.closed) == (0, 1)
    stored = Ticket.objects.get(pk=resolved.pk)
    assert stored.status == TicketStatus.CLOSED and stored.closed_at == T0 + timedelta(days=7)
    [event] = TicketEvent.objects.filter(ticket=resolved, action=TicketAction.CLOSE)
    assert event.actor is None and "Clos automatiquement" in event.comment
    closed = to(req)[-1]
    assert closed.subject.startswith(f"[{resolved.reference}] Demande close")
    assert "7\u00a0jours" in closed.body or "7 jours" in closed.body

    # Running again, or a second worker holding the old version: nothing more.
    assert run(django_capture_on_commit_callbacks, T0 + timedelta(days=8)).closed == 0
    with pytest.raises(services.StaleTicket):
        services.close_ticket(None, resolved, version=resolved.version)
    assert TicketEvent.objects.filter(ticket=resolved, action=TicketAction.CLOSE).count() == 1
    assert len(to(req)) == 2


def test_two_runs_at_once_close_once(desk, resolved):
    now = T0 + timedelta(days=7, minutes=1)
    # What a second worker had read before the first one closed the ticket.
    stale = list(Ticket.objects.filter(status=TicketStatus.RESOLVED))
    assert close_unanswered(now) == 1
    for ticket in stale:
        with pytest.raises(services.StaleTicket):
            services.close_ticket(None, ticket, version=ticket.version, at=now)
    assert close_unanswered(now) == 0


def test_the_delay_is_set_per_brique(desk, resolved, django_capture_on_commit_callbacks):
    desk.brique.auto_close_days = 3
    desk.brique.save_revision().publish()
    assert run(django_capture_on_commit_callbacks, T0 + timedelta(days=2, minutes=1)).reminded == 1
    assert run(django_capture_on_commit_callbacks, T0 + timedelta(days=3)).closed == 1


def test_an_answer_in_time_stops_the_close(desk, resolved, django_capture_on_commit_callbacks):
    services.reopen_ticket(
        desk.requester, resolved, reason="Toujours grisé.", at=T0 + timedelta(days=1)
    )
    result = run(django_capture_on_commit_callbacks, T0 + timedelta(days=30))
    assert (result.reminded, result.closed) == (0, 0)
    assert Ticket.objects.get(pk=resolved.pk).status == TicketStatus.ASSIGNED


def test_pending_on_the_requester_too_long_is_resolved_with_a_note(
    desk, settings, django_capture_on_commit_callbacks
):
    settings.GUICHET_PENDING_REQUESTER_DAYS = 14
    ticket = submit(desk, at=T0 - timedelta(hours=2))
    services.qualify_ticket(
        desk.moderator, ticket, assignee=desk.technician, at=T0 - timedelta(hours=1)
    )
    services.put_on_hold(
        desk.technician, ticket, reason="requester", comment="Quel navigateur ?", at=T0
    )
    provider_wait = submit(desk, at=T0 - timedelta(hours=2))
    services.qualify_ticket(
        desk.moderator, provider_wait, assignee=desk.technician, at=T0 - timedelta(hours=1)
    )
    services.put_on_hold(
        desk.technician, provider_wait, reason="third_party", comment="Attente DSI.", at=T0
    )
    assert run(django_capture_on_commit_callbacks, T0 + timedelta(days=13, hours=23)).resolved == 0
    result = run(django_capture_on_commit_callbacks, T0 + timedelta(days=14))
    assert result.resolved == 1
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.status == TicketStatus.RESOLVED
    assert stored.solution.startswith("Résolu automatiquement")
    [event] = TicketEvent.objects.filter(ticket=ticket, action=TicketAction.RESOLVE)
    assert event.actor is None
    [resolved_mail] = [m for m in to(desk.requester.email) if "Demande résolue" in m.subject]
    assert "Résolu automatiquement" in resolved_mail.body
    assert Ticket.objects.get(pk=provider_wait.pk).status == TicketStatus.PENDING
    assert run(django_capture_on_commit_callbacks, T0 + timedelta(days=15)).resolved == 0


def test_the_command_and_the_task(desk, resolved, django_capture_on_commit_callbacks):
    from helpdesk.automation import run_automatic_steps_task

    out = StringIO()
    with (
        time_machine.travel(T0 + timedelta(days=6, hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("helpdesk_jobs", stdout=out)
    assert out.getvalue().strip() == "resolved 0, closed 0, reminded 1"
    with (
        time_machine.travel(T0 + timedelta(days=7, hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = run_automatic_steps_task.enqueue()  # the immediate backend in tests
    assert result.return_value == {"reminded": 0, "closed": 1, "resolved": 0}
    assert [m.subject.split("]")[1].split("\u00a0")[0] for m in mail.outbox] == [
        " Votre demande sera close demain",
        " Demande close",
    ]
