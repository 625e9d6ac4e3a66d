"""Finding articles for a reader: the site's search engine with the reader's visibility, then a
last check in the database against `knowledge.access` (an index not yet caught up never shows
an article the reader may not read). Used by the articles API and the help widget."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from search import get_engine
from search.contract import Kind, Query
from search.permissions import visibility_for

from .access import readable_articles
from .models import ArticlePage


@dataclass(frozen=True)
class FoundArticles:
    total: int
    articles: list[ArticlePage] = field(default_factory=list)
    # Article id -> the engine's excerpt, with <mark> around the words that matched.
    excerpts: dict[int, SafeString] = field(default_factory=dict)


def readable_live_articles(user):
    """The published, public articles `user` may read (a queryset)."""
    return readable_articles(user, ArticlePage.objects.live().public())


def find_articles(
    user, text: str, *, brique=None, audience: str = "", page: int = 1, per_page: int = 20
) -> FoundArticles:
    """One page of the articles matching `text` that `user` may read, best first; `brique`
    and `audience` narrow it. Raises `search.contract.SearchUnavailable` when the engine
    cannot answer. Queries: the engine's, and one for the articles."""
    filters = {"kind": (Kind.ARTICLE.value,)}
    if brique is not None:
        filters["brique"] = (str(brique.pk),)
    if audience:
        filters["audience"] = (audience,)
    results = get_engine().search(
        Query(
            text=text,
            visibility=visibility_for(user, tickets=False),
            kinds=(Kind.ARTICLE.value,),
            filters=filters,
            page=page,
            per_page=per_page,
        )
    )
    ids = [hit.object_id for hit in results.hits]
    found = {article.pk: article for article in readable_live_articles(user).filter(pk__in=ids)}
    return FoundArticles(
        total=results.total,
        articles=[found[pk] for pk in ids if pk in found],
        excerpts={hit.object_id: hit.excerpt for hit in results.hits},
    )
