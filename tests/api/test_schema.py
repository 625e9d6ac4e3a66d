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
