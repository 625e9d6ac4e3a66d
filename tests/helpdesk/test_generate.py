"""`manage.py generate_tickets`: bulk tickets for load tests, consistent with what the
business steps would have written."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from helpdesk.models import Ticket, TicketEvent, TicketMessage, TicketStatus
from portal.models import SlaTarget
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


def test_report_fields_agree_with_each_ticket_status_and_dates():
    desk = make_desk()
    # Targets for three priorities of four: the low-priority tickets have no clocks.
    for priority, own, resolve in ((1, "0.5", "4"), (2, "1", "8"), (3, "4", "24")):
        SlaTarget.objects.create(
            brique=desk.brique,
            priority=priority,
            time_to_own_hours=Decimal(own),
            time_to_resolve_hours=Decimal(resolve),
        )
    generate(count=400, messages=1, batch=200, requesters=4, seed=7)
    tickets = Ticket.objects.filter(requester__username__startswith="load-")
    S = TicketStatus
    owned = (S.ASSIGNED, S.PENDING, S.RESOLVED, S.CLOSED)
    finished = (S.RESOLVED, S.CLOSED)

    # Delays: known once taken in charge / resolved, and never before.
    assert not tickets.filter(status__in=owned, time_to_own_seconds__isnull=True).exists()
    assert not tickets.exclude(status__in=owned).filter(time_to_own_seconds__isnull=False).exists()
    assert not tickets.filter(status__in=finished, time_to_resolve_seconds__isnull=True).exists()
    assert (
        not tickets.exclude(status__in=finished)
        .filter(time_to_resolve_seconds__isnull=False)
        .exists()
    )
    assert not tickets.exclude(status__in=finished).filter(reopen_count__gt=0).exists()
    for ticket in tickets.filter(status__in=finished):
        elapsed = (ticket.resolved_at - ticket.created_at).total_seconds()
        assert 0 <= ticket.time_to_resolve_seconds <= elapsed
        assert (
            ticket.time_to_own_seconds <= (ticket.assigned_at - ticket.created_at).total_seconds()
        )

    # Service levels: the brique's targets for the ticket's priority, due after submission,
    # breached exactly when the clock stopped after its due date; a plausible share breached.
    targets = {t.priority: t for t in SlaTarget.objects.filter(brique=desk.brique)}
    with_target = 0
    for ticket in tickets:
        target = targets.get(ticket.priority)
        assert ticket.sla_priority == ticket.priority
        if target is None:
            assert ticket.sla_tto_hours is None and ticket.tto_due is None
            continue
        with_target += 1
        assert ticket.sla_tto_hours == target.time_to_own_hours
        assert ticket.sla_ttr_hours == target.time_to_resolve_hours
        assert ticket.created_at < ticket.tto_risk_at < ticket.tto_due
        assert ticket.created_at < ticket.ttr_risk_at < ticket.ttr_due
        if ticket.status == S.NEW:
            assert ticket.tto_stopped_at is None and not ticket.tto_breached
        else:
            assert ticket.tto_breached == (ticket.tto_stopped_at >= ticket.tto_due)
        if ticket.status in finished:
            assert ticket.ttr_breached == (ticket.resolved_at >= ticket.ttr_due)
    assert with_target
    resolved = tickets.filter(status__in=finished, sla_ttr_hours__isnull=False)
    breached = resolved.filter(ttr_breached=True).count()
    assert 0 < breached < resolved.count() * 0.4

    # Reopened tickets went through it in their history, and are a few percent.
    reopened = tickets.filter(reopen_count__gt=0)
    assert reopened.count() < tickets.filter(status__in=finished).count() * 0.2
    for ticket in reopened:
        actions = list(ticket.events.values_list("action", flat=True))
        assert actions.count("resolve") == 2 and "reopen" in actions
    assert all(t.satisfaction for t in tickets.filter(status=S.CLOSED))


def test_without_history_writes_tickets_only():
    make_desk()
    output = generate(count=50, batch=20, requesters=2, no_history=True)
    assert "Created 50 tickets with 0 messages" in output
    tickets = Ticket.objects.filter(requester__username__startswith="load-")
    assert tickets.count() == 50
    assert not TicketMessage.objects.exists()
    assert not TicketEvent.objects.exists()
    for ticket in tickets:
        assert ticket.reference == f"R-{ticket.pk:06d}"
        assert ticket.updated_at >= ticket.created_at
        if ticket.status in (TicketStatus.CLOSED, TicketStatus.REJECTED, TicketStatus.CANCELLED):
            assert ticket.updated_at == ticket.closed_at


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
