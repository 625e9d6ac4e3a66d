"""Each business step: what it changes, what it records, and what it refuses."""

import pytest
from django.core.exceptions import ValidationError

from helpdesk import services
from helpdesk.flows import TicketFlow
from helpdesk.models import (
    PendingReason,
    ResolutionCode,
    Ticket,
    TicketAction,
    TicketStatus,
)
from helpdesk.policies import ActionNotAllowed
from portal.models import BriqueProvider, Priority
from tests.factories import ProviderFactory, UserFactory, add_category, make_brique
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db
S = TicketStatus


def last_event(ticket):
    return ticket.events.order_by("-pk").first()


def test_submit_refuses_a_category_of_another_brique():
    desk = make_desk()
    foreign = add_category(make_brique("Scenari"), "Édition")
    with pytest.raises(ValidationError) as error:
        submit(desk, category=foreign)
    assert "category" in error.value.message_dict
    assert not Ticket.objects.exists()


def test_submit_requires_title_and_description():
    desk = make_desk()
    with pytest.raises(ValidationError) as error:
        submit(desk, title="   ")
    assert "title" in error.value.message_dict


def test_qualify_sets_priority_owner_and_assignee():
    desk = make_desk()
    ticket = submit(desk)
    services.qualify_ticket(
        desk.moderator,
        ticket,
        assignee=desk.technician,
        impact=1,
        urgency=1,
        comment="Examen en cours",
    )
    ticket.refresh_from_db()
    assert ticket.priority == Priority.CRITICAL
    assert ticket.moderator == desk.moderator and ticket.assignee == desk.technician
    assert ticket.assigned_at is not None
    event = last_event(ticket)
    assert (event.action, event.from_status, event.to_status) == (
        TicketAction.QUALIFY,
        S.NEW,
        S.ASSIGNED,
    )


def test_qualify_refuses_someone_outside_the_chain():
    desk = make_desk()
    ticket = submit(desk)
    with pytest.raises(ValidationError):
        services.qualify_ticket(desk.moderator, ticket, assignee=desk.outsider)
    ticket.refresh_from_db()
    assert ticket.status == S.NEW


def test_school_technician_is_assignable_only_for_their_school():
    desk = make_desk()
    own_school = submit(desk)
    other_school = submit(desk, requester=desk.outsider)
    services.qualify_ticket(desk.moderator, own_school, assignee=desk.school_technician)
    with pytest.raises(ValidationError):
        services.qualify_ticket(desk.moderator, other_school, assignee=desk.school_technician)


def test_take_assigns_the_moderator_and_records_it():
    desk = make_desk()
    ticket = submit(desk)
    services.take_ticket(desk.moderator, ticket)
    assert ticket.assignee == desk.moderator
    assert last_event(ticket).action == TicketAction.TAKE


def test_reject_needs_a_reason_and_ends_the_process():
    desk = make_desk()
    ticket = submit(desk)
    with pytest.raises(ValidationError):
        services.reject_ticket(desk.moderator, ticket, reason="")
    services.reject_ticket(desk.moderator, ticket, reason="Relève du support local.")
    assert ticket.status == S.REJECTED and ticket.closed_at
    assert ticket.messages.get().body == "Relève du support local."
    assert ticket.process.finished is not None


def test_mark_duplicate_points_to_the_original():
    desk = make_desk()
    original = submit(desk)
    copy = submit(desk)
    services.mark_duplicate(desk.moderator, copy, original=original)
    assert copy.status == S.CLOSED and copy.duplicate_of == original
    with pytest.raises(ValidationError):
        services.mark_duplicate(desk.moderator, submit(desk), original=original.__class__(pk=-1))


def test_reassign_hands_over_within_the_chain():
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    services.reassign_ticket(
        desk.technician, ticket, assignee=desk.school_technician, comment="Je pars en congés"
    )
    assert ticket.assignee == desk.school_technician
    with pytest.raises(ValidationError):
        services.reassign_ticket(desk.moderator, ticket, assignee=desk.school_technician)


def test_internal_note_is_flagged_and_not_public():
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    note = services.add_note(desk.technician, ticket, body="Voir le ticket du prestataire.")
    assert note.internal
    assert last_event(ticket).internal


def test_requester_cannot_write_internal_notes():
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    with pytest.raises(ActionNotAllowed):
        services.add_note(desk.requester, ticket, body="…")


def test_hold_for_a_provider_does_not_resume_on_the_requester_reply():
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    services.put_on_hold(
        desk.technician,
        ticket,
        reason=PendingReason.THIRD_PARTY,
        comment="Attente de la DSI de l'établissement",
    )
    services.add_reply(desk.requester, ticket, body="Des nouvelles ?")
    ticket.refresh_from_db()
    assert ticket.status == S.PENDING
    services.resume_ticket(desk.technician, ticket)
    assert ticket.status == S.ASSIGNED and ticket.pending_reason == ""


