import os

import pytest

from search.contract import Document, Kind

# The contract suite runs on the database engine (SQLite or PostgreSQL, whichever the test
# database is) and on a real Elasticsearch server when GUICHET_TEST_ELASTICSEARCH_URL names one
# (`make test-elastic` starts it with scripts/elasticsearch.sh and sets it; CI does so). Without
# it, the Elasticsearch cases are skipped and say why; with it, an unreachable server fails them.
ELASTICSEARCH_URL = os.environ.get("GUICHET_TEST_ELASTICSEARCH_URL", "")
# The test index (an alias, as in production); each test starts from a fresh one.
TEST_INDEX = "guichet-test"


@pytest.fixture
def elastic_url():
    if not ELASTICSEARCH_URL:
        pytest.skip(
            "no Elasticsearch server: run `make test-elastic` (or set "
            "GUICHET_TEST_ELASTICSEARCH_URL) to run this against a real one"
        )
    return ELASTICSEARCH_URL


@pytest.fixture
def elastic_engine(elastic_url, db):
    """An engine on the real server, over an empty index, reading its own writes."""
    from search.engines.elastic import ElasticsearchEngine

    engine = ElasticsearchEngine.for_url(elastic_url, index=TEST_INDEX, refresh=True)
    with engine.rebuilding():
        pass
    return engine


@pytest.fixture
def elastic_site(elastic_engine, settings, monkeypatch):
    """The site's engine (`search.get_engine()`) is the real server, over the empty test
    index, and reads its own writes at once (refresh after each write, as in the contract
    suite: otherwise a search right after a publish may miss it for up to a second)."""
    from search.engines.elastic import ElasticsearchEngine

    settings.SEARCH_URL = elastic_engine.url
    settings.SEARCH_INDEX = elastic_engine.alias
    for_url = ElasticsearchEngine.for_url.__func__
    monkeypatch.setattr(
        ElasticsearchEngine,
        "for_url",
        classmethod(lambda cls, url, **kwargs: for_url(cls, url, **{**kwargs, "refresh": True})),
    )
    return elastic_engine


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, db):
    if request.param == "database":
        from search.engines.database import DatabaseEngine

        return DatabaseEngine()
    return request.getfixturevalue("elastic_engine")


def article(object_id: int, title: str, body: str = "", **fields) -> Document:
    fields.setdefault("brique_id", 1)
    fields.setdefault("brique_title", "Moodle")
    fields.setdefault("audience", "everyone")
    fields.setdefault("summary", "")
    return Document(
        kind=Kind.ARTICLE,
        object_id=object_id,
        title=title,
        body=body,
        url=f"/fiches/{object_id}/",
        **fields,
    )


def ticket(object_id: int, title: str, body: str = "", **fields) -> Document:
    fields.setdefault("brique_id", 1)
    fields.setdefault("brique_title", "Moodle")
    fields.setdefault("status", "new")
    return Document(
        kind=Kind.TICKET,
        object_id=object_id,
        title=title,
        body=body,
        url=f"/t/{object_id}/",
        **fields,
    )
