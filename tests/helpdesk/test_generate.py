"""`manage.py generate_tickets`: bulk tickets for load tests, consistent with what the
business steps would have written."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from helpdesk.models import Ticket, TicketMessage, TicketStatus
from tests.helpdesk.factories import make_desk, submit

pytestmark = pytest.mark.django_db


def generate(**options):
    out = StringIO()
    call_command("generate_tickets", stdout=out, **options)
    return out.getvalue()


def test_generates_tickets_with_their_thread_and_a_consistent_history():
    desk = make_desk()

    output = generate(count=120, messages=3, batch=50, requesters=4)

    assert "Created 120 tickets" in output
    tickets = Ticket.objects.filter(requester__username__startswith="load-")
    assert tickets.count() == 120
    assert TicketMessage.objects.filter(ticket__in=tickets).count() == 360
    assert set(tickets.values_list("brique", flat=True)) == {desk.brique.pk}
    assert set(tickets.values_list("establishment", flat=True)) == {
        desk.school.pk,
        desk.other_school.pk,
    }
    assert {TicketStatus.NEW, TicketStatus.CLOSED} <= set(tickets.values_list("status", flat=True))
    assert not tickets.filter(process__isnull=False).exists()

    for ticket in tickets.prefetch_related("events", "messages"):
        assert ticket.reference == f"R-{ticket.pk:06d}"
        events = list(ticket.events.all())
        assert [e.created_at for e in events] == sorted(e.created_at for e in events)
        assert events[0].created_at == ticket.created_at
        assert events[-1].to_status == ticket.status
        assert ticket.version == len(events)  # one per change, as the services count
        assert ticket.updated_at == events[-1].created_at
        if ticket.status not in (TicketStatus.NEW, TicketStatus.REJECTED, TicketStatus.CANCELLED):
            assert ticket.assignee_id in (desk.technician.pk, desk.school_technician.pk)
            assert ticket.moderator_id == desk.moderator.pk
            assert ticket.assigned_at is not None
        if ticket.status == TicketStatus.CLOSED:
            assert ticket.closed_at == events[-1].created_at and ticket.satisfaction
        # Nobody writes on a ticket after it is finished.
        if ticket.closed_at:
            assert all(m.created_at <= ticket.closed_at for m in ticket.messages.all())


def test_clear_removes_what_was_generated_and_nothing_else():
    desk = make_desk()
    real = submit(desk)
    generate(count=30, messages=2, batch=30, requesters=2)
    assert Ticket.objects.count() == 31

    generate(clear=True)

    assert list(Ticket.objects.all()) == [real]


def test_needs_briques_with_a_chain():
    with pytest.raises(CommandError, match="load_demo"):
        generate(count=10)
