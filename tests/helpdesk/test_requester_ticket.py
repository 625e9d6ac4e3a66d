"""The requester's ticket page: what it shows, what it hides, and each action through it."""

import pytest
from django.urls import reverse

from helpdesk import services
from helpdesk.models import PendingReason, TicketStatus
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk, png_file, submit, ticket_in

pytestmark = pytest.mark.django_db
S = TicketStatus


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def url(ticket, name="ticket"):
    return reverse(f"helpdesk:{name}", args=[ticket.reference])


def test_page_shows_the_ticket_in_words(client):
    desk = make_desk()
    ticket = submit(desk)
    client.force_login(desk.requester)
    response = client.get(url(ticket))
    content = response.content.decode()
    assert response.status_code == 200
    assert ticket.reference in content and ticket.title in content
    assert "Le bouton « Déposer » reste grisé" in content
    assert "badge-ticket-new" in content and desk.brique.title in content


def test_someone_elses_ticket_is_a_404(client):
    desk = make_desk()
    ticket = submit(desk)
    client.force_login(desk.outsider)
    assert client.get(url(ticket)).status_code == 404
    assert client.get(url(ticket, "cancel")).status_code == 404
    response = client.post(url(ticket, "reply"), {"reply-body": "x", "reply-version": "1"})
    assert response.status_code == 404
    assert client.get(reverse("helpdesk:ticket", args=["R-999999"])).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    desk = make_desk()
    ticket = submit(desk)
    response = client.get(url(ticket))
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]


def test_a_colleague_kept_informed_sees_it_and_may_reply_only(client):
    desk = make_desk()
    colleague = UserFactory(username="collegue", email="collegue@insa.example")
    ticket = submit(desk, watchers=["Collegue@insa.example"])
    client.force_login(colleague)
    response = client.get(url(ticket))
    assert response.status_code == 200
    assert response.context["reply_form"] is not None
    assert not response.context["can_cancel"]


