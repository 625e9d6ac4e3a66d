"""Search: one contract (search.contract), two engines (database, Elasticsearch).

`get_engine()` returns the engine the settings choose: Elasticsearch when SEARCH_URL is set,
otherwise the database engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .contract import SearchEngine


def get_engine() -> SearchEngine:
    from django.conf import settings

    url = getattr(settings, "SEARCH_URL", "")
    if url:
        from .engines.elastic import ElasticsearchEngine

        return ElasticsearchEngine.for_url(url, index=getattr(settings, "SEARCH_INDEX", "guichet"))
    from .engines.database import DatabaseEngine

    return DatabaseEngine()
