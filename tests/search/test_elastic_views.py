"""The search page and suggestions (tests/search/test_views.py) again, on a real Elasticsearch
server: who finds what, facets, highlights, pagination, odd queries, constant query counts.
Skipped, saying why, without GUICHET_TEST_ELASTICSEARCH_URL (`make test-elastic` sets it)."""

import pytest

from tests.search.test_views import *  # noqa: F403 (the same tests, collected here again)


@pytest.fixture(autouse=True)
def _on_elasticsearch(elastic_site):
    return elastic_site
