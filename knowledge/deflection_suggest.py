"""Articles suggested on a ticket form, as the requester describes their problem.

The search engine finds them (`suggest`: the brique's articles first, then others) within the
reader's `Visibility`; the result is then checked once more against `knowledge.access` in the
database, so that an index not yet caught up (an article just unpublished, or its audience
narrowed) can never show a requester what they may not read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from search import get_engine
from search.contract import SearchUnavailable
from search.permissions import visibility_for
from search.text import MAX_QUERY_LENGTH

from .access import readable_articles
from .models import ArticlePage

logger = logging.getLogger(__name__)

SUGGESTION_LIMIT = 6
# Fewer letters than this say nothing yet: no query, no suggestion.
MIN_QUERY_LENGTH = 3


@dataclass(frozen=True)
class SuggestedArticle:
    id: int
    title: str
    summary: str
    url: str
    brique_id: int | None
    brique_title: str
    own_brique: bool


@dataclass(frozen=True)
class Suggested:
    query: str
    articles: list[SuggestedArticle] = field(default_factory=list)
    unavailable: bool = False


def clean_query(text: str | None) -> str:
    """Spaces folded, cut at the search's documented length."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH].strip()


def suggest_articles(user, brique, text: str | None, *, limit: int = SUGGESTION_LIMIT) -> Suggested:
    """At most `limit` articles `user` may read for `text`, the brique's first (`brique` may be
    None: every brique alike). Bounded cost: the engine's queries, one to check readability,
    one for the other briques' titles."""
    from portal.models import BriquePage

    query = clean_query(text)
    if len(query) < MIN_QUERY_LENGTH:
        return Suggested(query=query)
    try:
        found = get_engine().suggest(
            query,
            brique_id=brique.pk if brique else None,
            limit=limit,
            visibility=visibility_for(user, tickets=False),
        )
    except SearchUnavailable:
        logger.warning("Search engine unavailable for ticket-form suggestions", exc_info=True)
        return Suggested(query=query, unavailable=True)
    if not found:
        return Suggested(query=query)
    readable = set(
        readable_articles(
            user, ArticlePage.objects.live().public().filter(pk__in=[s.object_id for s in found])
        ).values_list("pk", flat=True)
    )
    kept = [item for item in found if item.object_id in readable]
    own_id = brique.pk if brique else None
    other_ids = {item.brique_id for item in kept if item.brique_id and item.brique_id != own_id}
    titles = {brique.pk: brique.title} if brique else {}
    if other_ids:
        titles.update(BriquePage.objects.filter(pk__in=other_ids).values_list("pk", "title"))
    return Suggested(
        query=query,
        articles=[
            SuggestedArticle(
                id=item.object_id,
                title=item.title,
                summary=item.summary,
                url=item.url,
                brique_id=item.brique_id,
                brique_title=titles.get(item.brique_id, ""),
                own_brique=own_id is not None and item.brique_id == own_id,
            )
            for item in kept
        ],
    )
