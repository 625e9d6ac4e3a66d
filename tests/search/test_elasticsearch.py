"""The Elasticsearch engine's requests and its reading of the answers, against a stub.

A MOCK, not Elasticsearch: the real server that runs here (Elasticsearch's test distribution,
see scripts/elasticsearch.sh) lacks the analysis-common module, so the full French mapping
(elision, ASCII folding, French stemmer, synonyms) can only be checked as the request body we
send. These tests point the real `elasticsearch` client at a tiny HTTP stub on 127.0.0.1 that
records each request and returns canned Elasticsearch answers: the French index settings,
the fallback, the visibility filter, highlights, facet aggregations, more_like_this, the alias
swap. Elasticsearch's own matching is checked on the real server by the contract suite
(test_contract.py) and test_elastic_*.py, run by `make test-elastic`.
"""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from search.contract import Kind, Query, SearchUnavailable, TicketScope, Visibility
from search.engines.elastic import ElasticsearchEngine
from search.models import Synonym
from tests.search.conftest import article

SEARCH_ANSWER = {
    "took": 1,
    "timed_out": False,
    "hits": {
        "total": {"value": 1, "relation": "eq"},
        "max_score": 2.0,
        "hits": [
            {
                "_index": "guichet-1",
                "_id": "article-7",
                "_score": 2.0,
                "_source": {
                    "kind": "article",
                    "object_id": 7,
                    "title": "Réinitialiser son mot de passe",
                    "summary": "Quand Moodle refuse le mot de passe.",
                    "body": "",
                    "url": "/fiches/7/",
                    "brique_id": 1,
                    "brique_title": "Moodle",
                    "audience": "everyone",
                    "status": "",
                },
                "highlight": {"summary": ["Quand &lt;b&gt; refuse le <mark>mot</mark>."]},
            }
        ],
    },
    "aggregations": {
        "brique": {"doc_count": 1, "values": {"buckets": [{"key": 1, "doc_count": 1}]}},
        "kind": {"doc_count": 1, "values": {"buckets": [{"key": "article", "doc_count": 1}]}},
    },
}


class Stub:
    """Records requests; answers from (method, path pattern) routes."""

    def __init__(self):
        self.requests: list[tuple[str, str, object]] = []
        self.routes: list[tuple[str, str, int, object]] = []

    def route(self, method, pattern, body, status=200):
        self.routes.insert(0, (method, pattern, status, body))

    def answer(self, method, path, request_body):
        for route_method, pattern, status, body in self.routes:
            if route_method == method and re.fullmatch(pattern, path.split("?")[0]):
                return body(request_body) if callable(body) else (status, body)
        return 200, {"acknowledged": True, "result": "created", "errors": False, "items": []}

    def bodies(self, method, pattern):
        return [b for m, p, b in self.requests if m == method and re.fullmatch(pattern, p)]


@pytest.fixture
def stub():
    stub = Stub()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            lines = [json.loads(line) for line in raw.decode().splitlines() if line.strip()]
            body = lines[0] if len(lines) == 1 else lines or None
            path = self.path.split("?")[0]
            stub.requests.append((self.command, path, body))
            status, answer = stub.answer(self.command, path, body)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def engine(stub):
    return ElasticsearchEngine.for_url(stub.url, index="guichet")


def test_rebuild_creates_french_index_with_synonyms_then_swaps_alias(db, stub, engine):
    Synonym.objects.create(terms="ENT, portail")
    stub.route("GET", "/_alias/guichet", {"guichet-old": {"aliases": {"guichet": {}}}})
    with engine.rebuilding() as writer:
        writer.index(article(1, "Mot de passe"))
    created = stub.bodies("PUT", r"/guichet-\d+")
    assert len(created) == 1
    analysis = created[0]["settings"]["analysis"]
    assert analysis["analyzer"]["guichet_french"]["filter"] == [
        "guichet_elision",
        "lowercase",
        "asciifolding",
        "guichet_french_stop",
        "guichet_french_stemmer",
    ]
    assert "guichet_synonyms" in analysis["analyzer"]["guichet_french_search"]["filter"]
    assert analysis["filter"]["guichet_synonyms"]["synonyms"] == ["ENT, portail"]
    assert analysis["filter"]["guichet_french_stemmer"]["language"] == "light_french"
    title = created[0]["mappings"]["properties"]["title"]
    assert title["search_analyzer"] == "guichet_french_search"
    assert created[0]["mappings"]["_meta"] == {"analysis": "french"}
    bulk = stub.bodies("PUT", "/_bulk") + stub.bodies("POST", "/_bulk")
    assert bulk[0][1]["title"] == "Mot de passe"
    actions = stub.bodies("POST", "/_aliases")[0]["actions"]
    assert actions[0] == {"remove": {"index": "guichet-old", "alias": "guichet"}}
    assert actions[1]["add"]["alias"] == "guichet"
    assert len(stub.bodies("DELETE", "/guichet-old")) == 1


def test_refused_french_analysis_falls_back_visibly(db, stub, engine):
    """A server that lists no modules but refuses the French filters."""
    stub.route("GET", "/_alias/guichet", {"error": "missing"}, status=404)

    def create(body):
        if "analysis" in body["settings"]:
            return 400, {
                "error": {
                    "type": "illegal_argument_exception",
                    "reason": "Unknown filter type [elision]",
                },
                "status": 400,
            }
        return 200, {"acknowledged": True, "index": "guichet-1"}

    stub.route("PUT", r"/guichet-\d+", create)
    assert engine.ensure_index().name == "fallback"
    created = stub.bodies("PUT", r"/guichet-\d+")
    assert [body["mappings"]["_meta"]["analysis"] for body in created] == ["french", "fallback"]
    assert "elision" in created[1]["mappings"]["_meta"]["missing"]
    properties = created[1]["mappings"]["properties"]
    assert properties["title"] == {"type": "text", "analyzer": "standard"}
    assert properties["title_terms"] == {"type": "text", "analyzer": "whitespace"}
    assert len(stub.bodies("PUT", r"/guichet-\d+/_alias/guichet")) == 1


