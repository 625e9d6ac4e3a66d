"""Ticket e-mails: who gets which message, in their language, with the reference in the
subject, both parts, absolute links and never an internal note; sent after commit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from helpdesk import services
from helpdesk.mail.models import SentNotification
from helpdesk.mail.sending import ALREADY_SENT, SENT, deliver
from helpdesk.models import Ticket, TicketAction, TicketEvent
from tests.helpdesk.factories import submit
from tests.helpdesk.mail_fixtures import SECRET, assert_well_formed, html, make_mail_desk, to

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(settings):
    return make_mail_desk(settings)


def step(capture, action, *args, **kwargs):
    """Run one service call and its after-commit callbacks; return the messages it sent."""
    before = len(mail.outbox)
    with capture(execute=True):
        action(*args, **kwargs)
    return mail.outbox[before:]


def test_every_message_of_a_ticket_life(desk, django_capture_on_commit_callbacks):
    run = lambda *a, **k: step(django_capture_on_commit_callbacks, *a, **k)  # noqa: E731
    req, tech = desk.requester.email, desk.technician.email

    # Received: the requester (French) and the colleagues kept informed (an English account,
    # and an address without an account, in the site's language).
    with django_capture_on_commit_callbacks(execute=True):
        ticket = submit(desk, watchers=[desk.colleague.email, "chef@partenaire.example"])
    ref = ticket.reference
    received = {m.to[0]: m for m in mail.outbox}
    assert set(received) == {req, desk.colleague.email, "chef@partenaire.example"}
    assert received[req].subject.startswith(f"[{ref}] Demande reçue")
    assert received[req].extra_headers["Content-Language"] == "fr"
    assert "/demandes/" + ref + "/" in received[req].body
    assert received[desk.colleague.email].subject.startswith(f"[{ref}] Request received")
    assert received["chef@partenaire.example"].subject.startswith(f"[{ref}] Demande reçue")

    # Internal notes and internal comments: nobody is written to, and they never show up.
    assert run(services.add_note, desk.moderator, ticket, body=SECRET) == []

    # Assigned: the technician, in English, with a link to the staff screen.
    [assigned] = run(
        services.qualify_ticket, desk.moderator, ticket, assignee=desk.technician, comment=SECRET
    )
    assert assigned.to == [tech]
    assert assigned.subject == f"[{ref}] Ticket assigned to you: {ticket.title}"
    assert f"/admin/tickets/{ref}/" in assigned.body

    # A staff reply goes to the requester's side, not back to staff.
    sent = run(services.add_reply, desk.technician, ticket, body="Quel navigateur ?")
    assert {m.to[0] for m in sent} == {req, desk.colleague.email, "chef@partenaire.example"}
    assert "Quel navigateur ?" in to(req)[-1].body and "Nouvelle réponse" in to(req)[-1].subject

    # The requester's reply goes to the assignee.
    [reply] = run(services.add_reply, desk.requester, ticket, body="Firefox 128.")
    assert reply.to == [tech] and reply.subject.startswith(f"[{ref}] New reply")
    assert "Firefox 128." in reply.body and "Firefox 128." in html(reply)

    # Waiting for you: the requester, with the question.
    [waiting] = run(
        services.put_on_hold,
        desk.technician,
        ticket,
        reason="requester",
        comment="Pouvez-vous joindre une capture ?",
    )
    assert waiting.to == [req] and "Votre réponse est attendue" in waiting.subject
    assert "Pouvez-vous joindre une capture ?" in waiting.body
    # Waiting for a provider is internal: nobody hears of it.
    run(services.add_reply, desk.requester, ticket, body="Voici la capture.")

    # Resolved: the requester gets the confirm / reopen links; colleagues only the page.
    sent = run(
        services.resolve_ticket,
        desk.technician,
        ticket,
        solution="Cache du navigateur vidé.",
        resolution_code="fixed",
    )
    assert {m.to[0] for m in sent} == {req, desk.colleague.email, "chef@partenaire.example"}
    [resolved] = [m for m in sent if m.to == [req]]
    assert "Cache du navigateur vidé." in resolved.body
    assert resolved.body.count("/lien/") == 2 and html(resolved).count("/lien/") == 2
    assert "dans 7 jours" in resolved.body
    assert "/lien/" not in to(desk.colleague.email)[-1].body

    # Reopened: the assignee, with the requester's explanation.
    [reopened] = run(services.reopen_ticket, desk.requester, ticket, reason="Toujours grisé.")
    assert reopened.to == [tech] and reopened.subject.startswith(f"[{ref}] Ticket reopened")
    assert "Toujours grisé." in reopened.body

    # Closed by staff (here: the system) goes to the requester's side.
    run(
        services.resolve_ticket,
        desk.technician,
        ticket,
        solution="Corrigé.",
        resolution_code="fixed",
    )
    sent = run(services.close_ticket, None, ticket, comment="Clôture.")
    assert {m.to[0] for m in sent} == {req, desk.colleague.email, "chef@partenaire.example"}
    assert to(req)[-1].subject.startswith(f"[{ref}] Demande close")
    assert to(desk.colleague.email)[-1].subject.startswith(f"[{ref}] Request closed")

    for message in mail.outbox:
        assert_well_formed(message, ref)


def test_confirmation_tells_the_assignee_and_rejection_the_requester(
    desk, django_capture_on_commit_callbacks
):
    run = lambda *a, **k: step(django_capture_on_commit_callbacks, *a, **k)  # noqa: E731
    ticket = submit(desk)
    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
    services.resolve_ticket(desk.technician, ticket, solution="Fait.", resolution_code="fixed")
    [closed] = run(services.confirm_resolution, desk.requester, ticket, rating=4, comment=SECRET)
    assert closed.to == [desk.technician.email]
    assert "The requester confirmed" in closed.body
    assert_well_formed(closed, ticket.reference)

    other = submit(desk)
    [rejected] = run(services.reject_ticket, desk.moderator, other, reason="Hors périmètre.")
    assert rejected.to == [desk.requester.email] and "Hors périmètre." in rejected.body
    assert "rejetée" in rejected.body
    assert_well_formed(rejected, other.reference)


def test_unassigned_ticket_reply_goes_to_the_moderators(desk, django_capture_on_commit_callbacks):
    ticket = submit(desk)
    [reply] = step(
        django_capture_on_commit_callbacks,
        services.add_reply,
        desk.requester,
        ticket,
        body="Alors ?",
    )
    assert reply.to == [desk.moderator.email]


def test_sent_after_commit_only(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(desk)
    assert mail.outbox == []  # nothing before the commit
    assert callbacks
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_rolled_back_action_sends_nothing(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                submit(desk)
                raise RuntimeError("the page failed after the service")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not Ticket.objects.exists()


def test_a_replayed_or_duplicated_job_sends_once(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = submit(desk)
    event = TicketEvent.objects.get(ticket=ticket, action=TicketAction.SUBMIT)
    job = {
        "kind": "received",
        "key": f"event:{event.pk}",
        "email": desk.requester.email,
        "user_id": desk.requester.pk,
        "ticket_id": ticket.pk,
        "event_id": event.pk,
    }
    assert len(mail.outbox) == 1
    assert deliver(**job) == ALREADY_SENT
    assert deliver(**job) == ALREADY_SENT
    assert len(mail.outbox) == 1
    record = SentNotification.objects.get(key=job["key"], recipient=job["email"])
    assert record.sent_at is not None and record.attempts == 1
    # Another kind about the same event is another message.
    assert deliver(**{**job, "kind": "closed"}) == SENT


def test_optional_messages_follow_the_profile_choices(
    desk, client, django_capture_on_commit_callbacks
):
    client.force_login(desk.technician)
    page = client.get("/profil/")
    assert 'value="assigned"' in page.content.decode()
    assert 'value="received"' not in page.content.decode()  # essential, not offered
    kept = ["reopened", "closed", "sla_at_risk", "sla_breached", "problem_resolved"]
    response = client.post("/profil/", {"mail_preferences": "1", "receive": kept})
    assert response.status_code == 302
    desk.technician.refresh_from_db()
    assert desk.technician.mail_opt_outs == ["assigned"]

    ticket = submit(desk)
    sent = step(
        django_capture_on_commit_callbacks,
        services.qualify_ticket,
        desk.moderator,
        ticket,
        assignee=desk.technician,
    )
    assert sent == []  # "assigned" turned off
    sent = step(
        django_capture_on_commit_callbacks, services.add_reply, desk.requester, ticket, body="?"
    )
    assert [m.to for m in sent] == [[desk.technician.email]]  # replies are essential

    # A bad choice is refused with a message, nothing saved.
    response = client.post("/profil/", {"mail_preferences": "1", "receive": ["received"]})
    assert response.status_code == 200
    desk.technician.refresh_from_db()
    assert desk.technician.mail_opt_outs == ["assigned"]