def test_internal_notes_and_files_never_reach_the_requester(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    services.add_note(
        desk.technician, ticket, body="NOTE-INTERNE-SECRETE", files=[png_file("interne.png")]
    )
    services.put_on_hold(
        desk.technician,
        ticket,
        reason=PendingReason.PROVIDER,
        comment="ATTENTE-PRESTATAIRE-INTERNE",
    )
    services.add_reply(
        desk.technician, ticket, body="Réponse publique visible", files=[png_file("public.png")]
    )
    client.force_login(desk.requester)
    content = client.get(url(ticket)).content.decode()
    assert "Réponse publique visible" in content and "public.png" in content
    assert "NOTE-INTERNE-SECRETE" not in content
    assert "ATTENTE-PRESTATAIRE-INTERNE" not in content
    assert "interne.png" not in content


def test_staff_see_the_public_view_and_a_link_to_the_back_office(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    services.add_note(desk.technician, ticket, body="NOTE-INTERNE-SECRETE")
    client.force_login(desk.admin)
    content = client.get(url(ticket)).content.decode()
    assert "NOTE-INTERNE-SECRETE" not in content
    assert f"/admin/tickets/{ticket.reference}/" in content


def test_reply_through_the_page_resumes_a_ticket_waiting_for_the_requester(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.PENDING)
    client.force_login(desk.requester)
    page = client.get(url(ticket))
    assert "badge-ticket-waiting-you" in page.content.decode()
    response = client.post(
        url(ticket, "reply"),
        {
            "reply-body": "Firefox 140.",
            "reply-version": ticket.version,
            "reply-files": [png_file()],
        },
    )
    assert response.status_code == 302 and response["Location"] == url(ticket)
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED
    message = ticket.messages.order_by("-pk").first()
    assert message.body == "Firefox 140." and message.attachments.count() == 1


def test_an_empty_reply_is_refused_with_the_field_named(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.requester)
    response = client.post(
        url(ticket, "reply"), {"reply-body": " ", "reply-version": ticket.version}
    )
    assert response.status_code == 200
    assert "body" in response.context["reply_form"].errors
    assert 'id="reply-errors"' in response.content.decode()


def test_stale_version_is_refused_and_the_text_kept(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    seen = ticket.version
    services.add_reply(desk.technician, ticket, body="Entre-temps…")
    client.force_login(desk.requester)
    response = client.post(url(ticket, "reply"), {"reply-body": "Mon texte", "reply-version": seen})
    assert response.status_code == 200
    assert ticket.messages.filter(body="Mon texte").count() == 0
    messages = [str(m) for m in response.context["messages"]]
    assert any("changed" in m or "modifié" in m for m in messages)
    form = response.context["reply_form"]
    assert form["body"].value() == "Mon texte"
    ticket.refresh_from_db()
    assert str(form["version"].value()) == str(ticket.version)
    # Sent again from the reloaded page, it goes through.
    client.post(url(ticket, "reply"), {"reply-body": "Mon texte", "reply-version": ticket.version})
    assert ticket.messages.filter(body="Mon texte").count() == 1


def test_cancel_asks_for_confirmation_then_cancels(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.requester)
    assert url(ticket, "cancel") in client.get(url(ticket)).content.decode()
    confirm_page = client.get(url(ticket, "cancel"))
    assert confirm_page.status_code == 200
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED  # showing the question changes nothing
    client.post(
        url(ticket, "cancel"),
        {"cancel-version": ticket.version, "cancel-reason": "Résolu tout seul"},
    )
    ticket.refresh_from_db()
    assert ticket.status == S.CANCELLED


def test_cancel_is_refused_once_resolved(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.RESOLVED)
    client.force_login(desk.requester)
    assert url(ticket, "cancel") not in client.get(url(ticket)).content.decode()
    response = client.post(url(ticket, "cancel"), {"cancel-version": ticket.version}, follow=True)
    ticket.refresh_from_db()
    assert ticket.status == S.RESOLVED
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_confirm_with_a_rating(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.RESOLVED)
    client.force_login(desk.requester)
    content = client.get(url(ticket)).content.decode()
    assert "Cache vidé." in content  # the solution
    assert "<fieldset" in content and "<legend>" in content
    assert content.count('name="confirm-rating"') == 4
    client.post(
        url(ticket, "confirm"),
        {"confirm-version": ticket.version, "confirm-rating": "4", "confirm-comment": "Merci"},
    )
    ticket.refresh_from_db()
    assert ticket.status == S.CLOSED and ticket.satisfaction == 4
    assert ticket.satisfaction_comment == "Merci"


def test_confirm_without_rating_is_refused(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.RESOLVED)
    client.force_login(desk.requester)
    response = client.post(
        url(ticket, "confirm"), {"confirm-version": ticket.version, "confirm-comment": "Gardé"}
    )
    assert "rating" in response.context["confirm_form"].errors
    assert "Gardé" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == S.RESOLVED


def test_reopen_with_a_reason(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.RESOLVED)
    client.force_login(desk.requester)
    refused = client.post(url(ticket, "reopen"), {"reopen-version": ticket.version})
    assert "reason" in refused.context["reopen_form"].errors
    client.post(
        url(ticket, "reopen"),
        {"reopen-version": ticket.version, "reopen-reason": "Toujours grisé."},
    )
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED and ticket.reopen_count == 1


def test_actions_not_open_are_neither_shown_nor_accepted(client):
    desk = make_desk()
    ticket = ticket_in(desk, S.CLOSED)
    client.force_login(desk.requester)
    response = client.get(url(ticket))
    assert response.context["reply_form"] is None and response.context["confirm_form"] is None
    before = ticket.version
    client.post(url(ticket, "reopen"), {"reopen-version": before, "reopen-reason": "Encore"})
    client.post(url(ticket, "reply"), {"reply-version": before, "reply-body": "Encore"})
    ticket.refresh_from_db()
    assert ticket.version == before and ticket.status == S.CLOSED


def test_ticket_page_query_count_does_not_grow_with_the_thread(
    client, django_assert_max_num_queries
):
    desk = make_desk()
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.requester)
    for index in range(3):
        services.add_reply(desk.technician, ticket, body=f"Message {index}", files=[png_file()])
    with django_assert_max_num_queries(30) as few:
        client.get(url(ticket))
    for index in range(15):
        services.add_reply(desk.technician, ticket, body=f"Suite {index}", files=[png_file()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(ticket))
