"""The demo tickets: played through the business steps, spread over briques, schools and
states, with conversations, and added only once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from viewflow.workflow.status import PROCESS

from helpdesk.demo import DEFAULT_COUNT, demo_ticket_filter, load_demo_tickets
from helpdesk.models import Ticket, TicketAction, TicketMessage, TicketStatus
from portal.models import BriquePage, Establishment
from tests.helpdesk.factories import make_desk

pytestmark = pytest.mark.django_db

S = TicketStatus


def test_the_demo_command_brings_two_hundred_tickets_in_every_state_once():
    call_command("load_demo", stdout=StringIO())
    # `load_demo` runs the tickets step itself; calling the function again must add nothing.
    assert load_demo_tickets() == 0
    call_command("load_demo", stdout=StringIO())

    tickets = Ticket.objects.filter(demo_ticket_filter())
    # The problem demo step files three incidents of its own, grouped under its problem.
    assert tickets.count() == Ticket.objects.count()
    assert tickets.filter(problem__isnull=True).count() == DEFAULT_COUNT

    by_status = dict(tickets.values_list("status").annotate(n=Count("id")))
    assert set(by_status) == set(S.values)
    assert by_status[S.CLOSED] > DEFAULT_COUNT / 3
    assert all(by_status[status] >= 5 for status in S.values), by_status
    assert tickets.filter(status=S.CLOSED, satisfaction__isnull=False).count() > 50
    assert tickets.filter(reopen_count__gt=0, status=S.CLOSED).exists()
    assert tickets.filter(reopen_count__gt=0, status=S.ASSIGNED).exists()
    assert tickets.filter(duplicate_of__isnull=False).exists()
    assert tickets.filter(status=S.PENDING, provider__isnull=False).exists()

    # Every brique and every school has tickets, and so do the demo requester accounts.
    assert set(tickets.values_list("brique", flat=True)) == set(
        BriquePage.objects.live().values_list("pk", flat=True)
    )
    assert set(tickets.values_list("establishment", flat=True)) == set(
        Establishment.objects.values_list("pk", flat=True)
    )
    for username in ("etudiant", "enseignant", "personnel"):
        assert tickets.filter(requester__username=username).count() >= 3

    # Conversations: public replies from both sides, and internal notes.
    messages = TicketMessage.objects.filter(ticket__in=tickets)
    assert messages.filter(internal=True).count() > 20
    assert messages.filter(internal=False).exclude(author=F("ticket__requester")).exists()
    assert messages.filter(internal=False, author=F("ticket__requester")).exists()

    # Each ticket has its process, finished exactly when the ticket is.
    assert not tickets.filter(process__isnull=True).exists()
    for ticket in tickets.select_related("process"):
        finished = ticket.status in (S.CLOSED, S.REJECTED, S.CANCELLED)
        assert (ticket.process.status == PROCESS.DONE) == finished, ticket.reference
        assert ticket.process.created == ticket.created_at

    # Over the last six months, with a history in time order from the submission on.
    dates = sorted(tickets.values_list("created_at", flat=True))
    assert (dates[-1] - dates[0]).days > 150
    for ticket in tickets.prefetch_related("events"):
        events = list(ticket.events.all())
        assert events[0].action == TicketAction.SUBMIT
        assert events[0].created_at == ticket.created_at
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        assert events[-1].to_status == ticket.status


def test_on_a_small_desk_every_plan_plays_through():
    """A single brique without providers nor the demo accounts: the steps that need them fall
    back on others, and the count is still what was asked."""
    desk = make_desk()
    out = StringIO()

    assert load_demo_tickets(stdout=out, count=40) == 40
    assert "created 40 demo tickets" in out.getvalue()
    assert Ticket.objects.filter(brique=desk.brique).count() == 40
    assert load_demo_tickets(count=40) == 0
    assert Ticket.objects.count() == 40


def test_without_a_moderated_brique_there_is_nothing_to_do():
    assert load_demo_tickets() == 0
    assert not Ticket.objects.exists()
