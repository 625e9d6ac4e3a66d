""" "Search before you submit" on the ticket form, as a requester's browser sees it without
JavaScript and through the endpoints the script calls: the search step, suggestions (the
brique's first, never an article the reader may not read), an article opened in place, "Cela
a résolu mon problème", the ticket linked to its attempt, bad input, bounded query counts."""

import re

import pytest
from django.urls import reverse

from helpdesk.models import Ticket, TicketKind
from knowledge import deflection
from knowledge.models import AttemptOutcome, Audience, SelfServiceAttempt
from tests.factories import UserFactory, make_brique
from tests.helpdesk.factories import make_desk
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(django_capture_on_commit_callbacks):
    """Moodle with one password article per audience and one about backups; the video
    platform with its own password article. Indexed, as after publishing."""
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        articles = {
            audience: make_article(
                desk.brique,
                f"Mot de passe Moodle oublié ({audience})",
                slug=f"mdp-{audience}",
                audience=audience,
                summary=f"Réinitialiser son mot de passe ({audience}).",
            )
            for audience in Audience.values
        }
        make_article(
            desk.brique,
            "Sauvegarder un cours",
            slug="sauvegarde",
            summary="Garder une copie de son cours.",
        )
        video = make_brique("Plateforme vidéo")
        articles["video"] = make_article(
            video, "Mot de passe de la plateforme vidéo", slug="mdp-video"
        )
    return desk, articles


def new_url(brique):
    return reverse("helpdesk:new_ticket", kwargs={"brique_id": brique.pk})


def suggest_url(brique):
    return reverse("helpdesk:self_service_suggestions", kwargs={"brique_id": brique.pk})


def article_url(brique, article):
    return reverse(
        "helpdesk:self_service_article", kwargs={"brique_id": brique.pk, "article_id": article.pk}
    )


def solved_url(brique):
    return reverse("helpdesk:self_service_solved", kwargs={"brique_id": brique.pk})


def token_on(response) -> str:
    return response.context["attempt"]


def ticket_data(**overrides):
    data = {
        "kind": TicketKind.INCIDENT,
        "title": "Mot de passe Moodle refusé",
        "description": "Le mot de passe est refusé depuis ce matin.",
        "impact": "3",
        "urgency": "2",
        "watchers": "",
    }
    data.update(overrides)
    return data


# --- without JavaScript: the search step first ------------------------------------------------


def test_the_form_opens_on_the_search_step(client, site):
    desk, _articles = site
    client.force_login(desk.requester)
    response = client.get(new_url(desk.brique))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="q"' in content and "data-search-step" in content
    # The form is there for the script, hidden until then.
    assert re.search(r"<form[^>]*data-ticket-form[^>]* hidden", content)
    # The live region the script fills.
    assert 'aria-live="polite"' in content and 'id="self-service-title"' in content
    assert "self-service.js" in content
    attempt = SelfServiceAttempt.objects.get()
    assert attempt.brique_id == desk.brique.pk and attempt.outcome == ""


def test_reloading_the_form_is_the_same_attempt(client, site):
    desk, _articles = site
    client.force_login(desk.requester)
    client.get(new_url(desk.brique))
    client.get(new_url(desk.brique))
    assert SelfServiceAttempt.objects.count() == 1


def test_search_step_lists_readable_articles_brique_first(client, site):
    desk, articles = site
    client.force_login(desk.requester)  # a student
    token = token_on(client.get(new_url(desk.brique)))
    response = client.get(new_url(desk.brique), {"q": "mot de passe", "attempt": token})
    titles = [item.title for item in response.context["suggested"].articles]
    assert titles[-1] == "Mot de passe de la plateforme vidéo"
    assert set(titles[:-1]) == {
        "Mot de passe Moodle oublié (everyone)",
        "Mot de passe Moodle oublié (students)",
    }
    content = response.content.decode()
    assert "(staff)" not in content and "(technicians)" not in content
    assert "Cela a résolu mon problème" in content
    assert "Ma demande n’est pas résolue" in content or "Ma demande n'est pas résolue" in content
    attempt = SelfServiceAttempt.objects.get()
    assert attempt.suggestions_offered == 3 and attempt.query == "mot de passe"


def test_staff_and_chain_see_their_articles(client, site):
    desk, _articles = site
    teacher = UserFactory(username="prof", affiliation="faculty", establishment=desk.school)
    client.force_login(teacher)
    response = client.get(new_url(desk.brique), {"q": "mot de passe moodle"})
    titles = {item.title for item in response.context["suggested"].articles}
    assert "Mot de passe Moodle oublié (staff)" in titles
    assert "Mot de passe Moodle oublié (students)" not in titles
    assert "Mot de passe Moodle oublié (technicians)" not in titles
    client.force_login(desk.technician)
    response = client.get(new_url(desk.brique), {"q": "mot de passe moodle"})
    titles = {item.title for item in response.context["suggested"].articles}
    assert "Mot de passe Moodle oublié (technicians)" in titles


