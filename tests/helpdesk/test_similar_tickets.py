""" "Tickets similaires" on the staff ticket screen: other tickets the reader may see, never
the ticket itself, at most five, with their status and a link, and the matching articles;
no query per row."""

import re

import pytest
from django.urls import reverse

from helpdesk.models import TicketStatus
from helpdesk.similar import SIMILAR_LIMIT, similar_tickets
from knowledge.models import Audience
from tests.helpdesk.factories import make_desk, submit
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db

TITLE = "Dépôt de devoir impossible"
DESCRIPTION = "Le bouton déposer reste grisé sur le devoir de mathématiques."


@pytest.fixture
def desks(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moodle, scenari = make_desk("Moodle"), make_desk("Scenari")
        mine = submit(moodle, title=TITLE, description=DESCRIPTION)
        same_brique = [
            submit(moodle, title=f"{TITLE} ({n})", description=DESCRIPTION) for n in range(2)
        ]
        other_brique = submit(scenari, title=TITLE, description=DESCRIPTION)
        submit(moodle, title="Vidéo trop lourde", description="Le fichier dépasse la limite.")
        make_article(moodle.brique, "Déposer un devoir : bouton grisé", slug="depot")
        make_article(
            scenari.brique,
            "Dépôt de devoir (interne)",
            slug="interne",
            audience=Audience.TECHNICIANS,
        )
    return moodle, scenari, mine, same_brique, other_brique


def section(response) -> str:
    html = response.content.decode()
    found = re.search(r'<section[^>]*data-testid="similar-tickets".*?</section>', html, re.S)
    assert found, "no similar-tickets section"
    return found.group(0)


def test_technician_sees_similar_tickets_of_their_brique_only(client, desks):
    moodle, _scenari, mine, same_brique, other_brique = desks
    client.force_login(moodle.technician)
    response = client.get(reverse("helpdesk_admin:ticket", args=[mine.reference]))
    html = section(response)
    for ticket in same_brique:
        assert reverse("helpdesk_admin:ticket", args=[ticket.reference]) in html
        assert ticket.reference in html
    assert other_brique.reference not in html
    assert f"/admin/tickets/{mine.reference}/" not in html
    assert f'data-status="{TicketStatus.NEW}"' in html
    assert "Déposer un devoir : bouton grisé" in html
    assert "(interne)" not in html


def test_technician_of_the_other_brique_does_not_get_those_tickets(desks):
    moodle, scenari, mine, same_brique, other_brique = desks
    found = {item.object_id for item in similar_tickets(other_brique, scenari.technician)}
    assert mine.pk not in found and not found & {t.pk for t in same_brique}
    # An admin sees across briques.
    found = {item.object_id for item in similar_tickets(other_brique, moodle.admin)}
    assert mine.pk in found


def test_at_most_five_and_no_query_per_row(
    client, desks, django_capture_on_commit_callbacks, settings
):
    settings.GUICHET_SIMILAR_CACHE_SECONDS = 0  # every view searches: the rows are counted
    moodle, _scenari, mine, _same, _other = desks
    client.force_login(moodle.technician)
    url = reverse("helpdesk_admin:ticket", args=[mine.reference])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(6):
            submit(moodle, title=f"{TITLE} bis {n}", description=DESCRIPTION)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert section(response).count('<li><a href="/admin/tickets/') == SIMILAR_LIMIT
    assert len(after.captured_queries) <= len(before.captured_queries)


def _search_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return sum('FROM "search_' in query["sql"] for query in queries.captured_queries)


def test_the_results_are_kept_for_everyone_with_the_same_reach(client, desks, settings):
    # The searches' own cache, under a screen rendered on every view (the kept screen is
    # tests/helpdesk/test_screen_cache.py's).
    settings.GUICHET_SCREEN_CACHE_SECONDS = 0
    moodle, scenari, mine, same_brique, _other = desks
    url = reverse("helpdesk_admin:ticket", args=[mine.reference])
    client.force_login(moodle.technician)
    assert _search_queries(client, url) > 0
    assert _search_queries(client, url) == 0
    html = section(client.get(url))
    assert all(ticket.reference in html for ticket in same_brique)

    # The admin's reach is another: searched for them.
    client.force_login(moodle.admin)
    assert _search_queries(client, url) > 0

    # A new title is a new search.
    mine.title = "Vidéo trop lourde"
    mine.save(update_fields=["title"])
    client.force_login(moodle.technician)
    assert _search_queries(client, url) > 0


def test_an_unavailable_engine_is_not_remembered(desks, monkeypatch):
    # The engine is replaced by one that fails, as a real server would when down: nothing
    # else here can make the database engine unavailable.
    from search.contract import SearchUnavailable

    moodle, _scenari, mine, same_brique, _other = desks

    class Down:
        def similar(self, *args, **kwargs):
            raise SearchUnavailable("down")

    monkeypatch.setattr("helpdesk.similar.get_engine", lambda: Down())
    assert similar_tickets(mine, moodle.technician) == []
    monkeypatch.undo()
    mine = type(mine).objects.get(pk=mine.pk)  # a new request: nothing kept on the object
    found = {item.object_id for item in similar_tickets(mine, moodle.technician)}
    assert found == {ticket.pk for ticket in same_brique}
