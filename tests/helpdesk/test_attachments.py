"""Ticket files are served only through the checked view, to people who may see them."""

import pytest
from django.urls import reverse

from helpdesk import services
from helpdesk.models import TicketAttachment, TicketStatus
from tests.factories import UserFactory
from tests.helpdesk.factories import PNG_BYTES, make_desk, pdf_file, png_file, submit, ticket_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def download_url(attachment):
    return reverse("helpdesk:attachment", args=[attachment.ticket.reference, attachment.pk])


def content(response):
    return b"".join(response.streaming_content)


def test_requester_downloads_their_file(client):
    desk = make_desk()
    ticket = submit(desk, files=[png_file("écran.png")])
    attachment = ticket.attachments.get()
    client.force_login(desk.requester)
    response = client.get(download_url(attachment))
    assert response.status_code == 200
    assert content(response) == PNG_BYTES
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert attachment.original_name in response["Content-Disposition"] or (
        "filename*=" in response["Content-Disposition"]
    )


def test_the_type_served_is_the_stored_one_not_the_name(client):
    desk = make_desk()
    ticket = submit(desk, files=[pdf_file("image.png")])
    client.force_login(desk.requester)
    response = client.get(download_url(ticket.attachments.get()))
    assert response["Content-Type"] == "application/pdf"


def test_someone_else_gets_a_404(client):
    desk = make_desk()
    ticket = submit(desk, files=[png_file()])
    client.force_login(desk.outsider)
    assert client.get(download_url(ticket.attachments.get())).status_code == 404


def test_anonymous_is_sent_to_sign_in(client):
    desk = make_desk()
    ticket = submit(desk, files=[png_file()])
    response = client.get(download_url(ticket.attachments.get()))
    assert response.status_code == 302


def test_a_file_of_another_ticket_is_a_404(client):
    desk = make_desk()
    mine = submit(desk)
    theirs = submit(desk, requester=desk.outsider, files=[png_file()])
    client.force_login(desk.requester)
    url = reverse("helpdesk:attachment", args=[mine.reference, theirs.attachments.get().pk])
    assert client.get(url).status_code == 404


def test_internal_files_only_for_staff(client):
    desk = make_desk()
    ticket = ticket_in(desk, TicketStatus.ASSIGNED)
    services.add_note(desk.technician, ticket, body="Journal serveur", files=[png_file("log.png")])
    attachment = TicketAttachment.objects.get(ticket=ticket, internal=True)
    client.force_login(desk.requester)
    assert client.get(download_url(attachment)).status_code == 404
    client.force_login(desk.technician)
    assert client.get(download_url(attachment)).status_code == 200


def test_colleague_kept_informed_downloads_public_files(client):
    desk = make_desk()
    colleague = UserFactory(username="collegue", email="collegue@insa.example")
    ticket = submit(desk, watchers=[colleague.email], files=[png_file()])
    client.force_login(colleague)
    assert client.get(download_url(ticket.attachments.get())).status_code == 200
