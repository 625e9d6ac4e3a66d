"""`manage.py generate_articles`: many published articles in bulk, valid in Wagtail's tree,
servable, indexed for search; `--count` is a total; `--clear` removes them."""

from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from knowledge.models import ArticlePage
from search.models import SearchEntry
from tests.factories import make_brique

pytestmark = pytest.mark.django_db


def test_bulk_articles_are_live_valid_servable_and_indexed(client):
    moodle, scenari = make_brique("Moodle"), make_brique("Scenari")
    call_command("generate_articles", count=30, batch=12, stdout=StringIO())
    generated = ArticlePage.objects.filter(slug__startswith="gen-")
    assert generated.live().count() == 30
    assert Page.find_problems() == ([], [], [], [], [])
    for brique in (moodle, scenari):
        brique.refresh_from_db()
        assert brique.numchild == ArticlePage.objects.child_of(brique).count() > 0
    article = generated.filter(audience="everyone").first()
    response = client.get(article.url)
    assert response.status_code == 200 and article.title in response.content.decode()
    assert SearchEntry.objects.filter(kind="article").count() == 30
    # A later article added by an editor lands after the generated ones.
    moodle.add_child(instance=ArticlePage(title="Fiche manuelle", slug="manuelle", summary="s"))

    call_command("generate_articles", count=30, stdout=StringIO())
    assert generated.count() == 30
    call_command("generate_articles", count=35, stdout=StringIO())
    assert generated.count() == 35 and Page.find_problems() == ([], [], [], [], [])

    call_command("generate_articles", clear=True, stdout=StringIO())
    assert not generated.exists() and not SearchEntry.objects.filter(kind="article").exists()
    assert ArticlePage.objects.filter(slug="manuelle").exists()