def test_server_without_analysis_module_gets_the_fallback_at_once(db, stub, engine):
    """Like the test distribution: its module list lacks analysis-common."""
    stub.route("GET", "/_alias/guichet", {"error": "missing"}, status=404)
    stub.route(
        "GET",
        "/_nodes/_local/plugins",
        {"nodes": {"n1": {"version": "8.19.21", "modules": [{"name": "x-pack-core"}]}}},
    )
    engine.index(article(1, "Réinitialiser les mots de passe"))
    created = stub.bodies("PUT", r"/guichet-\d+")
    assert len(created) == 1
    assert "analysis" not in created[0]["settings"]
    assert created[0]["mappings"]["_meta"]["analysis"] == "fallback"
    assert "analysis-common" in created[0]["mappings"]["_meta"]["missing"]
    # The document carries search.text's French index terms.
    source = stub.bodies("PUT", r"/guichet/_doc/article-1")[0]
    assert source["title_terms"] == "reinitialis mot pass"


def _french_index(stub):
    stub.route("GET", "/_alias/guichet", {"guichet-1": {"aliases": {"guichet": {}}}})
    stub.route(
        "GET", "/guichet-1/_mapping", {"guichet-1": {"mappings": {"_meta": {"analysis": "french"}}}}
    )


def test_search_request_and_results(db, stub, engine):
    _french_index(stub)
    stub.route("POST", "/guichet/_search", SEARCH_ANSWER)
    visibility = Visibility(
        audiences=frozenset({"everyone", "students"}),
        article_briques=frozenset({3}),
        tickets=TicketScope(brique_schools=frozenset({(1, 10)})),
    )
    results = engine.search(
        Query(
            text="mot de passe",
            visibility=visibility,
            filters={"brique": ("1",)},
            facets=("brique", "kind"),
            page=1,
            per_page=20,
        )
    )
    body = stub.bodies("POST", "/guichet/_search")[0]
    # Every word must match, in some field; the stop word "de" takes no part.
    words = body["query"]["bool"]["must"]
    assert [clause["multi_match"]["query"] for clause in words] == ["mot", "passe"]
    assert words[0]["multi_match"]["fields"] == ["title^3", "summary^2", "body"]
    text = json.dumps(body["query"]["bool"]["filter"])
    assert '"audience": ["everyone", "students"]' in text
    assert '"establishment_id": 10' in text
    assert body["post_filter"] == {"terms": {"brique_id": [1]}}
    # The brique facet ignores its own filter; the kind facet applies it.
    assert body["aggs"]["brique"]["filter"] == {"match_all": {}}
    assert body["aggs"]["kind"]["filter"] == {"terms": {"brique_id": [1]}}
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["highlight"]["encoder"] == "html"
    assert (body["from"], body["size"]) == (0, 20)

    assert results.total == 1
    hit = results.hits[0]
    assert (hit.kind, hit.object_id, hit.url) == ("article", 7, "/fiches/7/")
    assert hit.excerpt == "Quand &lt;b&gt; refuse le <mark>mot</mark>."
    assert results.facets == {"brique": {"1": 1}, "kind": {"article": 1}}


def test_suggest_and_similar_requests(db, stub, engine):
    _french_index(stub)
    stub.route("POST", "/guichet/_search", SEARCH_ANSWER)
    suggestions = engine.suggest("mot de pa", brique_id=2, visibility=Visibility())
    assert suggestions[0].title == "Réinitialiser son mot de passe"
    body = stub.bodies("POST", "/guichet/_search")[0]
    every_word, own_brique = body["query"]["bool"]["should"]
    required = every_word["constant_score"]["filter"]["bool"]["must"]
    assert required[0] == {
        "multi_match": {"query": "mot", "fields": ["title^3", "summary^2", "body"]}
    }
    # The last word as typed, or as the start of a longer one.
    last_options = required[1]["bool"]["should"]
    assert last_options[1]["multi_match"]["type"] == "phrase_prefix"
    assert own_brique["constant_score"]["filter"] == {"term": {"brique_id": 2}}
    engine.similar(Kind.TICKET, 5, visibility=Visibility.everything())
    body = stub.bodies("POST", "/guichet/_search")[1]
    mlt = body["query"]["bool"]["must"][0]["more_like_this"]
    assert mlt["like"] == [{"_index": "guichet", "_id": "ticket-5"}]
    assert mlt["fields"] == ["title", "body"]


def test_server_down_means_search_unavailable(db):
    engine = ElasticsearchEngine.for_url("http://127.0.0.1:9", index="guichet")
    with pytest.raises(SearchUnavailable):
        engine.search(Query(text="mot", visibility=Visibility()))
    with pytest.raises(SearchUnavailable):
        engine.index(article(1, "Mot"))


def test_search_page_shows_a_message_when_the_server_is_down(client, db, settings):
    settings.SEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/recherche/", {"q": "mot"})
    assert response.status_code == 200
    assert response.context["unavailable"] is True
    assert client.get("/recherche/suggestions/", {"q": "mot"}).json()["unavailable"] is True
