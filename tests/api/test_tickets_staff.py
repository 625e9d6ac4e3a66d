"""The staff's ticket endpoints: queues with the back-office's scopes, the ticket with its notes
and history, and the actions of the staff screen through the services."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk import services
from helpdesk.models import Ticket, TicketEvent, TicketStatus
from portal.models import BriqueProvider, Category
from tests.api.test_tickets_requester import error, signed_in
from tests.factories import ProviderFactory, UserFactory, make_brique
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db
S = TicketStatus


@pytest.fixture
def desk():
    return make_desk()


def queue(client, slug: str, query: str = "") -> list[str]:
    response = client.get(f"/api/v1/staff/queues/{slug}/tickets/{query}")
    assert response.status_code == 200, response.json()
    return [row["reference"] for row in response.json()["results"]]


# --- queues -----------------------------------------------------------------------------------


def test_each_role_lists_its_queues(desk):
    def slugs(user):
        response = signed_in(user).get("/api/v1/staff/queues/")
        assert response.status_code == 200
        return [row["slug"] for row in response.json()]

    assert slugs(desk.moderator) == ["new", "mine", "team", "pending", "briques"]
    assert slugs(desk.technician) == ["mine", "team", "pending"]
    assert slugs(desk.admin) == ["new", "mine", "pending", "all"]
    assert slugs(desk.requester) == []
    first = signed_in(desk.moderator).get("/api/v1/staff/queues/").json()[0]
    assert first["label"] and first["url"].endswith("/api/v1/staff/queues/new/tickets/")


def test_queues_have_the_back_office_scopes(desk):
    other = make_brique("Zimbra")
    new = submit(desk)
    assigned = ticket_in(desk, S.ASSIGNED)  # to desk.technician
    pending = ticket_in(desk, S.PENDING)
    foreign = services.submit_ticket(
        desk.requester,
        brique=other,
        kind="incident",
        title="t",
        description="d",
        impact=3,
        urgency=4,
    )
    moderator, technician = signed_in(desk.moderator), signed_in(desk.technician)
    assert queue(moderator, "new") == [new.reference]
    assert queue(technician, "mine") == [pending.reference, assigned.reference]
    assert set(queue(technician, "team")) == {new.reference, assigned.reference, pending.reference}
    assert queue(technician, "pending") == [pending.reference]
    assert foreign.reference in queue(signed_in(desk.admin), "all")
    assert foreign.reference not in queue(moderator, "briques")
    # A queue that is not yours does not exist for you.
    error(technician.get("/api/v1/staff/queues/new/tickets/"), 404, "not_found")
    error(signed_in(desk.requester).get("/api/v1/staff/queues/mine/tickets/"), 404, "not_found")
    error(moderator.get("/api/v1/staff/queues/nothing/tickets/"), 404, "not_found")
    error(signed_in(None).get("/api/v1/staff/queues/"), 401, "not_authenticated")


def test_queue_filters_and_ordering(desk):
    first = submit(desk, urgency=1, impact=1)  # priority 1
    second = submit(desk, urgency=4, impact=3)  # priority 4
    category = Category.objects.get(brique=desk.brique)
    third = submit(desk, category=category)
    client = signed_in(desk.moderator)
    assert queue(client, "new", "?priority=1") == [first.reference]
    assert queue(client, "new", "?priority=4&priority=1&ordering=priority") == [
        first.reference,
        second.reference,
    ]
    assert queue(client, "new", f"?category={category.pk}") == [third.reference]
    assert queue(client, "new", "?ordering=created_at") == [
        first.reference,
        second.reference,
        third.reference,
    ]
    assert queue(client, "new", f"?requester={desk.requester.username}") != []
    assert queue(client, "new", f"?brique={desk.brique.pk}&establishment={desk.school.pk}") != []
    for bad in ("?priority=9", "?status=on-fire", "?brique=x", f"?brique={2**80}", "?kind=x"):
        error(client.get(f"/api/v1/staff/queues/new/tickets/{bad}"), 400, "invalid")


@pytest.mark.parametrize("slug", ["new", "team"])
def test_queue_query_count_does_not_grow_with_the_page(desk, slug):
    client = signed_in(desk.moderator if slug == "new" else desk.technician)
    submit(desk)
    queue(client, slug)  # warm caches
    with CaptureQueriesContext(connection) as few:
        assert len(queue(client, slug, "?page_size=100")) == 1
    for _n in range(15):
        submit(desk)
    with CaptureQueriesContext(connection) as many:
        assert len(queue(client, slug, "?page_size=100")) == 16
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- the ticket, for staff --------------------------------------------------------------------


def test_staff_detail_has_notes_history_and_actions(desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    services.add_note(desk.technician, ticket, body="Note interne")
    response = signed_in(desk.technician).get(f"/api/v1/staff/tickets/{ticket.reference}/")
    assert response.status_code == 200
    body = response.json()
    assert [(m["body"], m["internal"]) for m in body["messages"]] == [("Note interne", True)]
    assert [event["action"] for event in body["history"]] == ["submit", "qualify", "note"]
    assert set(body["actions"]) == {
        "reply",
        "note",
        "put_on_hold",
        "escalate",
        "resolve",
        "reassign",
    }
    assert body["assignee"]["username"] == desk.technician.username
    assert body["requester"]["email"] == desk.requester.email


def test_staff_detail_is_403_for_the_requester_and_404_for_others(desk):
    ticket = submit(desk)
    error(
        signed_in(desk.requester).get(f"/api/v1/staff/tickets/{ticket.reference}/"),
        403,
        "permission_denied",
    )
    error(
        signed_in(desk.outsider).get(f"/api/v1/staff/tickets/{ticket.reference}/"), 404, "not_found"
    )


def test_assignees_are_the_chain_for_the_requesters_school(desk):
    ticket = submit(desk)
    response = signed_in(desk.moderator).get(f"/api/v1/staff/tickets/{ticket.reference}/assignees/")
    names = {row["username"] for row in response.json()}
    assert names == {
        desk.moderator.username,
        desk.technician.username,
        desk.school_technician.username,
    }


# --- actions ----------------------------------------------------------------------------------


def test_the_whole_journey_through_the_api(desk):
    ticket = submit(desk)
    moderator, technician = signed_in(desk.moderator), signed_in(desk.technician)
    base = f"/api/v1/staff/tickets/{ticket.reference}"
    response = moderator.post(
        f"{base}/qualify/",
        {
            "assignee": desk.technician.pk,
            "kind": "service_request",
            "impact": 1,
            "urgency": 1,
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "assigned" and response.json()["priority"] == 1
    response = technician.post(
        f"{base}/put-on-hold/",
        {"reason": "requester", "comment": "Quel navigateur ?"},
        format="json",
    )
    assert response.json()["status"] == "pending"
    signed_in(desk.requester).post(
        f"/api/v1/tickets/{ticket.reference}/reply/", {"body": "Firefox."}, format="json"
    )
    response = technician.post(
        f"{base}/resolve/", {"solution": "Cache vidé.", "resolution_code": "fixed"}, format="json"
    )
    assert response.json()["status"] == "resolved"
    response = signed_in(desk.requester).post(
        f"/api/v1/tickets/{ticket.reference}/confirm/", {"rating": 4}, format="json"
    )
    assert response.json()["status"] == "closed"
    ticket.refresh_from_db()
    assert ticket.satisfaction == 4 and ticket.kind == "service_request"


def test_take_reject_note_reassign_escalate_resume(desk):
    provider = ProviderFactory(name="Hébergeur")
    BriqueProvider.objects.create(brique=desk.brique, provider=provider)
    moderator, technician = signed_in(desk.moderator), signed_in(desk.technician)
    taken = submit(desk)
    response = moderator.post(f"/api/v1/staff/tickets/{taken.reference}/take/", {}, format="json")
    assert response.json()["assignee"]["username"] == desk.moderator.username
    rejected = submit(desk)
    response = moderator.post(
        f"/api/v1/staff/tickets/{rejected.reference}/reject/",
        {"reason": "Hors périmètre."},
        format="json",
    )
    assert response.json()["status"] == "rejected"
    ticket = ticket_in(desk, S.ASSIGNED)
    base = f"/api/v1/staff/tickets/{ticket.reference}"
    response = technician.post(f"{base}/note/", {"body": "Vu avec la DSI."}, format="json")
    assert response.json()["messages"][-1]["internal"] is True
    response = technician.post(
        f"{base}/escalate/", {"provider": provider.pk, "provider_reference": "INC-1"}, format="json"
    )
    assert response.json()["status"] == "pending" and response.json()["provider"] == "Hébergeur"
    response = technician.post(f"{base}/resume/", {"comment": "Réponse reçue."}, format="json")
    assert response.json()["status"] == "assigned"
    response = technician.post(
        f"{base}/reassign/", {"assignee": desk.school_technician.pk}, format="json"
    )
    assert response.json()["assignee"]["username"] == desk.school_technician.username
    # The former assignee is now a chain technician: reply and note only.
    error(
        technician.post(
            f"{base}/resolve/", {"solution": "x", "resolution_code": "fixed"}, format="json"
        ),
        403,
        "permission_denied",
    )


def test_mark_duplicate_needs_a_visible_ticket_of_the_same_brique(desk):
    original = submit(desk, title="La première")
    ticket = submit(desk)
    foreign = services.submit_ticket(
        desk.requester,
        brique=make_brique("Zimbra"),
        kind="incident",
        title="t",
        description="d",
        impact=3,
        urgency=4,
    )
    client = signed_in(desk.moderator)
    url = f"/api/v1/staff/tickets/{ticket.reference}/mark-duplicate/"
    for bad in (foreign.reference, ticket.reference, "R-999999", ""):
        body = error(client.post(url, {"original": bad}, format="json"), 400, "invalid")
        assert "original" in body["fields"]
    ticket.refresh_from_db()
    assert ticket.status == S.NEW
    response = client.post(url, {"original": original.reference.lower()}, format="json")
    assert (
        response.json()["status"] == "closed"
        and response.json()["duplicate_of"] == original.reference
    )


def test_bad_ids_are_400_and_change_nothing(desk):
    ticket = submit(desk)
    outsider_staff = UserFactory(username="ailleurs", affiliation="staff")
    client = signed_in(desk.moderator)
    url = f"/api/v1/staff/tickets/{ticket.reference}/qualify/"
    for assignee in (outsider_staff.pk, 999999, 2**70, "abc", None, [1]):
        body = error(client.post(url, {"assignee": assignee}, format="json"), 400, "invalid")
        assert "assignee" in body["fields"]
    foreign_category = Category.objects.create(brique=make_brique("Zimbra"), name="Autre")
    body = error(
        client.post(
            url, {"assignee": desk.technician.pk, "category": foreign_category.pk}, format="json"
        ),
        400,
        "invalid",
    )
    assert "category" in body["fields"]
    assert (
        "impact"
        in error(
            client.post(url, {"assignee": desk.technician.pk, "impact": 7}, format="json"),
            400,
            "invalid",
        )["fields"]
    )
    ticket.refresh_from_db()
    assert ticket.status == S.NEW and ticket.version == 1
    assert TicketEvent.objects.filter(ticket=ticket).count() == 1


def test_escalate_to_a_provider_without_contract_is_400(desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    stranger = ProviderFactory(name="Inconnu")
    body = error(
        signed_in(desk.technician).post(
            f"/api/v1/staff/tickets/{ticket.reference}/escalate/",
            {"provider": stranger.pk},
            format="json",
        ),
        400,
        "invalid",
    )
    assert "provider" in body["fields"]


def test_two_agents_with_the_same_version_one_wins_the_other_gets_409(desk):
    ticket = submit(desk)
    url = f"/api/v1/staff/tickets/{ticket.reference}/qualify/"
    first = signed_in(desk.moderator).post(
        url, {"assignee": desk.technician.pk, "version": 1}, format="json"
    )
    assert first.status_code == 200
    second = signed_in(desk.admin).post(
        url, {"assignee": desk.school_technician.pk, "version": 1}, format="json"
    )
    error(second, 409, "stale")
    assert Ticket.objects.get(pk=ticket.pk).assignee == desk.technician


def test_an_action_not_open_in_this_state_is_409(desk):
    ticket = ticket_in(desk, S.RESOLVED)
    response = signed_in(desk.moderator).post(
        f"/api/v1/staff/tickets/{ticket.reference}/put-on-hold/",
        {"reason": "requester", "comment": "?"},
        format="json",
    )
    error(response, 409, "not_allowed_now")


def test_a_read_only_token_of_a_technician_cannot_act(desk):
    from rest_framework.test import APIClient

    from portal.services.api_tokens import create_api_token

    ticket = ticket_in(desk, S.ASSIGNED)
    before = ticket.version
    _token, secret = create_api_token(desk.technician, "Supervision", "read")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.get(f"/api/v1/staff/tickets/{ticket.reference}/").status_code == 200
    assert client.get("/api/v1/staff/queues/mine/tickets/").status_code == 200
    response = client.post(
        f"/api/v1/staff/tickets/{ticket.reference}/note/", {"body": "x"}, format="json"
    )
    error(response, 403, "permission_denied")
    ticket.refresh_from_db()
    assert ticket.version == before and not ticket.messages.exists()
