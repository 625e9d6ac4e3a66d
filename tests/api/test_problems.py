"""Problem endpoints: the brique's staff list, open, link, analyse and resolve problems through
the problem services; anyone else does not see them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from helpdesk.models import Problem, TicketStatus
from helpdesk.services import problems as problem_services
from knowledge.models import ArticlePage
from tests.api.test_tickets_requester import error, signed_in
from tests.factories import make_brique
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db
S = TicketStatus


@pytest.fixture
def desk():
    return make_desk()


def test_open_a_problem_link_analyse_resolve_and_close(desk):
    first, second = ticket_in(desk, S.ASSIGNED), ticket_in(desk, S.PENDING)
    client = signed_in(desk.moderator)
    response = client.post(
        "/api/v1/staff/problems/",
        {"title": "Dépôts bloqués", "incidents": [first.reference.lower()]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    base = f"/api/v1/staff/problems/{body['reference']}"
    assert [row["reference"] for row in body["incidents"]] == [first.reference]
    response = client.post(f"{base}/link/", {"incidents": [second.reference]}, format="json")
    assert len(response.json()["incidents"]) == 2
    response = client.post(f"{base}/assign/", {"assignee": desk.technician.pk}, format="json")
    assert response.json()["status"] == "assigned"
    response = client.post(f"{base}/analyse/", {"root_cause": "Certificat expiré."}, format="json")
    assert response.json()["root_cause"] == "Certificat expiré."
    response = client.post(
        f"{base}/resolve/",
        {"solution": "Certificat renouvelé.", "version": response.json()["version"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert {row["status"] for row in response.json()["incidents"]} == {"resolved"}
    assert [e["action"] for e in response.json()["history"]][:3] == ["create", "link", "link"]
    response = client.post(f"{base}/close/", {}, format="json")
    assert response.json()["status"] == "closed"
    error(
        client.post(f"{base}/link/", {"incidents": [first.reference]}, format="json"),
        409,
        "not_allowed_now",
    )


def test_bad_incidents_are_400_and_change_nothing(desk):
    incident = ticket_in(desk, S.ASSIGNED)
    foreign = submit(desk, requester=desk.outsider)  # visible to the moderator
    zimbra = make_brique("Zimbra")
    from helpdesk import services

    elsewhere = services.submit_ticket(
        desk.requester,
        brique=zimbra,
        kind="incident",
        title="t",
        description="d",
        impact=3,
        urgency=4,
    )
    client = signed_in(desk.moderator)
    for incidents in (
        [],
        ["R-999999"],
        [incident.reference, elsewhere.reference],
        "R-1",
        [{"a": 1}],
    ):
        body = error(
            client.post(
                "/api/v1/staff/problems/", {"title": "x", "incidents": incidents}, format="json"
            ),
            400,
            "invalid",
        )
        assert "incidents" in body["fields"], incidents
    assert (
        "title"
        in error(
            client.post(
                "/api/v1/staff/problems/", {"incidents": [incident.reference]}, format="json"
            ),
            400,
            "invalid",
        )["fields"]
    )
    assert not Problem.objects.exists()
    # A service request cannot be an incident of a problem.
    request = submit(desk, kind="service_request")
    error(
        client.post(
            "/api/v1/staff/problems/",
            {"title": "x", "incidents": [request.reference]},
            format="json",
        ),
        400,
        "invalid",
    )
    assert foreign.problem_id is None and not Problem.objects.exists()


def test_problems_are_404_outside_the_chain_and_403_to_open_for_requesters(desk):
    incident = ticket_in(desk, S.ASSIGNED)
    problem = problem_services.create_problem(desk.technician, incidents=[incident], title="Panne")
    url = f"/api/v1/staff/problems/{problem.reference}/"
    assert signed_in(desk.technician).get(url).status_code == 200
    assert signed_in(desk.admin).get(url).status_code == 200
    for person in (desk.requester, desk.outsider):
        client = signed_in(person)
        error(client.get(url), 404, "not_found")
        error(client.post(f"{url}close/", {}, format="json"), 404, "not_found")
        assert client.get("/api/v1/staff/problems/").json()["results"] == []
    error(signed_in(None).get("/api/v1/staff/problems/"), 401, "not_authenticated")
    mine = submit(desk)
    error(
        signed_in(desk.requester).post(
            "/api/v1/staff/problems/", {"title": "x", "incidents": [mine.reference]}, format="json"
        ),
        403,
        "permission_denied",
    )


def test_stale_version_is_409(desk):
    incident = ticket_in(desk, S.ASSIGNED)
    problem = problem_services.create_problem(desk.technician, incidents=[incident], title="Panne")
    client = signed_in(desk.moderator)
    url = f"/api/v1/staff/problems/{problem.reference}/analyse/"
    assert (
        client.post(url, {"workaround": "Par e-mail.", "version": 1}, format="json").status_code
        == 200
    )
    error(client.post(url, {"workaround": "Autre.", "version": 1}, format="json"), 409, "stale")


def test_problem_list_filters_and_query_count(desk):
    client = signed_in(desk.technician)

    def make():
        return problem_services.create_problem(
            desk.technician, incidents=[ticket_in(desk, S.ASSIGNED)], title="Panne"
        )

    make()
    client.get("/api/v1/staff/problems/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/v1/staff/problems/?page_size=50").json()["count"] == 1
    for _n in range(5):
        make()
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/staff/problems/?page_size=50").json()["count"] == 6
    assert len(many) == len(few)
    assert client.get("/api/v1/staff/problems/?status=closed").json()["count"] == 0
    assert client.get(f"/api/v1/staff/problems/?brique={desk.brique.pk}").json()["count"] == 6
    error(client.get("/api/v1/staff/problems/?status=x"), 400, "invalid")


def test_item_errors_of_a_list_are_flat_strings_as_documented(desk):
    # schemathesis found {"incidents": {"1": [...]}}, which the error schema does not allow.
    body = error(
        signed_in(desk.moderator).post(
            "/api/v1/staff/problems/", {"title": "x", "incidents": ["R-1", "x" * 30]}, format="json"
        ),
        400,
        "invalid",
    )
    assert body["fields"]["incidents"] and all(
        isinstance(text, str) and text.startswith("1: ") for text in body["fields"]["incidents"]
    ), body


def test_publish_a_problem_as_a_known_error_article(desk):
    incident = ticket_in(desk, S.ASSIGNED)
    problem = problem_services.create_problem(
        desk.technician, incidents=[incident], title="Dépôts Moodle bloqués"
    )
    base = f"/api/v1/staff/problems/{problem.reference}"
    client = signed_in(desk.technician)
    assert client.get(f"{base}/").json()["known_error_article"] is None

    # Nothing known yet: the article would say nothing.
    body = error(client.post(f"{base}/known-error/", {}, format="json"), 400, "invalid")
    assert body["fields"]["non_field_errors"] == [
        "Consignez la cause racine ou le contournement avant de publier une erreur connue."
    ]
    assert not ArticlePage.objects.exists()

    client.post(f"{base}/analyse/", {"workaround": "Déposer par e-mail."}, format="json")
    response = client.post(f"{base}/known-error/", {}, format="json")
    assert response.status_code == 200, response.json()
    article = ArticlePage.objects.get()
    assert (article.title, article.live) == ("Dépôts Moodle bloqués", False)
    assert article.get_parent().specific == desk.brique
    assert response.json()["known_error_article"] == {
        "id": article.pk,
        "title": "Dépôts Moodle bloqués",
        "live": False,
        "url": None,
        "edit_url": f"http://testserver/admin/pages/{article.pk}/edit/",
    }
    assert response.json()["history"][-1]["action"] == "known_error"

    # A body with fields is refused; the requester does not see the problem at all.
    error(client.post(f"{base}/known-error/", {"title": "x"}, format="json"), 400, "invalid")
    error(signed_in(desk.requester).post(f"{base}/known-error/", {}), 404, "not_found")
    assert ArticlePage.objects.count() == 1