def test_escalate_to_a_provider_of_the_brique():
    desk = make_desk()
    provider = ProviderFactory(name="Hébergeur Moodle")
    ticket = ticket_in(desk, S.ASSIGNED)
    with pytest.raises(ValidationError):
        services.escalate_to_provider(desk.technician, ticket, provider=provider)
    BriqueProvider.objects.create(brique=desk.brique, provider=provider)
    services.escalate_to_provider(
        desk.technician, ticket, provider=provider, provider_reference="CASE-981"
    )
    assert ticket.status == S.PENDING and ticket.pending_reason == PendingReason.PROVIDER
    assert ticket.provider_reference == "CASE-981"


def test_resolve_needs_solution_and_code():
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    with pytest.raises(ValidationError):
        services.resolve_ticket(desk.technician, ticket, solution="Fait", resolution_code="bad")
    services.resolve_ticket(
        desk.technician, ticket, solution="Fait", resolution_code=ResolutionCode.WORKAROUND
    )
    assert ticket.status == S.RESOLVED and ticket.resolved_at


@pytest.mark.parametrize("status", [S.NEW, S.ASSIGNED, S.PENDING])
def test_requester_can_cancel_before_resolution(status):
    desk = make_desk()
    ticket = ticket_in(desk, status)
    services.cancel_ticket(desk.requester, ticket, reason="Résolu par moi-même")
    assert ticket.status == S.CANCELLED
    assert ticket.process.finished is not None


def test_cancel_after_resolution_is_refused_and_changes_nothing():
    desk = make_desk()
    ticket = ticket_in(desk, S.RESOLVED)
    version = ticket.version
    with pytest.raises(ActionNotAllowed):
        services.cancel_ticket(desk.requester, ticket)
    ticket.refresh_from_db()
    assert ticket.status == S.RESOLVED and ticket.version == version


def test_confirm_requires_a_rating_between_1_and_4():
    desk = make_desk()
    ticket = ticket_in(desk, S.RESOLVED)
    with pytest.raises(ValidationError):
        services.confirm_resolution(desk.requester, ticket, rating=5)
    services.confirm_resolution(desk.requester, ticket, rating=1, comment="Trop long")
    assert ticket.status == S.CLOSED and ticket.satisfaction == 1


def test_only_the_requester_confirms():
    desk = make_desk()
    ticket = ticket_in(desk, S.RESOLVED)
    with pytest.raises(ActionNotAllowed):
        services.confirm_resolution(desk.technician, ticket, rating=4)


def test_system_closes_a_resolved_ticket():
    desk = make_desk()
    ticket = ticket_in(desk, S.RESOLVED)
    services.close_ticket(None, ticket, comment="Clôture automatique")
    assert ticket.status == S.CLOSED
    assert last_event(ticket).actor is None


def test_stale_version_is_refused_without_change():
    desk = make_desk()
    ticket = submit(desk)
    seen = ticket.version
    services.add_note(desk.moderator, ticket, body="Je regarde.", version=seen)
    with pytest.raises(services.StaleTicket):
        services.take_ticket(desk.moderator, ticket, version=seen)
    ticket.refresh_from_db()
    assert ticket.status == S.NEW


def test_actions_are_refused_in_the_wrong_state():
    desk = make_desk()
    ticket = ticket_in(desk, S.CLOSED)
    for call in (
        lambda: services.add_reply(desk.requester, ticket, body="Encore moi"),
        lambda: services.reopen_ticket(desk.requester, ticket, reason="?"),
        lambda: services.resolve_ticket(
            desk.technician, ticket, solution="x", resolution_code=ResolutionCode.FIXED
        ),
    ):
        with pytest.raises(ActionNotAllowed):
            call()


def test_history_is_append_only():
    desk = make_desk()
    ticket = submit(desk)
    event = ticket.events.get()
    event.comment = "rewritten"
    with pytest.raises(ValueError):
        event.save()


def test_each_step_advances_the_process_chart():
    desk = make_desk()
    ticket = ticket_in(desk, S.CLOSED)
    done = [task.flow_task for task in ticket.process.task_set.order_by("pk")]
    assert done[:3] == [TicketFlow.submit, TicketFlow.triage, TicketFlow.after_triage]
    assert done[-2:] == [TicketFlow.after_confirmation, TicketFlow.end]


def test_a_watcher_can_reply_but_not_cancel():
    desk = make_desk()
    colleague = UserFactory(username="collegue", email="collegue@insa-lyon.fr")
    ticket = submit(desk, watchers=["Collegue@insa-lyon.fr"])
    services.add_reply(colleague, ticket, body="Même problème pour moi.")
    with pytest.raises(ActionNotAllowed):
        services.cancel_ticket(colleague, ticket)
