"""Two workers running the service-level check at the same moment, with real concurrent
transactions on PostgreSQL: one warning, one escalation, one message each (see
tests/helpdesk/test_concurrency.py for the harness)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from helpdesk.models import Ticket, TicketAction, TicketEvent
from helpdesk.sla.escalation import check_service_levels
from portal.models import SlaTarget
from tests.helpdesk.factories import make_desk, submit
from tests.helpdesk.test_concurrency import race
from tests.postgresql import only_on_postgresql

pytestmark = [
    pytest.mark.django_db(transaction=True),
    only_on_postgresql("concurrent transactions are what is tested"),
]

PARIS = ZoneInfo("Europe/Paris")


def test_two_checks_at_once_warn_and_escalate_once():
    desk = make_desk()
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours=2, time_to_resolve_hours=8
    )
    at_risk = submit(desk, at=datetime(2026, 3, 9, 9, 30, tzinfo=PARIS))
    breached = submit(desk, at=datetime(2026, 3, 9, 8, tzinfo=PARIS))
    now = datetime(2026, 3, 9, 11, tzinfo=PARIS)
    mail.outbox = []

    outcomes = race(lambda: check_service_levels(now), lambda: check_service_levels(now))

    assert sum(o.warned for o in outcomes) == 1, outcomes
    assert sum(o.escalated for o in outcomes) == 1, outcomes
    assert TicketEvent.objects.filter(ticket=at_risk, action=TicketAction.SLA_AT_RISK).count() == 1
    assert (
        TicketEvent.objects.filter(ticket=breached, action=TicketAction.SLA_BREACHED).count() == 1
    )
    assert len(mail.outbox) == 2
    assert Ticket.objects.get(pk=breached.pk).sla_escalated_at == now
