import os

import pytest

from search.contract import Document, Kind

# The contract suite runs on the database engine (SQLite or PostgreSQL, whichever the test
# database is) and, when SEARCH_TEST_ELASTICSEARCH_URL points to a real server, on
# Elasticsearch too.
ENGINES = ["database"]
if os.environ.get("SEARCH_TEST_ELASTICSEARCH_URL"):
    ENGINES.append("elasticsearch")


@pytest.fixture(params=ENGINES)
def engine(request, db):
    if request.param == "database":
        from search.engines.database import DatabaseEngine

        return DatabaseEngine()
    from search.engines.elastic import ElasticsearchEngine

    engine = ElasticsearchEngine.for_url(
        os.environ["SEARCH_TEST_ELASTICSEARCH_URL"], index="guichet-test", refresh=True
    )
    with engine.rebuilding():
        pass
    return engine


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
