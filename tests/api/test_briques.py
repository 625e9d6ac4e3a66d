"""The briques and their status, public, paginated, with a constant number of queries."""

import pytest
from django.utils import timezone

from portal.models import BriqueStatus
from tests.factories import UserFactory, make_brique

pytestmark = pytest.mark.django_db


def test_anonymous_list_is_paginated_and_ordered(api_client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}
    for title in ("Zimbra", "Moodle", "Apogée"):
        make_brique(title, slug=title.lower().replace("é", "e"))
    make_brique("Brouillon", publish=False)
    first = api_client.get("/api/v1/briques/").json()
    assert first["count"] == 3
    assert [item["title"] for item in first["results"]] == ["Apogée", "Moodle"]
    second = api_client.get(first["next"]).json()
    assert [item["title"] for item in second["results"]] == ["Zimbra"]
    assert api_client.get("/api/v1/briques/?page=9").status_code == 404


def test_page_size_is_capped(api_client, settings):
    settings.GUICHET_API_MAX_PAGE_SIZE = 2
    for title in ("A", "B", "C"):
        make_brique(title)
    assert len(api_client.get("/api/v1/briques/?page_size=50").json()["results"]) == 2


def test_list_query_count_does_not_grow(api_client, django_assert_max_num_queries):
    owner = UserFactory(first_name="Alix", last_name="Durand")
    make_brique("Moodle", brique_owner=owner)
    with django_assert_max_num_queries(20) as few:
        api_client.get("/api/v1/briques/?page_size=50")
    for number in range(12):
        make_brique(f"Brique {number}", brique_owner=UserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api_client.get("/api/v1/briques/?page_size=50")
    assert response.json()["count"] == 13


def test_detail_gives_public_information_only(api_client):
    owner = UserFactory(first_name="Alix", last_name="Durand")
    make_brique(
        "Moodle",
        brique_owner=owner,
        owner_team="Pôle numérique",
        contact_email="moodle@insa.example",
        status=BriqueStatus.OUTAGE,
        status_message="Serveur indisponible.",
        status_start=timezone.now(),
    )
    data = api_client.get("/api/v1/briques/moodle/").json()
    assert data["slug"] == "moodle"
    assert data["url"].startswith("http://testserver/")
    assert data["status"]["status"] == "outage"
    assert data["status"]["message"] == "Serveur indisponible."
    assert data["status"]["is_current"] is True
    assert data["responsible"] == {
        "team": "Pôle numérique",
        "owner_name": "Alix Durand",
        "contact_email": "moodle@insa.example",
    }
    assert owner.email not in str(data) and owner.username not in str(data)


def test_filter_by_status(api_client):
    make_brique("Moodle", status=BriqueStatus.DEGRADED, status_message="Lent.")
    make_brique("Zimbra")
    data = api_client.get("/api/v1/briques/?status=degraded").json()
    assert [item["slug"] for item in data["results"]] == ["moodle"]


def test_status_json_matches_the_page(api_client, client):
    brique = make_brique(
        "Moodle",
        status=BriqueStatus.MAINTENANCE,
        status_message="Mise à jour vers la version 5.",
    )
    status = api_client.get("/api/v1/briques/moodle/status/", HTTP_ACCEPT_LANGUAGE="fr").json()
    page = client.get(brique.url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert status["status"] == "maintenance"
    assert status["message"] in page
    assert status["label"] == "maintenance planifiée"
    assert status["label"] in page.lower()
