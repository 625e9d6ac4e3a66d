"""Knowledge screens of the back-office: publishing from a ticket, articles due for review."""

import datetime

import pytest

from helpdesk.models import TicketStatus
from knowledge.models import ArticlePage
from tests.helpdesk.factories import make_desk, ticket_in
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db


def test_technician_publishes_a_resolved_ticket_into_a_draft(client):
    desk = make_desk()
    ticket = ticket_in(desk, TicketStatus.RESOLVED)
    client.force_login(desk.technician)
    screen = client.get(f"/admin/tickets/{ticket.reference}/").content.decode()
    assert f"/admin/fiches/depuis-ticket/{ticket.reference}/" in screen
    response = client.post(f"/admin/fiches/depuis-ticket/{ticket.reference}/")
    article = ArticlePage.objects.get(source_ticket=ticket)
    assert (
        response.status_code == 302 and response["Location"] == f"/admin/pages/{article.pk}/edit/"
    )
    assert not article.live
    assert client.get(response["Location"]).status_code == 200  # a technician may edit it


def test_no_draft_from_an_open_ticket_nor_by_an_outsider(client):
    desk = make_desk()
    open_ticket = ticket_in(desk, TicketStatus.ASSIGNED)
    client.force_login(desk.technician)
    client.post(f"/admin/fiches/depuis-ticket/{open_ticket.reference}/")
    assert not ArticlePage.objects.exists()
    resolved = ticket_in(desk, TicketStatus.RESOLVED)
    client.force_login(make_desk("Scenari").technician)
    assert client.post(f"/admin/fiches/depuis-ticket/{resolved.reference}/").status_code == 404


def test_moderators_see_their_briques_articles_due_for_review(client):
    desk = make_desk()
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    make_article(desk.brique, title="Fiche ancienne", slug="ancienne", review_due=yesterday)
    make_article(
        desk.brique,
        title="Fiche récente",
        slug="recente",
        review_due=datetime.date.today() + datetime.timedelta(days=30),
    )
    other = make_desk("Scenari")
    make_article(other.brique, title="Autre brique", slug="autre", review_due=yesterday)
    client.force_login(desk.moderator)
    html = client.get("/admin/fiches/a-revoir/").content.decode()
    assert "Fiche ancienne" in html
    assert "Fiche récente" not in html and "Autre brique" not in html
    client.force_login(desk.technician)
    assert client.get("/admin/fiches/a-revoir/").status_code == 404
