"""The demo knowledge base: about forty published articles over the eight briques, for every
audience, some written from demo tickets and counted as having helped, a few due for review,
searchable at once ("mot de passe moodle" for a student)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from helpdesk.models import TicketArticle
from knowledge.demo_data import ARTICLES
from knowledge.helped import with_helped_count
from knowledge.models import ArticlePage, Audience
from portal.models import BriquePage, User
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for this module's read-only tests in a transaction rolled
    back at its end. Committing it and flushing afterwards would give the content types new
    ids, which breaks the serialized rollback of the transactional tests that run last."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        # Search entries are written on commit: run those callbacks as a commit would.
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def test_articles_are_published_over_every_brique_for_every_audience(demo):
    articles = ArticlePage.objects.live()
    assert articles.count() == len(ARTICLES) >= 38
    assert all(article.latest_revision_id for article in articles)
    briques = {article.get_parent().slug for article in articles}
    assert briques == set(BriquePage.objects.values_list("slug", flat=True))
    audiences = {value: articles.filter(audience=value).count() for value in Audience.values}
    assert audiences[Audience.STAFF] >= 10 and audiences[Audience.STUDENTS] >= 3
    assert 1 <= audiences[Audience.TECHNICIANS] <= 5
    assert SearchEntry.objects.filter(kind="article").count() == articles.count()
    assert articles.filter(tagged_items__isnull=False).distinct().count() == articles.count()


def test_some_come_from_demo_tickets_and_count_the_requests_they_helped(demo):
    with_source = ArticlePage.objects.filter(source_ticket__isnull=False)
    assert with_source.count() >= 20
    assert TicketArticle.objects.count() >= 20
    counts = with_helped_count(ArticlePage.objects.all()).values_list("helped_count", flat=True)
    assert max(counts) >= 2


def test_a_few_are_past_their_review_date(demo, client):
    overdue = ArticlePage.objects.filter(review_due__lt=timezone.localdate())
    assert 3 <= overdue.count() <= 8
    client.force_login(User.objects.get(username="admin-fonctionnel"))
    response = client.get(reverse("knowledge_review_due"))
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == overdue.count()


def test_a_student_typing_mot_de_passe_moodle_gets_the_students_article(demo, client):
    moodle = BriquePage.objects.get(slug="moodle")
    client.force_login(User.objects.get(username="etudiant"))
    results = client.get(
        reverse("search:suggestions"), {"q": "mot de passe moodle", "brique": moodle.pk}
    ).json()["results"]
    assert results[0]["title"] == "Mot de passe Moodle oublié ou refusé"
    staff_only = ArticlePage.objects.filter(audience=Audience.STAFF)
    assert not {r["id"] for r in results} & set(staff_only.values_list("pk", flat=True))
    assert client.get(results[0]["url"]).status_code == 200
    assert client.get(staff_only.first().url).status_code == 404


def test_the_demo_has_self_service_activity_for_the_reports(demo):
    from knowledge.demo_self_service import load_self_service
    from knowledge.models import AttemptOutcome, SelfServiceAttempt, SelfServiceOpening

    attempts = SelfServiceAttempt.objects.all()
    assert attempts.values("brique").distinct().count() == BriquePage.objects.live().count()
    outcomes = set(attempts.values_list("outcome", flat=True))
    assert outcomes == set(AttemptOutcome.values)
    assert SelfServiceOpening.objects.exists()
    count = attempts.count()
    load_self_service(lambda line: None)
    assert SelfServiceAttempt.objects.count() == count  # a second run adds nothing
