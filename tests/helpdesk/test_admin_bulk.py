"""Bulk actions on queue rows: each ticket through the same service as the single action,
failures collected per ticket."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from helpdesk import services
from helpdesk.models import ResolutionCode, TicketAction, TicketStatus
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    # Messages are asserted in English (the message ids), whatever the catalogs say.
    return Client(headers={"accept-language": "en"})


S = TicketStatus


@pytest.fixture
def desk():
    return make_desk()


def bulk(client, tickets, action, **fields):
    data = {
        "action": action,
        "next": "/admin/tickets/queue/team/",
        "tickets": [f"{t.pk}:{t.version}" for t in tickets],
    }
    data.update(fields)
    return client.post("/admin/tickets/bulk/", data)


def texts(response):
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def test_assign_qualifies_new_tickets_and_reassigns_assigned_ones(client, desk):
    new = submit(desk)
    assigned = ticket_in(desk, S.ASSIGNED)  # assigned to desk.technician
    client.force_login(desk.moderator)
    response = bulk(client, [new, assigned], "assign", assignee=desk.school_technician.pk)
    assert response.status_code == 302 and response["Location"] == "/admin/tickets/queue/team/"
    new.refresh_from_db()
    assigned.refresh_from_db()
    assert new.status == S.ASSIGNED and new.assignee == desk.school_technician
    assert assigned.assignee == desk.school_technician
    # The same history as single actions: the services wrote it.
    assert new.events.last().action == TicketAction.QUALIFY
    assert assigned.events.last().action == TicketAction.REASSIGN
    assert texts(response) == [("success", "2 tickets updated.")]


def test_partial_failure_is_reported_per_ticket(client, desk):
    assigned = ticket_in(desk, S.ASSIGNED)
    resolved = ticket_in(desk, S.RESOLVED)
    stale = ticket_in(desk, S.ASSIGNED)
    seen = stale.version
    services.add_note(desk.technician, stale, body="Entre-temps.")
    stale.version = seen
    client.force_login(desk.technician)
    response = bulk(
        client,
        [assigned, resolved, stale],
        "resolve",
        solution="Cache vidé.",
        resolution_code=ResolutionCode.FIXED,
    )
    messages = texts(response)
    assert messages[0] == ("success", "1 ticket updated.")
    level, error = messages[1]
    assert level == "error"
    assert resolved.reference in error and stale.reference in error
    assert assigned.reference not in error
    for ticket, status in ((assigned, S.RESOLVED), (resolved, S.RESOLVED), (stale, S.ASSIGNED)):
        ticket.refresh_from_db()
        assert ticket.status == status


def test_put_on_hold_in_bulk_and_rights_still_apply(client, desk):
    mine = ticket_in(desk, S.ASSIGNED)
    new = submit(desk)
    client.force_login(desk.technician)  # not the moderator: cannot put a new ticket on hold
    response = bulk(
        client, [mine, new], "hold", reason="requester", comment="Pouvez-vous préciser le cours ?"
    )
    mine.refresh_from_db()
    new.refresh_from_db()
    assert mine.status == S.PENDING and new.status == S.NEW
    assert any(level == "error" and new.reference in text for level, text in texts(response))


def test_invisible_tickets_are_not_touched(client, desk):
    other = make_desk("Scenari")
    hidden = ticket_in(other, S.ASSIGNED)
    client.force_login(desk.moderator)
    response = bulk(client, [hidden], "resolve", solution="x", resolution_code="fixed")
    hidden.refresh_from_db()
    assert hidden.status == S.ASSIGNED
    assert texts(response) == [("error", "Not done: 1 ticket not found.")]


def test_missing_parameters_are_refused_before_any_change(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.technician)
    response = bulk(client, [ticket], "resolve", solution="")
    ticket.refresh_from_db()
    assert ticket.status == S.ASSIGNED
    assert all(level == "error" for level, _ in texts(response))


def test_requester_cannot_post_bulk_actions(client, desk):
    ticket = submit(desk)
    client.force_login(desk.requester)
    response = bulk(client, [ticket], "assign", assignee=desk.technician.pk)
    assert response.status_code in (302, 403, 404)
    ticket.refresh_from_db()
    assert ticket.status == S.NEW


def test_external_next_url_is_not_followed(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    client.force_login(desk.technician)
    response = client.post(
        "/admin/tickets/bulk/",
        {
            "action": "hold",
            "reason": "requester",
            "comment": "?",
            "next": "https://evil.example/",
            "tickets": [f"{ticket.pk}:{ticket.version}"],
        },
    )
    assert response["Location"] == "/admin/tickets/"
