"""The ticket issue's permission matrix, applied to the API: every role against every ticket
endpoint and action, in each open state.

What succeeds is the matrix of tests/helpdesk/test_permission_matrix.py (reused, not
recomputed from `helpdesk.policies`). How a refusal answers is written out here:
401 signed out; 404 when the ticket is not visible to the person; 403 when they see it but
the action is never theirs on it (or a staff endpoint for a requester); 409 when it is theirs
but not in this state. A refusal leaves the ticket as it was (its version does not move)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from helpdesk.models import Ticket, TicketStatus
from portal.services.api_tokens import create_api_token
from tests.helpdesk.test_permission_matrix import (
    ACTIONS,
    EXPECTED,
    ROLES,
    SEES_TICKET,
    STAFF_SCREEN,
    STATES,
    World,
)

pytestmark = pytest.mark.django_db
S = TicketStatus

_MODERATOR = {
    "qualify",
    "take",
    "reject",
    "mark_duplicate",
    "reassign",
    "reply",
    "note",
    "put_on_hold",
    "resume",
    "escalate",
    "resolve",
}
_ASSIGNEE = {"reply", "note", "put_on_hold", "resume", "escalate", "resolve", "reassign"}

# The actions each role's standing gives on the ticket in some state (409 when not now, 403
# when never). The assignee is only a chain technician while the ticket is new.
EVER: dict[str, dict[str, set[str]]] = {
    state: {
        "anonymous": set(),
        "requester": {"reply", "cancel", "confirm", "reopen"},
        "watcher": {"reply"},
        "other_requester": set(),
        "moderator": _MODERATOR,
        "chain_technician": {"reply", "note"},
        "other_school_technician": set(),
        "assignee": {"reply", "note"} if state == S.NEW else _ASSIGNEE,
        "admin": _MODERATOR - {"take"},
    }
    for state in STATES
}

# Requester-side endpoints (/tickets/...): everyone who may reply or cancel uses them.
REQUESTER_SIDE = {"reply", "cancel"}


def client_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def request_for(world: World, action: str, ticket: Ticket) -> tuple[str, dict]:
    data = dict(world.action_fields(action))
    data["version"] = ticket.version
    if action in REQUESTER_SIDE:
        return f"/api/v1/tickets/{ticket.reference}/{action}/", data
    slug = action.replace("_", "-")
    return f"/api/v1/staff/tickets/{ticket.reference}/{slug}/", data


def refusal(state: str, role: str, action: str) -> int:
    if role == "anonymous":
        return 401
    if role not in SEES_TICKET:
        return 404
    if action not in REQUESTER_SIDE and role not in STAFF_SCREEN:
        return 403
    return 409 if action in EVER[state][role] else 403


@pytest.mark.parametrize("state", STATES)
def test_every_role_and_action_through_the_api(state):
    world = World()
    outcomes = []
    for role in ROLES:
        client = client_for(world.people[role])
        ticket = world.ticket(state)
        for action in ACTIONS:
            before = ticket.version
            url, data = request_for(world, action, ticket)
            response = client.post(url, data, format="json")
            ticket.refresh_from_db()
            if action in EXPECTED[state][role]:
                outcomes.append((role, action, response.status_code, 200))
                assert ticket.version > before, (role, state, action, response.json())
                ticket = world.ticket(state)  # the next action starts from the state again
            else:
                expected = refusal(state, role, action)
                outcomes.append((role, action, response.status_code, expected))
                assert ticket.version == before and ticket.status == state, (role, action)
                assert response.json()["status"] == response.status_code
    wrong = [outcome for outcome in outcomes if outcome[2] != outcome[3]]
    assert wrong == [], wrong
    # Every kind of answer was met, so none of the branches above went untested.
    assert {outcome[3] for outcome in outcomes} == {200, 401, 403, 404, 409}


@pytest.mark.parametrize("state", STATES)
def test_every_role_reading_the_ticket(state):
    world = World()
    ticket = world.ticket(state)
    for role in ROLES:
        client = client_for(world.people[role])
        public = client.get(f"/api/v1/tickets/{ticket.reference}/").status_code
        staff = client.get(f"/api/v1/staff/tickets/{ticket.reference}/").status_code
        mine = client.get("/api/v1/tickets/")
        if role == "anonymous":
            assert (public, staff, mine.status_code) == (401, 401, 401)
            continue
        assert public == (200 if role in SEES_TICKET else 404), role
        if role in STAFF_SCREEN:
            assert staff == 200, role
        else:
            assert staff == (403 if role in SEES_TICKET else 404), role
        listed = {row["reference"] for row in mine.json()["results"]}
        assert (ticket.reference in listed) == (role in {"requester", "watcher"}), role


def test_a_read_only_token_can_take_no_action():
    world = World()
    for role in ("requester", "assignee", "moderator", "admin"):
        _token, secret = create_api_token(world.people[role], "Lecture", "read")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        ticket = world.ticket(S.ASSIGNED)
        assert client.get(f"/api/v1/tickets/{ticket.reference}/").status_code == 200
        for action in ACTIONS:
            url, data = request_for(world, action, ticket)
            response = client.post(url, data, format="json")
            assert response.status_code == 403, (role, action)
        ticket.refresh_from_db()
        assert ticket.version == 2, role
