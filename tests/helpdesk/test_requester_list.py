"""“Mes demandes”: the requester's tickets and those they follow, filtered and paginated."""

import pytest
from django.urls import reverse

from helpdesk.models import TicketStatus
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db
S = TicketStatus
URL = reverse("helpdesk:my_tickets")


def references(response):
    return [ticket.reference for ticket in response.context["tickets"]]


def test_sign_in_required(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]


def test_own_and_followed_tickets_only(client):
    desk = make_desk()
    mine = submit(desk, title="Le mien")
    followed = submit(
        desk, requester=desk.outsider, title="Suivi", watchers=[desk.requester.email.upper()]
    )
    other = submit(desk, requester=desk.outsider, title="Pas à moi")
    client.force_login(desk.requester)
    response = client.get(URL)
    assert set(references(response)) == {mine.reference, followed.reference}
    content = response.content.decode()
    assert other.title not in content
    assert "badge-ticket-new" in content and desk.brique.title in content


def test_filter_by_status_group_and_search(client):
    desk = make_desk()
    new = submit(desk, title="Quiz introuvable")
    resolved = ticket_in(desk, S.RESOLVED)
    closed = ticket_in(desk, S.CLOSED)
    cancelled = ticket_in(desk, S.CANCELLED)
    client.force_login(desk.requester)
    assert references(client.get(URL, {"status": "open"})) == [new.reference]
    assert references(client.get(URL, {"status": "resolved"})) == [resolved.reference]
    assert set(references(client.get(URL, {"status": "closed"}))) == {
        closed.reference,
        cancelled.reference,
    }
    assert references(client.get(URL, {"q": "quiz"})) == [new.reference]
    assert references(client.get(URL, {"q": resolved.reference})) == [resolved.reference]
    # An unknown filter value is ignored rather than an error.
    assert len(references(client.get(URL, {"status": "nonsense"}))) == 4


def test_paginated_by_twenty_keeping_the_filters(client):
    desk = make_desk()
    for index in range(23):
        submit(desk, title=f"Demande {index}")
    client.force_login(desk.requester)
    first = client.get(URL, {"status": "open"})
    assert len(references(first)) == 20
    assert "status=open&amp;page=2" in first.content.decode()
    second = client.get(URL, {"status": "open", "page": 2})
    assert len(references(second)) == 3
    assert client.get(URL, {"page": 99}).status_code == 200


def test_no_ticket_yet(client):
    requester = UserFactory()
    client.force_login(requester)
    response = client.get(URL)
    assert response.status_code == 200 and references(response) == []


@pytest.mark.parametrize("count", [3, 25])
def test_query_count_does_not_grow_with_rows(client, count, django_assert_max_num_queries):
    desk = make_desk()
    for index in range(count):
        submit(desk, title=f"Demande {index}")
    client.force_login(desk.requester)
    # Session, user, count, page rows: a constant, whatever the number of tickets.
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert len(references(response)) == min(count, 20)
