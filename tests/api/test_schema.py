"""The OpenAPI schema and its documentation page."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_schema_generates_and_validates_without_warnings(tmp_path):
    # --fail-on-warn raises on any warning of drf-spectacular; --validate checks OpenAPI 3.
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = target.read_text()
    for path in ("/api/v1/briques/", "/api/v1/briques/{slug}/status/", "/api/v1/tokens/{id}/"):
        assert f"  {path}:" in schema
    assert "/admin/api/" not in schema  # Wagtail's own API stays out
    assert "personalToken" in schema and "oidcBearer" in schema
    assert "Error:" in schema  # the error body is documented


def test_schema_describes_the_ticket_endpoints(tmp_path):
    import yaml

    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    paths = schema["paths"]
    actions = ["qualify", "take", "reject", "mark-duplicate", "reassign", "reply", "note"]
    actions += ["put-on-hold", "resume", "escalate", "resolve"]
    expected = [
        "/api/v1/tickets/",
        "/api/v1/tickets/{reference}/",
        *(f"/api/v1/tickets/{{reference}}/{name}/" for name in ("reply", "attachments")),
        *(f"/api/v1/tickets/{{reference}}/{name}/" for name in ("cancel", "confirm", "reopen")),
        "/api/v1/tickets/{reference}/attachments/{id}/",
        "/api/v1/staff/queues/",
        "/api/v1/staff/queues/{slug}/tickets/",
        "/api/v1/staff/tickets/{reference}/",
        "/api/v1/staff/tickets/{reference}/assignees/",
        *(f"/api/v1/staff/tickets/{{reference}}/{name}/" for name in actions),
        "/api/v1/staff/problems/",
        "/api/v1/staff/problems/{reference}/",
        *(f"/api/v1/staff/problems/{{reference}}/{name}/" for name in ("link", "unlink")),
        *(f"/api/v1/staff/problems/{{reference}}/{name}/" for name in ("assign", "analyse")),
        *(f"/api/v1/staff/problems/{{reference}}/{name}/" for name in ("resolve", "close")),
        "/api/v1/staff/reports/",
    ]
    assert [path for path in expected if path not in paths] == []
    for path, operations in paths.items():
        if not path.startswith(("/api/v1/tickets/", "/api/v1/staff/")):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"401", "429"} <= set(responses), (path, method)
            if method == "post":
                # Every action documents its refusals and shows an example body.
                refusals = {"400", "403", "413"}
                if "{reference}" in path:
                    refusals |= {"404", "409"}
                assert refusals <= set(responses), path
                if path.endswith("/known-error/"):
                    assert "requestBody" not in operation  # no field: drafted from the problem
                    continue
                assert "examples" in str(operation["requestBody"]) or "attachments" in path, path
    components = schema["components"]["schemas"]
    # Enums a generated client can use, and the required fields of filing a ticket.
    assert components["TicketStatusEnum"]["enum"] == [
        "new",
        "assigned",
        "pending",
        "resolved",
        "closed",
        "rejected",
        "cancelled",
    ]
    assert components["AffectedWordEnum"]["enum"] == ["person", "group", "department"]
    create = components["TicketCreateRequest"]
    assert set(create["required"]) == {
        "brique",
        "kind",
        "title",
        "description",
        "affected",
        "urgency",
    }
    detail = components["TicketDetail"]["properties"]
    assert "internal" not in components["Message"]["properties"]
    assert "messages" in detail and "history" not in detail
    mine = paths["/api/v1/tickets/"]["get"]
    assert {"page", "page_size", "status", "brique", "ordering"} <= {
        parameter["name"] for parameter in mine["parameters"]
    }


@pytest.mark.django_db
def test_schema_is_served_as_json(api_client):
    response = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.django_db
def test_docs_page_uses_no_external_address(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"(?:https?:)?//[\w.-]+", html) == []
    scripts = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert scripts, html
    for address in scripts:
        assert finders.find(address.removeprefix("/static/")), address
