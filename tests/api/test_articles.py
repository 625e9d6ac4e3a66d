"""The articles API: list, search, detail and suggestions, for anonymous readers, students,
staff, the brique's chain and admins, with the audience rules of the pages (404 for an article
the reader may not read), pagination and a constant number of queries."""

import pytest
from rest_framework.test import APIClient

from knowledge.models import Audience
from tests.factories import UserFactory, make_brique
from tests.helpdesk.factories import make_desk
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"
SUGGEST = "/api/v1/articles/suggestions/"


@pytest.fixture
def kb(django_capture_on_commit_callbacks):
    """Moodle (a desk with its chain) with one article per audience, and Zimbra with one."""
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        articles = {
            audience: make_article(
                desk.brique,
                f"Mot de passe Moodle ({audience})",
                slug=f"mdp-{audience}",
                audience=audience,
                symptoms='<p>Le <a href="/aide/">mot de passe</a> est refusé &amp; bloqué.</p>',
            )
            for audience in Audience.values
        }
        zimbra = make_brique("Zimbra")
        other = make_article(zimbra, "Mot de passe Zimbra oublié", slug="mdp-zimbra")
    return desk, articles, other


def reader(kind, desk):
    client = APIClient()
    users = {
        "anonymous": None,
        "student": UserFactory(affiliation="student"),
        "staff": UserFactory(affiliation="staff"),
        "technician": desk.technician,
        "admin": desk.admin,
    }
    if users[kind] is not None:
        client.force_authenticate(users[kind])
    return client


EXPECTED = {
    "anonymous": {"everyone"},
    "student": {"everyone", "students"},
    "staff": {"everyone", "staff"},
    "technician": {"everyone", "staff", "students", "technicians"},
    "admin": {"everyone", "staff", "students", "technicians"},
}


def moodle_titles(data):
    return {item["title"] for item in data["results"] if item["brique"]["slug"] == "moodle"}


@pytest.mark.parametrize("kind", EXPECTED)
def test_list_search_and_detail_follow_the_audience_rules(kb, kind):
    desk, articles, _other = kb
    client = reader(kind, desk)
    expected = {f"Mot de passe Moodle ({audience})" for audience in EXPECTED[kind]}

    listed = client.get(LIST, {"brique": "moodle"}).json()
    assert moodle_titles(listed) == expected
    assert listed["count"] == len(expected)

    found = client.get(LIST, {"q": "mot de passe"}).json()
    assert moodle_titles(found) == expected
    assert "Mot de passe Zimbra oublié" in {item["title"] for item in found["results"]}
    assert all("<mark>" in item["excerpt"] for item in found["results"])

    for audience, article in articles.items():
        response = client.get(f"{LIST}{article.pk}/")
        assert response.status_code == (200 if audience in EXPECTED[kind] else 404), audience
        if response.status_code == 404:
            assert response.json()["code"] == "not_found"

    suggested = client.get(SUGGEST, {"q": "mot de pas", "brique": "moodle"}).json()
    titles = [item["title"] for item in suggested["results"]]
    assert set(titles) - {"Mot de passe Zimbra oublié"} == expected
    # The brique asked for comes first.
    assert titles[-1] == "Mot de passe Zimbra oublié"
    assert suggested["results"][0]["own_brique"] is True
    assert suggested["unavailable"] is False


def test_detail_gives_html_and_plain_text(kb, client):
    desk, articles, _other = kb
    article = articles["everyone"]
    data = APIClient().get(f"{LIST}{article.pk}/").json()
    assert data["title"] == "Mot de passe Moodle (everyone)"
    assert data["audience"] == "everyone"
    assert data["brique"] == {"id": desk.brique.pk, "slug": "moodle", "title": "Moodle"}
    assert data["url"] == "http://testserver" + article.url
    # Links made absolute for a client on another site; plain text without tags.
    assert '<a href="http://testserver/aide/">mot de passe</a>' in data["symptoms_html"]
    assert data["symptoms_text"] == "Le mot de passe est refusé & bloqué."
    assert data["resolution_html"] == "" and data["cause_text"] == ""
    # The page says the same.
    assert "est refusé" in client.get(article.url).content.decode()


def test_related_articles_are_filtered_by_audience(kb):
    desk, articles, _other = kb
    article = articles["everyone"]
    article.related_articles.set([articles["staff"], articles["students"]])
    article.save_revision().publish()
    student = APIClient()
    student.force_authenticate(UserFactory(affiliation="student"))
    related = student.get(f"{LIST}{article.pk}/").json()["related"]
    assert [item["title"] for item in related] == ["Mot de passe Moodle (students)"]


def test_unpublished_and_unknown_articles_are_404(kb):
    desk, articles, _other = kb
    draft = make_article(desk.brique, "Brouillon", slug="brouillon", publish=False, live=False)
    admin = reader("admin", desk)
    assert admin.get(f"{LIST}{draft.pk}/").status_code == 404
    assert admin.get(f"{LIST}999999/").status_code == 404
    assert admin.get(f"{LIST}abc/").status_code == 404
    assert admin.get(f"{LIST}{10**30}/").status_code == 404


def test_filters_and_bad_parameters(kb):
    desk, _articles, _other = kb
    client = reader("admin", desk)
    staff_only = client.get(LIST, {"audience": "staff"}).json()
    assert [item["title"] for item in staff_only["results"]] == ["Mot de passe Moodle (staff)"]
    assert client.get(LIST, {"brique": "inconnue"}).json()["count"] == 0
    bad = client.get(LIST, {"audience": "martians"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid" and "audience" in bad.json()["fields"]
    assert client.get(SUGGEST).status_code == 400
    assert client.get(SUGGEST, {"q": "mo"}).json() == {"results": [], "unavailable": False}
    assert client.get(LIST, {"q": "passe", "page": 9}).status_code == 404
    assert client.get(LIST, {"q": "passe", "page": "x"}).status_code == 404
    assert client.get(LIST, {"page": 9}).status_code == 404


def test_search_is_paginated_with_links(kb, settings):
    desk, _articles, _other = kb
    client = reader("admin", desk)
    first = client.get(LIST, {"q": "mot de passe", "page_size": 2}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()
    assert third["next"] is None and len(third["results"]) == 1
    seen = [item["id"] for page in (first, second, third) for item in page["results"]]
    assert len(set(seen)) == 5
    settings.GUICHET_API_MAX_PAGE_SIZE = 3
    assert len(client.get(LIST, {"q": "passe", "page_size": 50}).json()["results"]) == 3


@pytest.mark.parametrize("params", [{}, {"q": "mot de passe"}])
def test_query_count_does_not_grow_with_page_size(
    kb, params, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    desk, _articles, _other = kb
    client = reader("student", desk)
    with django_assert_max_num_queries(40) as few:
        small = client.get(LIST, {**params, "page_size": 2}).json()
    assert len(small["results"]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(15):
            make_article(desk.brique, f"Mot de passe n°{number}", slug=f"mdp-n{number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = client.get(LIST, {**params, "page_size": 50}).json()
    assert len(large["results"]) == 18


def test_read_token_may_read_articles(kb, token_client):
    client, _token, _secret = token_client("read")
    assert client.get(LIST).status_code == 200
    assert client.post(LIST, {}, format="json").status_code in (403, 405)
