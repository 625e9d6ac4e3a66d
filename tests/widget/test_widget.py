"""The help widget on the server side: its script, the panel (framed only by the allowed
origins), an article read in it, CORS on the public API, the site's framing policy, the demo
page, and the ticket form's deep links that the widget (or any site) uses."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from knowledge.models import Audience
from tests.factories import PASSWORD, add_category, make_brique
from tests.knowledge.factories import make_article
from widget.framing import normalise_origin

pytestmark = pytest.mark.django_db

INTRANET = "https://intranet.insa-lyon.fr"


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.GUICHET_WIDGET_ORIGINS = [INTRANET, "http://localhost:8000"]


@pytest.fixture
def moodle(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        brique = make_brique("Moodle")
        public = make_article(brique, "Déposer un devoir sur Moodle", slug="depot")
        staff = make_article(
            brique, "Corriger les devoirs sur Moodle", slug="correction", audience=Audience.STAFF
        )
        make_article(make_brique("Zimbra"), "Devoir de réserve et messagerie", slug="zimbra")
    return brique, public, staff


def test_script_carries_the_allowed_origins_and_translated_strings(client):
    response = client.get("/widget.js", HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert '"origins": ["https://intranet.insa-lyon.fr", "http://localhost:8000"]' in body
    assert "Besoin d'aide" in body
    assert "GUICHET_WIDGET_ORIGINS" in body
    english = client.get("/widget.js", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Need help?" in english


def test_panel_may_be_framed_by_the_allowed_origins_only(client, moodle):
    response = client.get("/aide/widget/", {"brique": "moodle"})
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == (
        "frame-ancestors 'self' https://intranet.insa-lyon.fr http://localhost:8000"
    )
    assert "X-Frame-Options" not in response


@pytest.mark.parametrize("path", ["/", "/recherche/", "/connexion/", "/api/v1/briques/"])
def test_every_other_page_refuses_to_be_framed(client, moodle, path):
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"] == "frame-ancestors 'none'"


def test_panel_lists_and_searches_the_briques_articles_an_anonymous_reader_may_read(client, moodle):
    brique, public, staff = moodle
    page = "https://intranet.insa-lyon.fr/cours/"
    listed = client.get("/aide/widget/", {"brique": "moodle", "page": page}).content.decode()
    assert "Déposer un devoir sur Moodle" in listed
    assert "Corriger les devoirs" not in listed
    found = client.get("/aide/widget/", {"brique": "moodle", "q": "devoir", "page": page})
    html = found.content.decode()
    assert "Déposer un devoir sur Moodle" in html
    assert "Corriger les devoirs" not in html and "Devoir de réserve" not in html
    # "Ouvrir une demande": the brique's form at once, with the search and the page.
    assert (
        f'href="/demandes/nouvelle/{brique.pk}/?step=form&amp;q=devoir&amp;'
        'page=https%3A%2F%2Fintranet.insa-lyon.fr%2Fcours%2F"' in html
    )
    # Every brique without one.
    anywhere = client.get("/aide/widget/", {"q": "devoir"}).content.decode()
    assert "Devoir de réserve et messagerie" in anywhere


def test_article_in_the_panel_follows_the_audience_rules(client, moodle, user):
    _brique, public, staff = moodle
    response = client.get(f"/aide/widget/fiches/{public.pk}/", {"brique": "moodle"})
    assert response.status_code == 200
    assert "Déposer un devoir sur Moodle" in response.content.decode()
    assert response["Content-Security-Policy"].startswith("frame-ancestors 'self' ")
    assert client.get(f"/aide/widget/fiches/{staff.pk}/").status_code == 404
    user.affiliation = "staff"
    user.save()
    client.force_login(user)
    assert client.get(f"/aide/widget/fiches/{staff.pk}/").status_code == 200


def test_cors_for_the_allowed_origins_on_the_public_api_only(client, moodle):
    allowed = client.get("/api/v1/articles/", HTTP_ORIGIN=INTRANET)
    assert allowed["Access-Control-Allow-Origin"] == INTRANET
    assert "Access-Control-Allow-Credentials" not in allowed
    status = client.get("/api/v1/briques/moodle/status/", HTTP_ORIGIN=INTRANET)
    assert status["Access-Control-Allow-Origin"] == INTRANET
    other = client.get("/api/v1/articles/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    private = client.get("/api/v1/me/", HTTP_ORIGIN=INTRANET)
    assert "Access-Control-Allow-Origin" not in private


def test_origins_setting_is_checked():
    assert normalise_origin("HTTPS://Intranet.INSA-Lyon.fr/") == INTRANET
    for wrong in ("intranet.insa-lyon.fr", "https://intranet.insa-lyon.fr/cours", "ftp://x"):
        with pytest.raises(ImproperlyConfigured):
            normalise_origin(wrong)


def test_demo_page_only_in_development_or_demo(client, moodle, settings):
    settings.GUICHET_BASE_URL = "http://127.0.0.1:8000"
    page = client.get("/demo/intranet/", {"brique": "moodle"}).content.decode()
    assert '<script src="http://127.0.0.1:8000/widget.js" data-brique="moodle" defer>' in page
    settings.DEBUG = False
    settings.GUICHET_DEMO = False
    assert client.get("/demo/intranet/").status_code == 404


# --- deep links to the ticket form -------------------------------------------------------------


def test_ticket_form_deep_link_preselects_a_category_and_carries_the_context(client, user):
    brique = make_brique("Moodle")
    access = add_category(brique, "Accès et connexion")
    other = add_category(make_brique("Zimbra"), "Quota")
    client.force_login(user)
    url = f"/demandes/nouvelle/{brique.pk}/"
    form = client.get(
        url,
        {"step": "form", "category": access.pk, "page": "https://intranet.insa-lyon.fr/cours/"},
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
    ).context["form"]
    assert form["category"].value() == access.pk
    description = form["description"].value()
    assert "Page\u00a0: https://intranet.insa-lyon.fr/cours/" in description
    assert "Navigateur\u00a0: Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" in description
    # Another brique's category, or a page that is not a web address: ignored.
    ignored = client.get(url, {"step": "form", "category": other.pk, "page": "javascript:x"})
    assert ignored.context["form"]["category"].value() is None
    assert not ignored.context["form"]["description"].value()


def test_deep_link_survives_the_sign_in(client, user):
    brique = make_brique("Moodle")
    category = add_category(brique)
    url = f"/demandes/nouvelle/{brique.pk}/?step=form&category={category.pk}"
    response = client.get(url)
    assert response.status_code == 302 and "next=" in response["Location"]
    signed_in = client.post(
        response["Location"], {"username": user.username, "password": PASSWORD}, follow=True
    )
    assert signed_in.context["form"]["category"].value() == category.pk


def test_search_and_article_deep_links(client, moodle):
    _brique, public, _staff = moodle
    assert "Déposer un devoir" in client.get("/recherche/", {"q": "devoir"}).content.decode()
    assert client.get(public.url).status_code == 200


def test_pages_announce_their_status_feeds(client, moodle):
    brique, _public, _staff = moodle
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/api/v1/status/feed/"' in home
    page = client.get(brique.url).content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'href="/api/v1/briques/moodle/status/feed/"' in page
    )
