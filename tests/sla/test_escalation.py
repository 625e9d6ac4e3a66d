"""The periodic check: a warning at 75%, an escalation at 100%, each once, written to the
history as done by the system, mail sent after commit through Django's mail framework."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from helpdesk import services
from helpdesk.models import Ticket, TicketAction, TicketEvent
from helpdesk.sla.escalation import check_service_levels
from helpdesk.sla.tasks import check_service_levels_task
from portal.models import SlaTarget
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk, submit

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def desk():
    desk = make_desk()
    owner = UserFactory(username="owner", email="owner@insa.example")
    desk.brique.brique_owner = owner
    desk.brique.save_revision().publish()
    desk.owner = owner
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours=2, time_to_resolve_hours=8
    )
    return desk


def sla_events(ticket, action):
    return list(TicketEvent.objects.filter(ticket=ticket, action=action))


def test_new_ticket_at_risk_warns_the_moderators_once(desk, django_capture_on_commit_callbacks):
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    with django_capture_on_commit_callbacks(execute=True):
        result = check_service_levels(paris(2026, 3, 9, 10))
    assert (result.warned, result.escalated) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        result = check_service_levels(paris(2026, 3, 9, 10, 40))
    assert result.warned == 1
    [message] = mail.outbox
    assert message.to == [desk.moderator.email.lower()]
    assert ticket.reference in message.subject
    assert "Niveau de service à risque" in message.subject
    [event] = sla_events(ticket, TicketAction.SLA_AT_RISK)
    assert event.actor is None and event.internal
    # Again: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert check_service_levels(paris(2026, 3, 9, 10, 50)).warned == 0
    assert len(mail.outbox) == 1
    assert Ticket.objects.get(pk=ticket.pk).tto_warned


def test_breach_escalates_to_moderators_and_owner(desk, django_capture_on_commit_callbacks):
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    services.qualify_ticket(
        desk.moderator, ticket, assignee=desk.technician, at=paris(2026, 3, 9, 9, 30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert check_service_levels(paris(2026, 3, 9, 15, 30)).warned == 1
    [warning] = mail.outbox
    assert warning.to == [desk.technician.email.lower()]  # the assignee
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = check_service_levels(paris(2026, 3, 9, 17, 5))
    assert (result.warned, result.escalated) == (0, 1)
    # One message per person (helpdesk.mail): the moderators, the owner and the assignee.
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [desk.moderator.email.lower(), desk.owner.email.lower(), desk.technician.email.lower()]
    )
    for escalation in mail.outbox:
        assert "Niveau de service dépassé" in escalation.subject
        assert f"/admin/tickets/{ticket.reference}/" in escalation.body
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.ttr_breached and not stored.tto_breached
    assert stored.sla_escalated_at == paris(2026, 3, 9, 17, 5)
    [event] = sla_events(ticket, TicketAction.SLA_BREACHED)
    assert event.actor is None
    assert "délai de résolution est dépassé" in event.comment
    with django_capture_on_commit_callbacks(execute=True):
        assert check_service_levels(paris(2026, 3, 10, 9)).escalated == 0
    assert len(mail.outbox) == 3


def test_a_breach_found_late_is_escalated_without_a_warning(
    desk, django_capture_on_commit_callbacks
):
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    with django_capture_on_commit_callbacks(execute=True):
        result = check_service_levels(paris(2026, 3, 9, 12))
    assert (result.warned, result.escalated) == (0, 1)
    assert not sla_events(ticket, TicketAction.SLA_AT_RISK)
    assert Ticket.objects.get(pk=ticket.pk).tto_breached


def test_paused_and_resolved_tickets_are_left_alone(desk, django_capture_on_commit_callbacks):
    waiting = submit(desk, at=paris(2026, 3, 9, 9))
    services.take_ticket(desk.moderator, waiting, at=paris(2026, 3, 9, 9, 10))
    services.put_on_hold(
        desk.moderator, waiting, reason="requester", comment="Capture ?", at=paris(2026, 3, 9, 10)
    )
    resolved = submit(desk, at=paris(2026, 3, 9, 9))
    services.take_ticket(desk.moderator, resolved, at=paris(2026, 3, 9, 9, 10))
    services.resolve_ticket(
        desk.moderator,
        resolved,
        solution="Fait.",
        resolution_code="fixed",
        at=paris(2026, 3, 9, 10),
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = check_service_levels(paris(2026, 3, 20, 9))
    assert (result.warned, result.escalated) == (0, 0)
    assert mail.outbox == []


def test_the_command_and_the_task(desk, django_capture_on_commit_callbacks):
    submit(desk, at=paris(2026, 3, 9, 9))
    submit(desk, at=paris(2026, 3, 9, 9, 30))
    out = StringIO()
    with (
        time_machine.travel(paris(2026, 3, 9, 11, 15), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("sla_check", stdout=out)
    # The first is past its 2 h, the second at 1 h 45 of them.
    assert out.getvalue().strip() == "warned 1, escalated 1"
    with time_machine.travel(paris(2026, 3, 9, 11, 45), tick=False):
        result = check_service_levels_task.enqueue()  # the immediate backend in tests
    assert result.return_value == {"warned": 0, "escalated": 1}


def test_each_clock_is_escalated_in_its_turn(desk, django_capture_on_commit_callbacks):
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    subjects = []
    for now, escalated in (
        (paris(2026, 3, 9, 11, 30), 1),  # past the time to own (2 h)
        (paris(2026, 3, 9, 16), 0),  # past 75% of the time to resolve: a warning
        (paris(2026, 3, 9, 17, 30), 1),  # past the time to resolve (8 h)
    ):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert check_service_levels(now).escalated == escalated
        subjects.append(
            {message.subject.split("]")[1].split(":")[0].strip() for message in mail.outbox}
        )
    assert subjects == [
        {"Niveau de service dépassé"},
        {"Niveau de service à risque"},
        {"Niveau de service dépassé"},
    ]
    first, second = sla_events(ticket, TicketAction.SLA_BREACHED)
    assert "prise en charge" in first.comment and "résolution" not in first.comment
    assert "résolution" in second.comment
    stored = Ticket.objects.get(pk=ticket.pk)
    assert stored.tto_breached and stored.ttr_breached
    assert stored.sla_escalated_at == paris(2026, 3, 9, 11, 30)  # the first escalation


def test_both_clocks_found_late_make_one_message(desk, django_capture_on_commit_callbacks):
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    with django_capture_on_commit_callbacks(execute=True):
        assert check_service_levels(paris(2026, 3, 10, 9)).escalated == 1
    [event] = sla_events(ticket, TicketAction.SLA_BREACHED)
    assert "prise en charge" in event.comment and "résolution" in event.comment
    # One message for each person told (the moderator and the owner), not one per clock.
    assert sorted(address for message in mail.outbox for address in message.to) == sorted(
        [desk.moderator.email.lower(), desk.owner.email.lower()]
    )


def test_a_ticket_put_on_hold_after_its_due_date_is_escalated(
    desk, django_capture_on_commit_callbacks
):
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    services.take_ticket(desk.moderator, ticket, at=paris(2026, 3, 9, 9, 30))
    services.put_on_hold(
        desk.moderator,
        ticket,
        reason="requester",
        comment="Capture ?",
        at=paris(2026, 3, 9, 17, 30),
    )
    assert not ticket.ttr_breached  # recorded by the check, which escalates it
    with django_capture_on_commit_callbacks(execute=True):
        assert check_service_levels(paris(2026, 3, 10, 9)).escalated == 1
    assert Ticket.objects.get(pk=ticket.pk).ttr_breached
