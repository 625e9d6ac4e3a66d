"""The index on a real Elasticsearch server: it follows the site, rebuilds behind an alias
without downtime, reports its analysis, and catches up the updates made while it was down.
Skipped, saying why, without GUICHET_TEST_ELASTICSEARCH_URL (`make test-elastic` sets it).

"Down" is an Elasticsearch URL on a closed port of 127.0.0.1: stopping the shared test server
would cost a minute per restart."""

import socket

import pytest
from django.core.management import CommandError, call_command

from helpdesk import services
from search import get_engine
from search.contract import Kind, Query, SearchUnavailable, Visibility
from search.models import PendingIndexOperation
from tests.helpdesk.factories import make_desk, submit
from tests.knowledge.factories import make_article
from tests.search.conftest import article

pytestmark = pytest.mark.django_db


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def found(text):
    query = Query(text=text, visibility=Visibility.everything(), per_page=50)
    return {(hit.kind, hit.object_id) for hit in get_engine().search(query).hits}


def test_index_follows_publishing_and_keeps_internal_notes_out(
    elastic_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        article_page = make_article(desk.brique, "Réinitialiser les mots de passe Moodle")
        ticket = submit(desk, title="Quiz bloqué", description="Le quiz refuse les réponses.")
        services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
        services.add_note(desk.technician, ticket, body="Serveur zorglub saturé.")
    assert (Kind.ARTICLE, article_page.pk) in found("reinitialiser mot de passe")
    assert (Kind.TICKET, ticket.pk) in found("quiz reponse")
    assert found("zorglub") == set()
    source = elastic_site.client.get(index=elastic_site.alias, id=f"ticket-{ticket.pk}")
    assert "zorglub" not in str(source["_source"])

    with django_capture_on_commit_callbacks(execute=True):
        article_page.unpublish()
    assert found("reinitialiser") == set()


def test_rebuild_swaps_the_alias_and_old_index_serves_meanwhile(elastic_engine):
    client, alias = elastic_engine.client, elastic_engine.alias
    elastic_engine.index(article(1, "Ancienne fiche mot de passe"))
    old = list(client.indices.get_alias(name=alias).body)
    with elastic_engine.rebuilding() as writer:
        writer.index(article(2, "Nouvelle fiche mot de passe"))
        # Until the block ends, readers get the old index.
        query = Query(text="passe", visibility=Visibility.everything())
        assert [hit.object_id for hit in elastic_engine.search(query).hits] == [1]
    new = list(client.indices.get_alias(name=alias).body)
    assert len(new) == 1 and new != old
    assert not client.indices.exists(index=old[0])
    assert [hit.object_id for hit in elastic_engine.search(query).hits] == [2]

    # A failed rebuild leaves the live index alone and drops the unfinished one.
    with pytest.raises(RuntimeError), elastic_engine.rebuilding() as writer:
        writer.index(article(3, "Fiche cassée mot de passe"))
        raise RuntimeError("interrupted")
    assert list(client.indices.get_alias(name=alias).body) == new
    assert len(client.indices.get(index=f"{alias}-*").body) == 1
    assert [hit.object_id for hit in elastic_engine.search(query).hits] == [2]


def test_rebuild_command(elastic_site, django_capture_on_commit_callbacks, capsys, settings):
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        make_article(desk.brique, "Sauvegarder un cours")
        submit(desk, title="Sauvegarde de cours impossible")
    before = list(elastic_site.client.indices.get_alias(name=elastic_site.alias).body)
    call_command("search_index", "--rebuild")
    assert "rebuilt" in capsys.readouterr().out
    after = list(elastic_site.client.indices.get_alias(name=elastic_site.alias).body)
    assert after != before
    assert {kind for kind, _ in found("sauvegardes cours")} == {Kind.ARTICLE, Kind.TICKET}


def test_check_reports_server_and_analysis(elastic_site, capsys):
    call_command("search_index", "--check")
    out = capsys.readouterr().out
    server = elastic_site.server()
    assert f"Server: Elasticsearch {server['version']}" in out
    assert f"Index: {elastic_site.alias} -> {elastic_site.alias}-" in out
    if "analysis-common" in server["modules"]:
        assert "Analysis: full French" in out
    else:
        # The test distribution: the fallback, saying what is missing.
        assert "Analysis: fallback: the server has no analysis-common module" in out
    assert "Pending index updates: 0" in out


def test_check_on_the_database_engine(db, capsys, settings):
    settings.SEARCH_URL = ""
    call_command("search_index", "--check")
    out = capsys.readouterr().out
    assert "Engine: database" in out and "Analysis: full French (Python" in out


def test_check_fails_clearly_when_the_server_is_down(db, settings):
    settings.SEARCH_URL = closed_port_url()
    with pytest.raises(CommandError, match="unreachable"):
        call_command("search_index", "--check")


def test_search_page_and_ticket_form_survive_the_server_down(client, db, settings):
    settings.SEARCH_URL = closed_port_url()
    response = client.get("/recherche/", {"q": "mot de passe"})
    assert response.status_code == 200
    assert "La recherche est momentanément indisponible" in response.content.decode()
    answer = client.get("/recherche/suggestions/", {"q": "mot de passe"})
    assert answer.status_code == 200 and answer.json()["unavailable"] is True


def test_a_failed_update_is_recorded_once_and_the_publish_goes_through(
    db, settings, django_capture_on_commit_callbacks
):
    """No server needed: Elasticsearch is down throughout."""
    settings.SEARCH_URL = closed_port_url()
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        page = make_article(desk.brique, "Quota des vidéos", slug="quota")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    operation = PendingIndexOperation.objects.get(kind=Kind.ARTICLE, object_id=page.pk)
    assert operation.attempts == 2
    assert "Connection" in operation.last_error
    assert page.live


def test_updates_made_while_down_are_caught_up(
    elastic_site, settings, django_capture_on_commit_callbacks
):
    live_url = settings.SEARCH_URL
    settings.SEARCH_URL = closed_port_url()
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        first = make_article(desk.brique, "Réinitialiser son mot de passe", slug="mdp")
        second = make_article(desk.brique, "Exporter une enquête", slug="enquete")
    # Publishing worked; the index updates were recorded instead of lost.
    assert first.live and second.live
    pending = set(PendingIndexOperation.objects.values_list("kind", "object_id"))
    assert {(Kind.ARTICLE, first.pk), (Kind.ARTICLE, second.pk)} <= pending
    with pytest.raises(SearchUnavailable):
        get_engine().search(Query(text="passe"))

    # Still down: the catch-up stops at the first, keeps them all and says so.
    with pytest.raises(CommandError, match="still unavailable"):
        call_command("search_index", "--catch-up")
    assert PendingIndexOperation.objects.count() == len(pending)
    assert PendingIndexOperation.objects.order_by("first_failed_at", "pk")[0].attempts == 2

    # Back: the next successful update retries them.
    settings.SEARCH_URL = live_url
    with django_capture_on_commit_callbacks(execute=True):
        make_article(desk.brique, "Déposer une vidéo", slug="video")
    assert not PendingIndexOperation.objects.exists()
    assert (Kind.ARTICLE, first.pk) in found("reinitialiser")
    assert (Kind.ARTICLE, second.pk) in found("enquetes")


def test_catch_up_command_when_the_server_returns(
    elastic_site, settings, django_capture_on_commit_callbacks, capsys
):
    live_url = settings.SEARCH_URL
    settings.SEARCH_URL = closed_port_url()
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_desk()
        page = make_article(desk.brique, "Quota des vidéos", slug="quota")
    assert PendingIndexOperation.objects.filter(object_id=page.pk).exists()
    settings.SEARCH_URL = live_url
    call_command("search_index", "--catch-up")
    assert "0 pending" in capsys.readouterr().out
    assert not PendingIndexOperation.objects.exists()
    assert (Kind.ARTICLE, page.pk) in found("quota video")