def test_not_solved_goes_on_to_the_form_with_the_query_as_title(client, site):
    desk, _articles = site
    client.force_login(desk.requester)
    token = token_on(client.get(new_url(desk.brique)))
    response = client.get(
        new_url(desk.brique), {"step": "form", "q": "mot de passe refusé", "attempt": token}
    )
    content = response.content.decode()
    assert "data-search-step" not in content
    assert not re.search(r"<form[^>]*data-ticket-form[^>]* hidden", content)
    assert response.context["form"].initial["title"] == "mot de passe refusé"
    assert response.context["form"].initial["attempt"]
    # Sending the form files the ticket and links it to the same attempt.
    response = client.post(
        new_url(desk.brique), ticket_data(attempt=response.context["form"].initial["attempt"])
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    attempt = SelfServiceAttempt.objects.get()
    assert attempt.outcome == AttemptOutcome.SUBMITTED and attempt.ticket == ticket


def test_filing_with_a_forged_or_foreign_token_files_but_links_nothing(client, site):
    desk, _articles = site
    client.force_login(desk.outsider)
    foreign = token_on(client.get(new_url(desk.brique)))
    client.force_login(desk.requester)
    response = client.post(new_url(desk.brique), ticket_data(attempt=foreign))
    assert response.status_code == 302
    assert Ticket.objects.count() == 1
    assert SelfServiceAttempt.objects.get().outcome == ""
    response = client.post(new_url(desk.brique), ticket_data(attempt="forged:token"))
    assert response.status_code == 302 and Ticket.objects.count() == 2


def test_solved_from_the_article_page_ends_without_a_ticket(client, site):
    desk, articles = site
    client.force_login(desk.requester)
    token = token_on(client.get(new_url(desk.brique)))
    client.get(new_url(desk.brique), {"q": "mot de passe", "attempt": token})
    article = articles[Audience.STUDENTS]
    page = client.get(article_url(desk.brique, article), {"attempt": token})
    assert page.status_code == 200
    assert article.title in page.content.decode()
    response = client.post(solved_url(desk.brique), {"attempt": token, "article": article.pk})
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and desk.brique.url in thanks.content.decode()
    attempt = SelfServiceAttempt.objects.get()
    assert attempt.outcome == AttemptOutcome.SOLVED
    assert attempt.solved_by_id == article.pk
    assert list(attempt.articles_opened.values_list("pk", flat=True)) == [article.pk]
    assert not Ticket.objects.exists()
    # Coming back to the form starts a new attempt.
    client.get(new_url(desk.brique))
    assert SelfServiceAttempt.objects.count() == 2


def test_solved_cannot_touch_another_requesters_attempt(client, site):
    desk, _articles = site
    client.force_login(desk.outsider)
    theirs = token_on(client.get(new_url(desk.brique)))
    client.force_login(desk.requester)
    response = client.post(solved_url(desk.brique), {"attempt": theirs})
    assert response.status_code == 302
    assert SelfServiceAttempt.objects.get().outcome == ""
    assert client.post(solved_url(desk.brique), {"attempt": "x" * 5000}).status_code == 302
    assert client.get(solved_url(desk.brique)).status_code == 405


def test_solved_ignores_an_article_the_requester_may_not_read(client, site):
    desk, articles = site
    client.force_login(desk.requester)
    token = token_on(client.get(new_url(desk.brique)))
    client.post(solved_url(desk.brique), {"attempt": token, "article": articles["staff"].pk})
    attempt = SelfServiceAttempt.objects.get()
    assert attempt.outcome == AttemptOutcome.SOLVED and attempt.solved_by_id is None
    assert not attempt.articles_opened.exists()


# --- the endpoints the script calls -----------------------------------------------------------


def test_suggestions_json(client, site):
    desk, _articles = site
    client.force_login(desk.requester)
    token = token_on(client.get(new_url(desk.brique)))
    response = client.get(suggest_url(desk.brique), {"q": "mot de passe moodle", "attempt": token})
    data = response.json()
    assert response.status_code == 200
    assert data["count"] == len(data["results"]) == 3
    assert data["status"].startswith("3 ")
    first = data["results"][0]
    assert first["own_brique"] is True and first["brique_title"] == "Moodle"
    assert {"id", "title", "summary", "url", "open_url"} <= set(first)
    other = data["results"][-1]
    assert other["own_brique"] is False and other["brique_title"] == "Plateforme vidéo"
    titles = " ".join(item["title"] for item in data["results"])
    assert "(staff)" not in titles and "(technicians)" not in titles
    assert SelfServiceAttempt.objects.get().suggestions_offered == 3


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "mo",
        "x" * 20_000,
        '"mot de passe" OR 1=1; DROP TABLE knowledge_articlepage; --',
        'mot* AND (passe OR "moodle") NEAR/2 ^3 ~ {}[]',
        "🔑🔒 mot de passe 😱",
        "\x00\u202e<script>alert(1)</script>",
    ],
)
def test_bad_queries_give_clean_answers(client, site, text):
    desk, _articles = site
    client.force_login(desk.requester)
    response = client.get(suggest_url(desk.brique), {"q": text})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == len(data["results"])
    titles = " ".join(item["title"] for item in data["results"])
    assert "(staff)" not in titles and "(technicians)" not in titles
    step = client.get(new_url(desk.brique), {"q": text})
    assert step.status_code == 200
    assert "<script>alert" not in step.content.decode()


