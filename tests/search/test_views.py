"""The search page and the suggestions endpoint, as readers see them: what each reader may
find, facets, highlights, pagination, empty state and a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from helpdesk import services
from knowledge.models import Audience
from portal.models import ChainMember, ChainRole
from tests.factories import UserFactory, add_to_chain, make_brique
from tests.helpdesk.factories import make_desk, submit
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db
URL = reverse("search:search")
SUGGEST_URL = reverse("search:suggestions")


@pytest.fixture
def site(django_capture_on_commit_callbacks):
    """Moodle with one article per audience, and a ticket with a public reply and a note."""
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        articles = {
            audience: make_article(
                desk.brique,
                f"Mot de passe Moodle ({audience})",
                slug=f"mdp-{audience}",
                audience=audience,
            )
            for audience in Audience.values
        }
        ticket = submit(desk, title="Mot de passe refusé", description="Refusé depuis hier.")
        services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
        services.add_note(desk.technician, ticket, body="Compte zorglub verrouillé dans l'AD.")
    return desk, articles, ticket


def titles(response):
    return [hit.title for hit in response.context["results"].hits]


def test_anonymous_reader_gets_public_articles_and_brique_page(client, site):
    response = client.get(URL, {"q": "mot de passe"})
    assert response.status_code == 200
    assert titles(response) == ["Mot de passe Moodle (everyone)"]
    assert "<mark>passe</mark>" in response.content.decode()


def test_student_never_gets_staff_or_technician_articles(client, site):
    client.force_login(UserFactory(affiliation="student"))
    assert sorted(titles(client.get(URL, {"q": "passe"}))) == [
        "Mot de passe Moodle (everyone)",
        "Mot de passe Moodle (students)",
    ]
    response = client.get(SUGGEST_URL, {"q": "mot de passe"})
    assert sorted(item["title"] for item in response.json()["results"]) == [
        "Mot de passe Moodle (everyone)",
        "Mot de passe Moodle (students)",
    ]


def test_staff_reader_gets_staff_articles_but_no_tickets(client, site):
    client.force_login(UserFactory(affiliation="staff"))
    response = client.get(URL, {"q": "passe"})
    assert sorted(titles(response)) == [
        "Mot de passe Moodle (everyone)",
        "Mot de passe Moodle (staff)",
    ]


def test_chain_technician_gets_every_article_of_the_brique_and_its_tickets(client, site):
    desk, articles, ticket = site
    client.force_login(desk.technician)
    found = titles(client.get(URL, {"q": "passe", "kind": ["article", "ticket"]}))
    assert len(found) == 5
    assert f"{ticket.reference} Mot de passe refusé" in found


def test_technician_of_another_brique_does_not_get_technician_articles(client, site):
    other = make_brique("Vidéo")
    outsider = UserFactory(username="tech-video", affiliation="staff")
    add_to_chain(other, outsider, ChainRole.TECHNICIAN)
    client.force_login(outsider)
    found = titles(client.get(URL, {"q": "passe"}))
    assert "Mot de passe Moodle (technicians)" not in found
    assert not any(title.startswith("R-") for title in found)


def test_internal_notes_are_never_findable(client, site):
    desk, _articles, _ticket = site
    for reader in (None, desk.requester, desk.technician, desk.admin):
        if reader:
            client.force_login(reader)
        response = client.get(URL, {"q": "zorglub"})
        assert response.context["results"].total == 0
        assert client.get(SUGGEST_URL, {"q": "zorglub"}).json()["results"] == []


def test_facets_filters_and_empty_state(client, site):
    desk, _articles, _ticket = site
    client.force_login(desk.admin)
    response = client.get(URL, {"q": "passe"})
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    kinds = {item["value"]: item["count"] for item in facets["kind"]["values"]}
    assert kinds == {"article": 4, "ticket": 1}
    assert facets["brique"]["values"][0]["label"] == "Moodle"
    filtered = client.get(URL, {"q": "passe", "kind": "ticket"})
    assert filtered.context["results"].total == 1

    empty = client.get(URL, {"q": "introuvable"})
    assert empty.context["results"].total == 0
    assert "Nothing matches" in empty.content.decode() or "Aucun" in empty.content.decode()


def test_pagination_keeps_filters_and_marks_current_page(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        brique = make_brique("Moodle")
        for number in range(25):
            make_article(brique, f"Sauvegarde de cours {number}", slug=f"sauvegarde-{number}")
    response = client.get(URL, {"q": "sauvegarde", "kind": "article", "page": 2})
    assert len(response.context["results"].hits) == 5
    html = response.content.decode()
    assert 'aria-current="page"' in html
    assert "kind=article" in html


def test_query_count_does_not_grow_with_results(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        brique = make_brique("Moodle")
        make_article(brique, "Quota vidéo 0", slug="quota-0")
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"q": "quota"})
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(1, 15):
            make_article(brique, f"Quota vidéo {number}", slug=f"quota-{number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"q": "quota"})
    assert response.context["results"].total == 15
    assert len(many) == len(few)


def test_odd_queries_render(client, site):
    for text in ['"', "' OR 1=1 --", "🙂", "x" * 2000, "NEAR(a b)", "*"]:
        assert client.get(URL, {"q": text}).status_code == 200
        assert client.get(SUGGEST_URL, {"q": text}).status_code == 200


def test_suggestions_put_the_brique_first(client, site, django_capture_on_commit_callbacks):
    desk, articles, _ticket = site
    with django_capture_on_commit_callbacks(execute=True):
        video = make_brique("Vidéo")
        make_article(video, "Mot de passe de la plateforme vidéo", slug="mdp-video")
    response = client.get(SUGGEST_URL, {"q": "mot de passe", "brique": video.pk})
    results = response.json()["results"]
    assert results[0]["title"] == "Mot de passe de la plateforme vidéo"
    assert {"id", "title", "url", "summary", "brique"} <= set(results[0])


def test_chain_membership_is_per_live_chain(site):
    desk, _articles, _ticket = site
    assert ChainMember.objects.filter(user=desk.technician).exists()
