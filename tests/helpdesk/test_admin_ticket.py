"""The staff ticket screen: what it shows, and every action posted through the page."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from helpdesk import services
from helpdesk.models import (
    PendingReason,
    ResolutionCode,
    TicketAttachment,
    TicketMessage,
    TicketStatus,
)
from portal.models import BriqueProvider
from tests.factories import ProviderFactory
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # Messages are asserted in English (the message ids), whatever the catalogs say.
    return Client(headers={"accept-language": "en"})


S = TicketStatus


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    field = TicketAttachment._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path))


@pytest.fixture
def desk():
    return make_desk()


def url(ticket):
    return f"/admin/tickets/{ticket.reference}/"


def post_action(client, ticket, action, version=None, **fields):
    data = {"action": action, f"{action}-version": ticket.version if version is None else version}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(url(ticket), data)


def levels(response):
    return [m.level_tag for m in get_messages(response.wsgi_request)]


def test_screen_shows_thread_notes_history_process_and_allowed_actions(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    services.add_reply(desk.requester, ticket, body="Merci de votre aide.")
    services.add_note(desk.technician, ticket, body="Vérifier le quota du cours.")
    client.force_login(desk.technician)
    page = client.get(url(ticket)).content.decode()
    assert "Merci de votre aide." in page and "Vérifier le quota du cours." in page
    assert "helpdesk-message--internal" in page and "Internal note" in page
    assert "qualified and assigned" in page  # the history
    assert "Treat: reply, put on hold, escalate, resolve (technician)" in page  # process task
    assert f"/admin/tickets/{ticket.reference}/chart/" in page
    # Only the assignee's actions in this state.
    for action in ("reply", "note", "put_on_hold", "escalate", "resolve", "reassign"):
        assert f'name="action" value="{action}"' in page
    for action in ("qualify", "take", "reject", "resume"):
        assert f'name="action" value="{action}"' not in page


def test_invisible_ticket_answers_404(client, desk):
    other = make_desk("Scenari")
    ticket = submit(desk)
    client.force_login(other.technician)
    assert client.get(url(ticket)).status_code == 404
    assert post_action(client, ticket, "note", body="x").status_code == 404
    assert client.get(f"{url(ticket)}chart/").status_code == 404
    assert client.get("/admin/tickets/R-999999/").status_code == 404


def test_staff_who_is_the_requester_elsewhere_gets_404_not_the_internal_view(client, desk):
    other = make_desk("Scenari")
    ticket = submit(desk, requester=other.moderator)
    client.force_login(other.moderator)
    assert client.get(url(ticket)).status_code == 404


def test_qualify_and_assign(client, desk):
    ticket = submit(desk)
    client.force_login(desk.moderator)
    page = client.get(url(ticket)).content.decode()
    # The suggestion: the requester's school technician.
    assert f'value="{desk.school_technician.pk}" selected' in page
    category = desk.brique.categories.get()
    response = post_action(
        client,
        ticket,
        "qualify",
        kind="service_request",
        category=category.pk,
        impact=2,
        urgency=3,
        priority=1,
        assignee=desk.technician.pk,
        comment="Urgent : examen.",
    )
    assert response.status_code == 302 and levels(response) == ["success"]
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED and ticket.assignee == desk.technician
    assert ticket.priority == 1 and ticket.kind == "service_request"
    assert ticket.category == category and ticket.moderator == desk.moderator


def test_take_it_myself(client, desk):
    ticket = submit(desk)
    client.force_login(desk.moderator)
    post_action(client, ticket, "take")
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED and ticket.assignee == desk.moderator


def test_reject_needs_a_reason(client, desk):
    ticket = submit(desk)
    client.force_login(desk.moderator)
    response = post_action(client, ticket, "reject", reason="  ")
    assert response.status_code == 200 and "error" in levels(response)
    assert 'id="action-reject"' in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == S.NEW
    post_action(client, ticket, "reject", reason="Hors périmètre du groupe.")
    ticket.refresh_from_db()
    assert ticket.status == S.REJECTED


def test_mark_duplicate(client, desk):
    original = submit(desk, title="Original")
    elsewhere = submit(make_desk("Scenari"))
    ticket = submit(desk)
    client.force_login(desk.moderator)
    response = post_action(client, ticket, "mark_duplicate", original=elsewhere.reference)
    assert response.status_code == 200
    assert response.context["action_forms"][-1].errors["original"]
    ticket.refresh_from_db()
    assert ticket.status == S.NEW
    post_action(client, ticket, "mark_duplicate", original=original.reference.lower())
    ticket.refresh_from_db()
    assert ticket.status == S.CLOSED and ticket.duplicate_of == original


def test_reassign_hand_over(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.technician)
    post_action(
        client, ticket, "reassign", assignee=desk.school_technician.pk, comment="Je pars en congés."
    )
    ticket.refresh_from_db()
    assert ticket.assignee == desk.school_technician


def test_public_reply_with_a_file_and_internal_note(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.technician)
    upload = SimpleUploadedFile("procedure.txt", b"Etape 1 : vider le cache.\n")
    data = {
        "action": "reply",
        "reply-version": ticket.version,
        "reply-body": "Voici la procédure.",
        "reply-files": [upload],
    }
    assert client.post(url(ticket), data).status_code == 302
    reply = TicketMessage.objects.get(body="Voici la procédure.")
    assert not reply.internal and reply.attachments.get().original_name == "procedure.txt"
    ticket.refresh_from_db()
    post_action(client, ticket, "note", body="Le quota était plein.")
    note = TicketMessage.objects.get(body="Le quota était plein.")
    assert note.internal
    page = client.get(url(ticket)).content.decode()
    assert "procedure.txt" in page


def test_refused_file_keeps_the_typed_text(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.technician)
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00")
    data = {
        "action": "reply",
        "reply-version": ticket.version,
        "reply-body": "Texte gardé",
        "reply-files": [upload],
    }
    response = client.post(url(ticket), data)
    assert response.status_code == 200
    assert "Texte gardé" in response.content.decode()
    assert not TicketMessage.objects.filter(body="Texte gardé").exists()


def test_hold_resume_escalate_resolve(client, desk):
    provider = ProviderFactory(name="Hébergeur")
    BriqueProvider.objects.create(brique=desk.brique, provider=provider)
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.technician)

    post_action(
        client,
        ticket,
        "put_on_hold",
        reason=PendingReason.THIRD_PARTY,
        comment="Attente de la DSI.",
    )
    ticket.refresh_from_db()
    assert ticket.status == S.PENDING and ticket.pending_reason == PendingReason.THIRD_PARTY

    post_action(client, ticket, "resume", comment="La DSI a répondu.")
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED

    post_action(client, ticket, "escalate", provider=provider.pk, provider_reference="CASE-42")
    ticket.refresh_from_db()
    assert ticket.status == S.PENDING and ticket.provider_reference == "CASE-42"

    post_action(
        client,
        ticket,
        "resolve",
        solution="Correctif appliqué par l'hébergeur.",
        resolution_code=ResolutionCode.FIXED,
    )
    ticket.refresh_from_db()
    assert ticket.status == S.RESOLVED and ticket.resolution_code == ResolutionCode.FIXED


def test_stale_version_is_refused_and_nothing_typed_is_lost(client, desk):
    ticket = submit(desk)
    seen = ticket.version
    services.add_note(desk.technician, ticket, body="Entre-temps.")  # someone else acts
    client.force_login(desk.moderator)
    response = post_action(client, ticket, "reject", version=seen, reason="Mon texte tapé")
    assert response.status_code == 409
    assert "error" in levels(response)
    page = response.content.decode()
    assert "Mon texte tapé" in page
    assert f'name="reject-version" value="{seen + 1}"' in page  # resubmitting applies knowingly
    ticket.refresh_from_db()
    assert ticket.status == S.NEW


def test_action_not_allowed_is_refused_with_state_unchanged(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.school_technician)  # in the chain, not the assignee
    response = post_action(client, ticket, "resolve", solution="x", resolution_code="fixed")
    assert response.status_code == 302 and levels(response) == ["error"]
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED
    # Not allowed in this state either, even for the moderator.
    version = ticket.version
    client.force_login(desk.moderator)
    post_action(
        client, ticket, "qualify", assignee=desk.technician.pk, kind="incident", impact=3, urgency=2
    )
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED and ticket.version == version


def test_chart_pages(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.technician)
    general = client.get("/admin/tickets/chart/")
    assert general.status_code == 200 and b"<svg" in general.content
    page = client.get(f"{url(ticket)}chart/").content.decode()
    assert '<g id="treat" transform' in page and 'class="new"' in page