def test_emoji_and_quotes_still_find(client, site):
    desk, _articles = site
    client.force_login(desk.requester)
    data = client.get(suggest_url(desk.brique), {"q": '🔑 "mot de passe" 😱'}).json()
    assert data["count"] >= 1


def test_no_match_says_so(client, site):
    desk, _articles = site
    client.force_login(desk.requester)
    data = client.get(suggest_url(desk.brique), {"q": "imprimante bourrage papier"}).json()
    assert data["count"] == 0 and data["results"] == [] and data["status"]


def test_article_in_place_respects_who_may_read(client, site):
    desk, articles = site
    client.force_login(desk.requester)  # a student
    token = token_on(client.get(new_url(desk.brique)))
    for audience in (Audience.STAFF, Audience.TECHNICIANS):
        response = client.get(
            article_url(desk.brique, articles[audience]), {"fragment": "1", "attempt": token}
        )
        assert response.status_code == 404
    assert not SelfServiceAttempt.objects.get().articles_opened.exists()
    fragment = client.get(
        article_url(desk.brique, articles[Audience.STUDENTS]), {"fragment": "1", "attempt": token}
    )
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html and "Réinitialiser son mot de passe (students)" in html
    assert SelfServiceAttempt.objects.get().articles_opened.count() == 1
    # The technician of the chain reads the technician-only article in place.
    client.force_login(desk.technician)
    response = client.get(
        article_url(desk.brique, articles[Audience.TECHNICIANS]), {"fragment": "1"}
    )
    assert response.status_code == 200


def test_unpublished_articles_and_briques_answer_404(client, site):
    desk, articles = site
    client.force_login(desk.requester)
    article = articles[Audience.EVERYONE]
    article.unpublish()
    assert client.get(article_url(desk.brique, article), {"fragment": "1"}).status_code == 404
    # The index may still hold it for a moment: suggestions check readability in the database.
    data = client.get(suggest_url(desk.brique), {"q": "mot de passe moodle"}).json()
    assert article.pk not in [item["id"] for item in data["results"]]
    draft = make_brique("Bot groupe", publish=False, live=False)
    assert client.get(suggest_url(draft), {"q": "mot de passe"}).status_code == 404
    assert client.post(solved_url(draft), {}).status_code == 404


def test_endpoints_need_sign_in(client, site):
    desk, articles = site
    for url in (suggest_url(desk.brique), article_url(desk.brique, articles["everyone"])):
        response = client.get(url, {"q": "mot de passe"})
        assert response.status_code == 302 and reverse("portal:login") in response["Location"]
    assert client.post(solved_url(desk.brique)).status_code == 302
    assert not SelfServiceAttempt.objects.exists()


def test_query_counts_do_not_grow_with_articles(
    client, site, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    desk, _articles = site
    client.force_login(desk.requester)
    token = token_on(client.get(new_url(desk.brique)))

    def counted():
        with django_assert_max_num_queries(20) as captured:
            client.get(suggest_url(desk.brique), {"q": "mot de passe", "attempt": token})
        return len(captured)

    before = counted()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            brique = desk.brique if number % 2 else make_brique(f"Brique {number}")
            make_article(brique, f"Mot de passe {number}", slug=f"mdp-extra-{number}")
    assert counted() <= before
    with django_assert_max_num_queries(30):
        client.get(new_url(desk.brique), {"q": "mot de passe", "attempt": token})


def test_with_javascript_the_ticket_still_carries_the_attempt(client, site):
    """The script's path: the form page, suggestions fetched, an article opened, then the
    requester files anyway: the attempt ends submitted with everything recorded."""
    desk, articles = site
    client.force_login(desk.requester)
    token = token_on(client.get(new_url(desk.brique)))
    client.get(suggest_url(desk.brique), {"q": "mot de passe", "attempt": token})
    client.get(article_url(desk.brique, articles["everyone"]), {"fragment": "1", "attempt": token})
    client.post(new_url(desk.brique), ticket_data(attempt=token))
    attempt = SelfServiceAttempt.objects.get()
    assert attempt.outcome == AttemptOutcome.SUBMITTED
    assert attempt.ticket == Ticket.objects.get()
    assert attempt.suggestions_offered == 3
    assert attempt.articles_opened.count() == 1
    assert deflection.attempt_from_token(token, desk.requester) == attempt
