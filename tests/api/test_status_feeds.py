"""Atom feeds of the briques' status: one per brique, one for all."""

import xml.etree.ElementTree as ET

import pytest

from portal.models import BriqueStatus
from tests.factories import make_brique

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def publish_status(brique, status, message=""):
    brique.status, brique.status_message = status, message
    brique.save_revision().publish()


def test_brique_feed_lists_each_published_status_change(client):
    brique = make_brique("Moodle")
    publish_status(brique, BriqueStatus.OUTAGE, "Serveur indisponible.")
    brique.title = "Moodle INSA"  # not a status change: no entry
    brique.save_revision().publish()
    publish_status(brique, BriqueStatus.OPERATIONAL)
    feed = parse(client.get("/api/v1/briques/moodle/status/feed/", HTTP_ACCEPT_LANGUAGE="fr"))
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles == [
        "Moodle INSA\u00a0: opérationnel",
        "Moodle INSA\u00a0: interrompu",
        "Moodle INSA\u00a0: opérationnel",
    ]
    assert entries[1].findtext(f"{ATOM}summary") == "Serveur indisponible."
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == 3
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.startswith("http://testserver/") and link.endswith("/moodle/")


def test_feed_of_all_briques_and_unknown_brique(client):
    make_brique("Moodle")
    zimbra = make_brique("Zimbra")
    publish_status(zimbra, BriqueStatus.DEGRADED, "Envois lents.")
    feed = parse(client.get("/api/v1/status/feed/"))
    summaries = [entry.findtext(f"{ATOM}summary") for entry in feed.findall(f"{ATOM}entry")]
    assert summaries[0] == "Envois lents."
    assert len(summaries) == 3
    assert client.get("/api/v1/briques/nothing/status/feed/").status_code == 404


def test_unpublished_brique_has_no_feed(client):
    make_brique("Brouillon", publish=False)
    assert client.get("/api/v1/briques/brouillon/status/feed/").status_code == 404
