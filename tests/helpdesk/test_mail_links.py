"""The confirm / reopen links of a "resolved" e-mail: they lead the signed-in requester to the
decision form and change nothing; used by someone else, after the decision, after another
resolution or with a damaged token, they end on a page that says so."""

from __future__ import annotations

import re

import pytest

from helpdesk import services
from helpdesk.models import Ticket, TicketStatus
from tests.helpdesk.factories import submit
from tests.helpdesk.mail_fixtures import BASE, make_mail_desk, to

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(settings):
    return make_mail_desk(settings)


def resolve(desk, ticket, capture) -> tuple[str, str]:
    with capture(execute=True):
        services.resolve_ticket(desk.technician, ticket, solution="Fait.", resolution_code="fixed")
    message = to(desk.requester.email)[-1]
    confirm, reopen = re.findall(
        rf"^{re.escape(BASE)}(/demandes/\S+/lien/\S+/)$", message.body, re.M
    )
    return confirm, reopen


@pytest.fixture
def resolved(desk, django_capture_on_commit_callbacks):
    ticket = submit(desk)
    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
    return ticket, *resolve(desk, ticket, django_capture_on_commit_callbacks)


def test_the_requester_lands_on_the_decision_form(client, desk, resolved):
    ticket, confirm, reopen = resolved
    assert client.get(confirm).status_code == 302  # to sign-in first
    client.force_login(desk.requester)
    response = client.get(confirm)
    assert response.status_code == 302
    assert response["Location"] == f"/demandes/{ticket.reference}/?decision=confirm#decide-title"
    assert client.get(reopen)["Location"].endswith("?decision=reopen#decide-title")
    page = client.get(response["Location"]).content.decode()
    assert "Confirmer et clore ma demande" in page
    stored = Ticket.objects.get(pk=ticket.pk)
    assert (stored.status, stored.version) == (TicketStatus.RESOLVED, ticket.version)


def test_someone_else_gets_a_clear_page_and_learns_nothing(client, desk, resolved):
    ticket, confirm, _reopen = resolved
    client.force_login(desk.outsider)
    response = client.get(confirm)
    assert response.status_code == 403
    text = response.content.decode()
    assert "Ce lien a été envoyé à la personne qui a déposé la demande" in text
    assert ticket.title not in text
    assert Ticket.objects.get(pk=ticket.pk).version == ticket.version


def test_used_after_the_decision_or_a_new_resolution(
    client, desk, resolved, django_capture_on_commit_callbacks
):
    ticket, confirm, reopen = resolved
    client.force_login(desk.requester)
    services.reopen_ticket(desk.requester, ticket, reason="Toujours grisé.")
    response = client.get(confirm)
    assert response.status_code == 409
    assert "Ce lien ne peut plus servir" in response.content.decode()
    # Resolved again: the old links stay dead, the new ones work.
    new_confirm, _new_reopen = resolve(desk, ticket, django_capture_on_commit_callbacks)
    assert client.get(reopen).status_code == 409
    assert client.get(new_confirm).status_code == 302
    services.confirm_resolution(desk.requester, ticket, rating=4)
    version = Ticket.objects.get(pk=ticket.pk).version
    for link in (new_confirm, confirm):
        response = client.get(link)
        assert response.status_code == 409
        assert "«\u00a0clos\u00a0»" in response.content.decode()
    assert Ticket.objects.get(pk=ticket.pk).version == version


def test_a_damaged_link_is_refused(client, desk, resolved):
    ticket, confirm, _reopen = resolved
    client.force_login(desk.requester)
    damaged = confirm[:-3] + "xx/"
    response = client.get(damaged)
    assert response.status_code == 404
    assert "Ce lien n’est pas valide" in response.content.decode()
    other = submit(desk)
    moved = confirm.replace(ticket.reference, other.reference)
    assert client.get(moved).status_code == 404
