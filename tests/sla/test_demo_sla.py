"""The demo shows service levels at work: tickets at risk and breached in the queues."""

from io import StringIO

import pytest
from django.core.management import call_command

from helpdesk.demo import DEFAULT_COUNT, load_demo_tickets
from helpdesk.models import Ticket
from helpdesk.sla.state import SlaState, filter_sla_state

pytestmark = pytest.mark.django_db


def test_the_demo_has_tickets_at_risk_and_breached():
    call_command("load_demo", stdout=StringIO())
    count = Ticket.objects.count()
    assert count >= DEFAULT_COUNT
    assert load_demo_tickets() == 0  # idempotent
    call_command("load_demo", stdout=StringIO())
    assert Ticket.objects.count() == count
    tickets = Ticket.objects.all()
    assert filter_sla_state(tickets, SlaState.AT_RISK).count() >= 2
    assert filter_sla_state(tickets, SlaState.BREACHED).filter(status="new").exists()
    assert filter_sla_state(tickets, SlaState.ON_TIME).exists()
    assert Ticket.objects.filter(ttr_paused_seconds__gt=0).exists()  # pauses were counted
