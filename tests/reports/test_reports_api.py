"""/api/v1/staff/reports/: the dashboard's figures and tables through the API, for the group
portal: the same numbers as `build_dashboard` on March's known tickets, ticket links that the
API's queue lists exactly, each person's reach (403 without reports, 404 for a brique out of
reach), the form's French errors as field errors, a read-only token, and a query count that
does not grow with the tickets."""

from dataclasses import asdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from helpdesk.reports.dashboard import build_dashboard
from helpdesk.reports.query import ReportQuery
from portal.services.api_tokens import create_api_token
from tests.helpdesk.factories import make_desk, submit
from tests.reports.known_tickets import MARCH, H, paris

pytestmark = pytest.mark.django_db

URL = "/api/v1/staff/reports/"
MARCH_PARAMS = {"period": "custom", "start": "2026-03-01", "end": "2026-03-31"}


def get(user, **params):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(URL, {**MARCH_PARAMS, **params})


def test_an_admin_gets_the_dashboards_figures_of_march(march):
    desk, _tickets = march
    response = get(desk.admin)
    assert response.status_code == 200
    body = response.json()
    assert body["period"] == {"start": "2026-03-01", "end": "2026-03-31", "days": 31}
    assert body["previous_period"] == {"start": "2026-01-29", "end": "2026-02-28", "days": 31}
    figures = body["figures"]
    assert (figures["created"], figures["resolved"], figures["closed"]) == (6, 3, 2)
    assert figures["backlog"] == 3
    assert figures["tto_median"] == pytest.approx(3 * H)
    assert figures["attempts"] == 4
    assert figures["self_service_rate"] == pytest.approx(0.25)
    assert figures["problems_open"] == 1

    # Exactly what the dashboard page computes, for this period and the previous one.
    dashboard = build_dashboard(ReportQuery(period=MARCH, user=desk.admin))
    expected = asdict(dashboard.figures)
    assert {key: figures[key] for key in expected if key in figures} == {
        key: ({str(k): v for k, v in value.items()} if isinstance(value, dict) else value)
        for key, value in expected.items()
        if key in figures
    }
    assert body["previous_figures"]["created"] == dashboard.previous.created
    assert [table["key"] for table in body["tables"]] == [t.key for t in dashboard.tables()]
    figures_table = body["tables"][0]
    assert [column["kind"] for column in figures_table["columns"]] == ["text", "decimal", "decimal"]
    assert figures_table["rows"][0][1]["value"] == 6


def test_each_ticket_count_links_to_the_api_queue_listing_those_tickets(march):
    desk, tickets = march
    body = get(desk.admin).json()
    created = body["tables"][0]["rows"][0][1]
    assert created["tickets"].startswith("http://testserver/api/v1/staff/queues/all/tickets/?")

    client = APIClient()
    client.force_authenticate(desk.admin)
    listed = client.get(created["tickets"]).json()
    submitted_in_march = {t.reference for key, t in tickets.items() if key != "t5"}
    assert {ticket["reference"] for ticket in listed["results"]} == submitted_in_march
    # A time to own is not a ticket count: no link.
    tto_median = body["tables"][0]["rows"][4]
    assert tto_median[1]["value"] == pytest.approx(3.0)  # hours
    assert tto_median[1]["tickets"] is None


def test_the_labels_follow_the_callers_language(march):
    desk, _tickets = march
    client = APIClient()
    client.force_authenticate(desk.admin)
    french = client.get(URL, MARCH_PARAMS, HTTP_ACCEPT_LANGUAGE="fr").json()
    english = client.get(URL, MARCH_PARAMS, HTTP_ACCEPT_LANGUAGE="en").json()
    assert french["tables"][0]["title"] == "Chiffres clés"
    assert english["tables"][0]["title"] == "Key figures"
    assert english["tables"][0]["rows"][0][0]["value"] == "Tickets submitted"


def test_a_moderator_sees_their_briques_and_nothing_else(march):
    desk, _tickets = march
    other = make_desk("Scenari")
    submit(other, at=paris(2026, 3, 10, 9))
    assert get(desk.moderator).json()["figures"]["created"] == 6
    assert get(other.moderator).json()["figures"]["created"] == 1
    # Someone else's brique in the parameters: as if it did not exist.
    response = get(other.moderator, brique=desk.brique.pk)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert get(other.moderator, brique=999_999).status_code == 404


def test_people_without_reports_are_refused(march):
    desk, _tickets = march
    for person in (desk.technician, desk.requester):
        response = get(person)
        assert response.status_code == 403
        assert response.json()["code"] == "permission_denied"
    assert APIClient().get(URL).status_code == 401


def test_a_wrong_period_is_a_400_with_the_forms_french_messages(march):
    desk, _tickets = march
    with translation.override("fr"):
        response = get(desk.admin, start="2099-01-01", end="2099-01-31")
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert body["fields"]["start"] == ["La période ne peut pas commencer dans le futur."]

        response = get(desk.admin, start="2026-03-01", end="")
        assert response.status_code == 400
        assert "non_field_errors" in response.json()["fields"]

        response = get(desk.admin, kind="panne", priority="urgent", start="le 1er mars")
        assert response.status_code == 400
        assert {"kind", "priority", "start"} <= set(response.json()["fields"])


def test_a_read_only_token_reads_the_report(march):
    desk, _tickets = march
    _token, secret = create_api_token(desk.moderator, "Portail du groupe", "read")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = client.get(URL, MARCH_PARAMS)
    assert response.status_code == 200
    assert response.json()["figures"]["created"] == 6


def _count(user) -> int:
    client = APIClient()
    client.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, MARCH_PARAMS).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_the_tickets():
    desk = make_desk("Moodle")
    for day in range(3):
        submit(desk, at=paris(2026, 3, 2 + day, 10))
    _count(desk.moderator)  # fills the person's access cache (portal/access.py)
    few = _count(desk.moderator)
    for day in range(30):
        submit(desk, requester=desk.outsider, at=paris(2026, 3, 1 + day % 28, 14))
    assert _count(desk.moderator) == few
