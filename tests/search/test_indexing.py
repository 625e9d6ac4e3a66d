"""The index follows the site: publish, unpublish, delete, ticket changes, and the rebuild
command; internal notes never reach it."""

import pytest
from django.core.management import call_command

from helpdesk import services
from search import get_engine
from search.contract import Kind, Query, Visibility
from search.models import SearchEntry
from tests.helpdesk.factories import make_desk, submit
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db


def found(text, visibility=None):
    query = Query(text=text, visibility=visibility or Visibility.everything(), per_page=50)
    return {(hit.kind, hit.object_id) for hit in get_engine().search(query).hits}


@pytest.fixture
def desk(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_desk()


def test_publish_indexes_and_unpublish_removes(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(desk.brique, "Réinitialiser son mot de passe Moodle")
    assert (Kind.ARTICLE, article.pk) in found("reinitialiser")
    entry = SearchEntry.objects.get(kind=Kind.ARTICLE, object_id=article.pk)
    assert entry.brique_id == desk.brique.pk and entry.url == article.url
    assert (Kind.BRIQUE, desk.brique.pk) in found("moodle")

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert found("reinitialiser") == set()

    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    assert found("reinitialiser")
    with django_capture_on_commit_callbacks(execute=True):
        article.delete()
    assert found("reinitialiser") == set()


def test_drafts_are_not_indexed(desk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(desk.brique, "Brouillon confidentiel", publish=False)
    assert found("brouillon") == set()


def test_ticket_text_and_public_replies_indexed_internal_notes_never(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = submit(desk, title="Quiz bloqué", description="Le quiz refuse les réponses.")
        services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
        services.add_reply(desk.technician, ticket, body="Essayez avec Firefox s'il vous plaît.")
        services.add_note(desk.technician, ticket, body="Serveur zorglub saturé, voir Nagios.")
    assert (Kind.TICKET, ticket.pk) in found("firefox")
    assert (Kind.TICKET, ticket.pk) in found("quiz reponse")
    assert found("zorglub") == set()
    assert "zorglub" not in SearchEntry.objects.get(object_id=ticket.pk, kind=Kind.TICKET).body


def test_rebuild_command(desk, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(desk.brique, "Sauvegarder un cours")
        submit(desk, title="Sauvegarde de cours impossible")
    SearchEntry.objects.all().delete()
    call_command("search_index", "--rebuild")
    out = capsys.readouterr().out
    assert "article" in out and "1/1" in out and "rebuilt" in out
    assert {kind for kind, _ in found("sauvegarde cours")} == {Kind.ARTICLE, Kind.TICKET}
