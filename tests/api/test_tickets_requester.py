"""The requester's ticket endpoints: file, list mine, read, reply, attach, cancel, confirm,
reopen; bad input gets a 4xx and changes nothing."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from helpdesk import services
from helpdesk.models import (
    Ticket,
    TicketAttachment,
    TicketMessage,
    TicketStatus,
    TicketWatcher,
)
from portal.models import Category
from tests.factories import UserFactory, make_brique
from tests.helpdesk.factories import (
    PNG_BYTES,
    make_desk,
    pdf_file,
    png_file,
    submit,
    ticket_in,
)

pytestmark = pytest.mark.django_db
S = TicketStatus


def signed_in(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def error(response, status: int, code: str) -> dict:
    body = response.json()
    assert response.status_code == status, body
    assert body["status"] == status and body["code"] == code and body["message"]
    return body


@pytest.fixture
def desk():
    return make_desk()


def filing(desk, **fields) -> dict:
    data = {
        "brique": desk.brique.pk,
        "kind": "incident",
        "title": "Impossible de déposer un devoir",
        "description": "Le bouton « Déposer » reste grisé.",
        "affected": "group",
        "urgency": "critical",
    }
    data.update(fields)
    return data


# --- filing -----------------------------------------------------------------------------------


def test_file_a_ticket_in_the_forms_words(desk):
    category = Category.objects.get(brique=desk.brique)
    response = signed_in(desk.requester).post(
        "/api/v1/tickets/",
        filing(desk, category=category.pk, watchers=["Collegue@insa-lyon.fr"]),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    ticket = Ticket.objects.get(reference=body["reference"])
    assert response["Location"].endswith(f"/api/v1/tickets/{ticket.reference}/")
    assert ticket.requester == desk.requester and ticket.status == S.NEW
    # "several people" and "blocked right now": impact 2, urgency 1, priority 1 (iTop matrix).
    assert (ticket.impact, ticket.urgency, ticket.priority) == (2, 1, 1)
    assert ticket.category == category
    assert list(ticket.watchers.values_list("email", flat=True)) == ["collegue@insa-lyon.fr"]
    assert body["affected"] == "group" and body["urgency"] == "critical"
    assert body["status"] == "new" and body["status_label"]
    assert body["is_requester"] is True
    assert set(body["actions"]) == {"reply", "cancel"}


def test_file_with_files_in_multipart(desk):
    data = filing(desk)
    data["files"] = [png_file(), pdf_file()]
    response = signed_in(desk.requester).post("/api/v1/tickets/", data, format="multipart")
    assert response.status_code == 201, response.json()
    names = [item["name"] for item in response.json()["attachments"]]
    assert names == ["capture.png", "attestation.pdf"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "complaint"}, "kind"),
        ({"affected": 2}, "affected"),
        ({"urgency": "yesterday"}, "urgency"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": {"fr": "x"}}, "title"),
        ({"description": ["a"]}, "description"),
        ({"brique": 999999}, "brique"),
        ({"brique": "moodle"}, "brique"),
        ({"brique": 2**70}, "brique"),
        ({"watchers": ["not-an-address"]}, "watchers"),
        ({"watchers": "a@b.fr"}, "watchers"),
        ({"watchers": [f"p{n}@insa.fr" for n in range(21)]}, "watchers"),
        ({"priority": 1}, "priority"),  # unknown field: the requester does not set it
    ],
)
def test_file_refuses_bad_input_and_creates_nothing(desk, change, field):
    response = signed_in(desk.requester).post(
        "/api/v1/tickets/", filing(desk, **change), format="json"
    )
    assert field in error(response, 400, "invalid")["fields"]
    assert not Ticket.objects.exists()


def test_file_refuses_a_category_of_another_brique(desk):
    other = make_brique("Zimbra")
    foreign = Category.objects.create(brique=other, name="Boîte pleine")
    response = signed_in(desk.requester).post(
        "/api/v1/tickets/", filing(desk, category=foreign.pk), format="json"
    )
    assert "category" in error(response, 400, "invalid")["fields"]
    assert not Ticket.objects.exists()


def test_file_refuses_a_draft_brique(desk):
    draft = make_brique("Brouillon", publish=False)
    response = signed_in(desk.requester).post(
        "/api/v1/tickets/", filing(desk, brique=draft.pk), format="json"
    )
    assert "brique" in error(response, 400, "invalid")["fields"]


def test_file_invalid_json_a_list_and_a_huge_body(desk, settings):
    client = signed_in(desk.requester)
    error(
        client.generic("POST", "/api/v1/tickets/", "{oops", content_type="application/json"),
        400,
        "parse_error",
    )
    error(client.post("/api/v1/tickets/", [filing(desk)], format="json"), 400, "invalid")
    settings.GUICHET_API_MAX_JSON_BYTES = 500
    huge = json.dumps(filing(desk, description="x" * 1000))
    error(
        client.generic("POST", "/api/v1/tickets/", huge, content_type="application/json"),
        413,
        "too_large",
    )
    assert not Ticket.objects.exists()


def test_file_oversized_file_is_413_refused_type_is_400(desk, settings):
    settings.GUICHET_ATTACHMENT_MAX_BYTES = 1000
    client = signed_in(desk.requester)
    data = filing(desk)
    data["files"] = [pdf_file(size=2000)]
    error(client.post("/api/v1/tickets/", data, format="multipart"), 413, "too_large")
    data["files"] = [SimpleUploadedFile("virus.png", b"MZ\x90\x00\x03" + b"\x00" * 50)]
    assert (
        "files"
        in error(client.post("/api/v1/tickets/", data, format="multipart"), 400, "invalid")[
            "fields"
        ]
    )
    assert not Ticket.objects.exists() and not TicketAttachment.objects.exists()


def test_anonymous_cannot_file_and_read_token_cannot_either(desk, token_client):
    error(
        APIClient().post("/api/v1/tickets/", filing(desk), format="json"), 401, "not_authenticated"
    )
    assert not Ticket.objects.exists()


def test_a_read_only_token_reads_but_cannot_file(desk):
    from portal.services.api_tokens import create_api_token

    _token, secret = create_api_token(desk.requester, "Intranet", "read")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    error(client.post("/api/v1/tickets/", filing(desk), format="json"), 403, "permission_denied")
    assert client.get("/api/v1/tickets/").status_code == 200
    _token, secret = create_api_token(desk.requester, "Intranet rw", "read_write")
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert client.post("/api/v1/tickets/", filing(desk), format="json").status_code == 201


# --- my tickets -------------------------------------------------------------------------------


def test_my_tickets_are_mine_and_watched_ones_only(desk):
    mine = submit(desk)
    watcher = UserFactory(username="collegue", email="collegue@insa-lyon.fr")
    watched = submit(desk, requester=desk.outsider, watchers=["collegue@insa-lyon.fr"])
    submit(desk, requester=desk.outsider, title="Pas la mienne")
    references = [
        row["reference"]
        for row in signed_in(desk.requester).get("/api/v1/tickets/").json()["results"]
    ]
    assert references == [mine.reference]
    body = signed_in(watcher).get("/api/v1/tickets/").json()
    assert [row["reference"] for row in body["results"]] == [watched.reference]
    assert body["count"] == 1


def test_my_tickets_filter_order_and_paginate_in_the_database(desk):
    other = make_brique("Zimbra")
    new = submit(desk, title="A")
    resolved = ticket_in(desk, S.RESOLVED)
    elsewhere = services.submit_ticket(
        desk.requester,
        brique=other,
        kind="incident",
        title="C",
        description="d",
        impact=3,
        urgency=4,
    )
    client = signed_in(desk.requester)

    def refs(query):
        response = client.get(f"/api/v1/tickets/{query}")
        assert response.status_code == 200, response.json()
        return [row["reference"] for row in response.json()["results"]]

    assert refs("?status=resolved") == [resolved.reference]
    assert set(refs("?status=new&status=resolved")) == {
        new.reference,
        resolved.reference,
        elsewhere.reference,
    }
    assert refs(f"?brique={other.pk}") == [elsewhere.reference]
    assert refs("?ordering=created_at") == [new.reference, resolved.reference, elsewhere.reference]
    assert refs("?ordering=-created_at") == [elsewhere.reference, resolved.reference, new.reference]
    page = client.get("/api/v1/tickets/?page_size=2&page=2").json()
    assert page["count"] == 3 and len(page["results"]) == 1 and page["previous"]
    error(client.get("/api/v1/tickets/?status=burning"), 400, "invalid")
    error(client.get("/api/v1/tickets/?brique=abc"), 400, "invalid")
    error(client.get("/api/v1/tickets/?page=99"), 404, "not_found")


def test_my_tickets_query_count_does_not_grow_with_the_page(desk):
    client = signed_in(desk.requester)
    submit(desk)
    client.get("/api/v1/tickets/")  # warm caches (content types...)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/api/v1/tickets/?page_size=50").json()["results"]) == 1
    for _n in range(12):
        submit(desk)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/tickets/?page_size=50").json()["results"]) == 13
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- one ticket -------------------------------------------------------------------------------


def test_detail_never_shows_internal_notes_or_files(desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    services.add_note(
        desk.technician, ticket, body="SECRET note interne", files=[png_file("interne.png")]
    )
    services.add_reply(desk.technician, ticket, body="Réponse publique", files=[pdf_file()])
    services.put_on_hold(
        desk.technician, ticket, reason="third_party", comment="SECRET attente DSI"
    )
    response = signed_in(desk.requester).get(f"/api/v1/tickets/{ticket.reference}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "SECRET" not in text and "interne.png" not in text
    bodies = [message["body"] for message in response.json()["messages"]]
    assert "Réponse publique" in bodies
    assert "internal" not in response.json()["messages"][0]
    files = [f["name"] for m in response.json()["messages"] for f in m["attachments"]]
    assert files == ["attestation.pdf"]
    # Staff reading the requester's endpoint get the public view too.
    staff_text = signed_in(desk.technician).get(f"/api/v1/tickets/{ticket.reference}/").content
    assert b"SECRET" not in staff_text


def test_another_persons_ticket_is_404_for_reading_and_acting(desk):
    ticket = submit(desk)
    client = signed_in(desk.outsider)
    error(client.get(f"/api/v1/tickets/{ticket.reference}/"), 404, "not_found")
    for path, data in [
        ("reply", {"body": "Coucou"}),
        ("cancel", {}),
        ("confirm", {"rating": 4}),
        ("reopen", {"reason": "x"}),
    ]:
        error(
            client.post(f"/api/v1/tickets/{ticket.reference}/{path}/", data, format="json"),
            404,
            "not_found",
        )
    error(client.get("/api/v1/tickets/R-999999/"), 404, "not_found")
    ticket.refresh_from_db()
    assert ticket.version == 1 and ticket.messages.count() == 0


# --- actions ----------------------------------------------------------------------------------


def test_reply_then_a_stale_version_is_409(desk):
    ticket = submit(desk)
    client = signed_in(desk.requester)
    url = f"/api/v1/tickets/{ticket.reference}/reply/"
    response = client.post(url, {"body": "Précision", "version": ticket.version}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["messages"][-1]["body"] == "Précision"
    assert response.json()["version"] == ticket.version + 1
    error(
        client.post(url, {"body": "Encore", "version": ticket.version}, format="json"), 409, "stale"
    )
    error(client.post(url, {"body": "  "}, format="json"), 400, "invalid")
    error(client.post(url, {"body": "x", "version": "deux"}, format="json"), 400, "invalid")
    error(client.post(url, {"body": "x", "internal": True}, format="json"), 400, "invalid")
    assert TicketMessage.objects.filter(ticket=ticket).count() == 1


def test_a_reply_to_a_question_resumes_the_ticket(desk):
    ticket = ticket_in(desk, S.PENDING)  # waiting for the requester
    response = signed_in(desk.requester).post(
        f"/api/v1/tickets/{ticket.reference}/reply/", {"body": "Firefox 128."}, format="json"
    )
    assert response.json()["status"] == "assigned"


def test_attach_files(desk, settings):
    ticket = submit(desk)
    client = signed_in(desk.requester)
    url = f"/api/v1/tickets/{ticket.reference}/attachments/"
    response = client.post(url, {"files": [png_file()]}, format="multipart")
    assert response.status_code == 200, response.json()
    last = response.json()["messages"][-1]
    assert [f["name"] for f in last["attachments"]] == ["capture.png"]
    assert "capture.png" in last["body"]
    download = last["attachments"][0]["download_url"]
    assert download.endswith(
        f"/api/v1/tickets/{ticket.reference}/attachments/{last['attachments'][0]['id']}/"
    )
    got = client.get(download)
    assert got.status_code == 200 and got["X-Content-Type-Options"] == "nosniff"
    assert b"".join(got.streaming_content) == PNG_BYTES
    assert 'attachment; filename="capture.png"' in got["Content-Disposition"]
    error(signed_in(desk.outsider).get(download), 404, "not_found")
    settings.GUICHET_ATTACHMENT_MAX_BYTES = 1000
    error(client.post(url, {"files": [pdf_file(size=5000)]}, format="multipart"), 413, "too_large")
    refused = SimpleUploadedFile("script.pdf", b"\x00\x01\x02binary")
    assert (
        "files"
        in error(client.post(url, {"files": [refused]}, format="multipart"), 400, "invalid")[
            "fields"
        ]
    )
    assert "files" in error(client.post(url, {}, format="multipart"), 400, "invalid")["fields"]
    error(client.post(url, {"files": "x"}, format="json"), 400, "invalid")
    assert TicketAttachment.objects.filter(ticket=ticket).count() == 1


def test_cancel_then_cancel_again_is_409(desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    client = signed_in(desk.requester)
    url = f"/api/v1/tickets/{ticket.reference}/cancel/"
    response = client.post(url, {"reason": "Réglé tout seul."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    error(client.post(url, {}, format="json"), 409, "not_allowed_now")


def test_confirm_with_a_rating(desk):
    ticket = ticket_in(desk, S.RESOLVED)
    client = signed_in(desk.requester)
    url = f"/api/v1/tickets/{ticket.reference}/confirm/"
    for bad in (0, 5, "très", None, True):
        assert (
            "rating"
            in error(client.post(url, {"rating": bad}, format="json"), 400, "invalid")["fields"]
        )
    response = client.post(url, {"rating": 3, "comment": "Merci"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["status"], body["satisfaction"], body["satisfaction_comment"]) == (
        "closed",
        3,
        "Merci",
    )
    error(client.post(url, {"rating": 4}, format="json"), 409, "not_allowed_now")


def test_confirm_before_resolution_is_409(desk):
    ticket = submit(desk)
    response = signed_in(desk.requester).post(
        f"/api/v1/tickets/{ticket.reference}/confirm/", {"rating": 4}, format="json"
    )
    error(response, 409, "not_allowed_now")
    ticket.refresh_from_db()
    assert ticket.status == S.NEW and ticket.version == 1


def test_reopen_needs_a_reason(desk):
    ticket = ticket_in(desk, S.RESOLVED)
    client = signed_in(desk.requester)
    url = f"/api/v1/tickets/{ticket.reference}/reopen/"
    assert "reason" in error(client.post(url, {}, format="json"), 400, "invalid")["fields"]
    response = client.post(url, {"reason": "Toujours grisé."}, format="json")
    assert response.json()["status"] == "assigned"
    assert response.json()["messages"][-1]["body"] == "Toujours grisé."


def test_a_watcher_may_reply_but_not_cancel(desk):
    watcher = UserFactory(username="collegue", email="collegue@insa-lyon.fr")
    ticket = submit(desk, watchers=["collegue@insa-lyon.fr"])
    client = signed_in(watcher)
    body = client.get(f"/api/v1/tickets/{ticket.reference}/").json()
    assert body["actions"] == ["reply"] and body["is_requester"] is False
    assert (
        client.post(
            f"/api/v1/tickets/{ticket.reference}/reply/", {"body": "+1"}, format="json"
        ).status_code
        == 200
    )
    error(
        client.post(f"/api/v1/tickets/{ticket.reference}/cancel/", {}, format="json"),
        403,
        "permission_denied",
    )
    ticket.refresh_from_db()
    assert ticket.status == S.NEW
    assert TicketWatcher.objects.filter(ticket=ticket).count() == 1


def test_internal_files_are_never_served_to_the_requester(desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    services.add_note(desk.technician, ticket, body="Interne", files=[png_file("interne.png")])
    attachment = TicketAttachment.objects.get(ticket=ticket)
    url = f"/api/v1/tickets/{ticket.reference}/attachments/{attachment.pk}/"
    error(signed_in(desk.requester).get(url), 404, "not_found")
    assert signed_in(desk.technician).get(url).status_code == 200
    staff = signed_in(desk.technician).get(f"/api/v1/staff/tickets/{ticket.reference}/").json()
    assert staff["messages"][0]["attachments"][0]["download_url"].endswith(url)
    error(
        signed_in(desk.requester).get(f"/api/v1/tickets/{ticket.reference}/attachments/{2**70}/"),
        404,
        "not_found",
    )
