"""Articles under a brique: who reads which, and the "did it help you" answer."""

import pytest

from knowledge.models import ArticleVote, Audience
from portal.models import Affiliation
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return make_desk()


@pytest.fixture
def articles(desk):
    return {
        audience: make_article(
            desk.brique, title=f"Fiche {audience}", slug=f"fiche-{audience}", audience=audience
        )
        for audience in Audience.values
    }


def readable_titles(client, url="/briques/moodle/"):
    html = client.get(url).content.decode()
    return {audience for audience in Audience.values if f"Fiche {audience}<" in html}


def test_anonymous_reads_only_articles_for_everyone(client, articles):
    assert readable_titles(client) == {"everyone"}
    assert client.get(articles["staff"].url).status_code == 404
    assert client.get(articles["everyone"].url).status_code == 200


def test_student_never_sees_staff_articles(client, articles):
    client.force_login(UserFactory(affiliation=Affiliation.STUDENT))
    assert readable_titles(client) == {"everyone", "students"}
    assert client.get(articles["staff"].url).status_code == 404


def test_staff_read_staff_articles_but_not_technician_ones(client, articles):
    client.force_login(UserFactory(affiliation=Affiliation.FACULTY))
    assert readable_titles(client) == {"everyone", "staff"}
    assert client.get(articles["technicians"].url).status_code == 404


def test_chain_members_read_everything_of_their_brique(client, desk, articles):
    client.force_login(desk.technician)
    assert readable_titles(client) == set(Audience.values)
    other = make_desk("Scenari")
    client.force_login(other.technician)
    assert client.get(articles["technicians"].url).status_code == 404


def test_article_page_shows_its_sections(client, desk):
    article = make_article(
        desk.brique,
        symptoms="<p>Message « identifiants invalides »</p>",
        resolution=[
            (
                "steps",
                [
                    "<p>Ouvrir la page de connexion</p>",
                    "<p>Cliquer sur « Mot de passe oublié »</p>",
                ],
            ),
            ("warning", {"level": "warning", "text": "<p>Jamais par e-mail.</p>"}),
        ],
    )
    html = client.get(article.url).content.decode()
    assert "identifiants invalides" in html
    assert '<ol class="steps">' in html and "Mot de passe oublié" in html
    assert "Jamais par e-mail." in html


def test_vote_is_recorded_once_per_person_and_can_change(client, desk):
    article = make_article(desk.brique)
    client.force_login(desk.requester)
    url = f"/fiches/{article.pk}/avis/"
    assert client.post(url, {"helpful": "yes"}).status_code == 302
    client.post(url, {"helpful": "no", "comment": "Toujours bloqué"})
    vote = ArticleVote.objects.get()
    assert (vote.helpful, vote.comment, vote.user) == (False, "Toujours bloqué", desk.requester)


def test_anonymous_votes_are_counted_per_session(client, desk):
    article = make_article(desk.brique)
    client.post(f"/fiches/{article.pk}/avis/", {"helpful": "yes"})
    client.post(f"/fiches/{article.pk}/avis/", {"helpful": "yes"})
    assert ArticleVote.objects.count() == 1
    assert (
        "1 person found it helpful."
        in client.get(article.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_vote_without_answer_is_refused_and_a_hidden_article_is_404(client, desk):
    article = make_article(desk.brique)
    client.post(f"/fiches/{article.pk}/avis/", {"comment": "?"})
    assert ArticleVote.objects.count() == 0
    hidden = make_article(
        desk.brique, title="Interne", slug="interne", audience=Audience.TECHNICIANS
    )
    assert client.post(f"/fiches/{hidden.pk}/avis/", {"helpful": "yes"}).status_code == 404
