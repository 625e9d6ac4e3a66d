""" "Cette fiche a aidé à résoudre N demandes": articles chosen when resolving a ticket, plus
the article's source ticket, counted once each, without a query per article."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helpdesk import services
from helpdesk.models import ResolutionCode, TicketAction, TicketArticle, TicketStatus
from knowledge.helped import helped_count, with_helped_count
from knowledge.models import ArticlePage, Audience
from tests.factories import make_brique
from tests.helpdesk.factories import make_desk, submit, ticket_in
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db


def assigned(desk, **fields):
    ticket = submit(desk, **fields)
    return services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)


def resolve(desk, ticket, articles=()):
    return services.resolve_ticket(
        desk.technician,
        ticket,
        solution="Mot de passe réinitialisé.",
        resolution_code=ResolutionCode.FIXED,
        articles=articles,
    )


def test_resolving_with_articles_links_them_and_counts():
    desk = make_desk()
    first = make_article(desk.brique, "Mot de passe oublié", slug="mdp")
    second = make_article(desk.brique, "Compte verrouillé", slug="verrou")
    resolve(desk, assigned(desk), articles=[first, second.pk])
    resolve(desk, assigned(desk), articles=[first])
    assert helped_count(first) == 2
    assert helped_count(second) == 1
    assert TicketArticle.objects.filter(linked_by=desk.technician).count() == 3


def test_resolving_without_articles_links_nothing():
    desk = make_desk()
    resolve(desk, assigned(desk))
    assert not TicketArticle.objects.exists()


def test_source_ticket_counts_once_even_when_also_picked():
    desk = make_desk()
    source = ticket_in(desk, TicketStatus.RESOLVED)
    article = make_article(desk.brique, "Dépôt grisé", slug="depot", source_ticket=source)
    assert helped_count(article) == 1
    TicketArticle.objects.create(ticket=source, article=article)
    assert helped_count(article) == 1
    resolve(desk, assigned(desk), articles=[article])
    assert helped_count(article) == 2


def test_unreadable_or_unpublished_articles_are_refused_and_nothing_changes():
    desk = make_desk()
    other = make_brique("Scenari")
    hidden = make_article(other, "Fiche interne", slug="interne", audience=Audience.TECHNICIANS)
    draft = make_article(desk.brique, "Brouillon", slug="brouillon", publish=False, live=False)
    for article in (hidden, draft):
        ticket = assigned(desk)
        with pytest.raises(ValidationError):
            resolve(desk, ticket, articles=[article])
        ticket.refresh_from_db()
        assert ticket.status == TicketStatus.ASSIGNED
    assert not TicketArticle.objects.exists()


def test_count_is_annotated_in_one_query(django_assert_num_queries):
    desk = make_desk()
    articles = [make_article(desk.brique, f"Fiche {n}", slug=f"fiche-{n}") for n in range(4)]
    for n, article in enumerate(articles):
        for _ in range(n):
            resolve(desk, assigned(desk), articles=[article])
    with django_assert_num_queries(1):
        counts = {
            a.pk: helped_count(a)
            for a in with_helped_count(ArticlePage.objects.filter(pk__in=[a.pk for a in articles]))
        }
    assert counts == {a.pk: n for n, a in enumerate(articles)}


def test_article_page_shows_how_many_requests_it_helped(client):
    desk = make_desk()
    article = make_article(desk.brique, "Mot de passe oublié", slug="mdp")
    page = client.get(article.url)
    assert 'data-testid="article-helped"' not in page.content.decode()
    resolve(desk, assigned(desk), articles=[article])
    resolve(desk, assigned(desk), articles=[article])
    page = client.get(article.url, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Cette fiche a aidé à résoudre 2 demandes." in page.content.decode()


def test_review_list_shows_the_count_without_a_query_per_row(client, django_assert_max_num_queries):
    import datetime

    desk = make_desk()
    past = datetime.date(2020, 1, 1)
    articles = [
        make_article(desk.brique, f"Fiche {n}", slug=f"f-{n}", review_due=past) for n in range(3)
    ]
    resolve(desk, assigned(desk), articles=articles[:1])
    client.force_login(desk.moderator)
    url = reverse("knowledge_review_due")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        response = client.get(url)
    for n in range(3, 8):
        make_article(desk.brique, f"Fiche {n}", slug=f"f-{n}", review_due=past)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    counts = [a.helped_count for a in response.context["page_obj"]]
    assert sorted(counts) == [0] * 7 + [1]
    assert {a.brique_title for a in response.context["page_obj"]} == {desk.brique.title}


def test_resolve_form_offers_matching_articles_and_records_the_choice(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        article = make_article(
            desk.brique, "Réinitialiser son mot de passe Moodle", slug="mdp-moodle"
        )
        make_article(desk.brique, "Sauvegarder un cours", slug="sauvegarde")
        ticket = assigned(desk, title="Mot de passe Moodle refusé", description="Refusé.")
    client.force_login(desk.technician)
    url = reverse("helpdesk_admin:ticket", args=[ticket.reference])
    page = client.get(url).content.decode()
    assert f'name="resolve-articles" value="{article.pk}"' in page
    response = client.post(
        url,
        {
            "action": TicketAction.RESOLVE,
            "resolve-version": ticket.version,
            "resolve-solution": "Lien de réinitialisation envoyé.",
            "resolve-resolution_code": ResolutionCode.FIXED,
            "resolve-articles": [article.pk],
        },
    )
    assert response.status_code == 302
    assert list(TicketArticle.objects.values_list("ticket_id", "article_id")) == [
        (ticket.pk, article.pk)
    ]


def test_resolve_form_has_no_article_list_when_nothing_matches(client):
    desk = make_desk()
    ticket = assigned(desk, title="Zorglub inconnu", description="Rien à voir.")
    client.force_login(desk.technician)
    page = client.get(reverse("helpdesk_admin:ticket", args=[ticket.reference]))
    html = page.content.decode()
    assert 'name="resolve-solution"' in html and 'name="resolve-articles"' not in html
