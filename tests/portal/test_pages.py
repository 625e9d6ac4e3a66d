"""The public pages: home, brique pages with their status, and the 404 page."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from portal.models import BriquePage, BriqueStatus
from tests.factories import make_brique

pytestmark = pytest.mark.django_db

# Pages follow the browser's language; English keeps assertions on the message ids.
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def page_html(client, url: str) -> str:
    response = client.get(url, **ENGLISH)
    assert response.status_code == 200
    return response.content.decode()


def test_home_lists_live_briques_with_their_status(client):
    make_brique("Moodle")
    make_brique(
        "Plateforme vidéo",
        slug="plateforme-video",
        status=BriqueStatus.DEGRADED,
        status_message="Lenteurs.",
    )
    html = page_html(client, "/")
    assert 'href="/briques/moodle/"' in html
    assert 'href="/briques/plateforme-video/"' in html
    assert '<span class="badge badge-operational">Operational</span>' in html
    assert '<span class="badge badge-degraded">Degraded</span>' in html


def test_unpublished_brique_is_not_listed_nor_served(client):
    make_brique("Moodle")
    make_brique("Scenari").unpublish()
    home = page_html(client, "/")
    index = page_html(client, "/briques/")
    assert "Moodle" in home and "Moodle" in index
    assert "Scenari" not in home and "Scenari" not in index
    assert client.get("/briques/scenari/").status_code == 404


def test_banner_shows_while_a_brique_is_not_operational(client):
    make_brique(
        "Moodle",
        status=BriqueStatus.MAINTENANCE,
        status_message="Mise à jour de Moodle.",
        status_start=timezone.now() + timedelta(days=1),
        status_end=timezone.now() + timedelta(days=1, hours=4),
    )
    html = page_html(client, "/briques/moodle/")
    assert "status-banner" in html
    assert "Mise à jour de Moodle." in html
    assert "<time datetime=" in html


def test_no_banner_for_an_operational_brique(client):
    make_brique("Moodle", status_message="Message oublié d'une ancienne panne.")
    html = page_html(client, "/briques/moodle/")
    assert "status-banner" not in html
    assert "Message oublié" not in html


def test_no_banner_once_the_period_is_over(client):
    make_brique(
        "Moodle",
        status=BriqueStatus.MAINTENANCE,
        status_message="Mise à jour de Moodle.",
        status_start=timezone.now() - timedelta(days=2),
        status_end=timezone.now() - timedelta(days=1),
    )
    html = page_html(client, "/briques/moodle/")
    assert "status-banner" not in html
    assert "badge-maintenance" not in html
    home = page_html(client, "/")
    assert '<span class="badge badge-operational">Operational</span>' in home


def test_brique_page_says_for_whom_and_who_answers(client):
    make_brique(
        "Scenari",
        for_students=False,
        owner_team="Cellule d'ingénierie pédagogique, INSA Rennes",
        contact_email="scenari@groupe-insa.example.org",
    )
    html = page_html(client, "/briques/scenari/")
    assert "Administrative staff, teacher-researcher" in html
    assert "student" not in html.lower().split("for whom")[1].split("</dd>")[0]
    assert "Cellule d'ingénierie pédagogique, INSA Rennes" in html.replace("&#x27;", "'")
    assert 'href="mailto:scenari@groupe-insa.example.org"' in html


def test_audiences_follow_the_checked_boxes():
    with translation.override("en"):
        brique = BriquePage(for_staff=True, for_faculty=False, for_students=True)
        assert brique.audiences == ["administrative staff", "student"]
        assert BriquePage(for_staff=False, for_faculty=False, for_students=False).audiences == []


def validation_errors(**fields) -> dict[str, list[str]]:
    brique = BriquePage(title="Moodle", slug="moodle", summary="Plateforme.", **fields)
    with pytest.raises(ValidationError) as caught:
        brique.clean()
    return caught.value.message_dict


@pytest.mark.parametrize("language", ["en", "fr"])
def test_clean_rejects_an_end_before_the_start(language):
    now = timezone.now()
    with translation.override(language):
        errors = validation_errors(status_start=now, status_end=now - timedelta(hours=1))
        assert errors == {"status_end": [gettext("The end must come after the start.")]}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_clean_asks_for_a_message_when_not_operational(language):
    with translation.override(language):
        errors = validation_errors(status=BriqueStatus.OUTAGE)
        expected = gettext("Explain the situation to users when the service is not operational.")
        assert errors == {"status_message": [expected]}


def test_clean_accepts_a_consistent_status():
    now = timezone.now()
    BriquePage(
        title="Moodle",
        slug="moodle",
        summary="Plateforme.",
        status=BriqueStatus.DEGRADED,
        status_message="Lenteurs.",
        status_start=now,
        status_end=now + timedelta(hours=2),
    ).clean()


def test_unknown_page_answers_404_in_the_site_layout(client):
    response = client.get("/cette-page-n-existe-pas/", **ENGLISH)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="skip-link"' in html
    assert '<main id="main"' in html
    assert '<html lang="en">' in html


def test_404_is_french_by_default(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/briques/"])
def test_listing_query_count_does_not_grow_with_the_briques(client, url):
    for title in ("Moodle", "Scenari", "Bot groupe"):
        make_brique(title)
    client.get(url, **ENGLISH)  # warm the site-root cache, as any running site has
    with CaptureQueriesContext(connection) as three:
        client.get(url, **ENGLISH)
    for title in ("Chat groupe", "Enquête en ligne", "Plateforme vidéo", "Portail", "Rdv"):
        make_brique(title, status=BriqueStatus.DEGRADED, status_message="Lenteurs.")
    with CaptureQueriesContext(connection) as eight:
        html = page_html(client, url)
    assert html.count('class="card"') == 8
    assert len(eight) == len(three), [query["sql"] for query in eight.captured_queries]
