""" "Tickets similaires" and matching articles on the staff ticket screen, from the search
contract (`similar()` and `suggest()`), within what the reader may see.

Everything shown comes from the search engine's stored documents (reference, title, status,
address), so the section costs the engine's query and no database query per row. Results are
kept on the ticket object for the request: the resolve form offers the same articles.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils.choices import BaseChoiceIterator

from search import get_engine
from search.contract import Kind, SearchUnavailable, Suggestion, Visibility

from .models import Ticket, TicketStatus

logger = logging.getLogger(__name__)

SIMILAR_LIMIT = 5
ARTICLE_LIMIT = 5


@dataclass(frozen=True)
class SimilarTicket:
    object_id: int
    title: str
    url: str
    status: str

    @property
    def status_label(self) -> str:
        return str(TicketStatus(self.status).label) if self.status in TicketStatus else ""


def _visibility(ticket: Ticket, user) -> Visibility:
    cache = ticket.__dict__.setdefault("_search_visibility", {})
    if user.pk not in cache:
        from search.permissions import visibility_for

        cache[user.pk] = visibility_for(user)
    return cache[user.pk]


def similar_tickets(ticket: Ticket, user, limit: int = SIMILAR_LIMIT) -> list[SimilarTicket]:
    """Up to `limit` other tickets sharing the most distinctive words with this one, among
    those `user` may see; empty when the engine is unavailable."""
    cache = ticket.__dict__.setdefault("_similar_tickets", {})
    if user.pk in cache:
        return cache[user.pk]
    visibility = _visibility(ticket, user)
    found: list[SimilarTicket] = []
    if visibility.tickets is not None:
        try:
            hits = get_engine().similar(
                Kind.TICKET, ticket.pk, limit=limit + 1, visibility=visibility
            )
        except SearchUnavailable:
            logger.warning("Search engine unavailable for similar tickets", exc_info=True)
            hits = []
        found = [
            SimilarTicket(hit.object_id, hit.title, hit.url, hit.status)
            for hit in hits
            if hit.object_id != ticket.pk
        ][:limit]
    cache[user.pk] = found
    return found


def matching_articles(ticket: Ticket, user, limit: int = ARTICLE_LIMIT) -> list[Suggestion]:
    """Published articles `user` may read that match the ticket's title and description, the
    ticket's brique first."""
    cache = ticket.__dict__.setdefault("_matching_articles", {})
    if user.pk in cache:
        return cache[user.pk]
    try:
        found = get_engine().suggest(
            f"{ticket.title}\n{ticket.description}",
            brique_id=ticket.brique_id,
            limit=limit,
            visibility=_visibility(ticket, user),
        )
    except SearchUnavailable:
        logger.warning("Search engine unavailable for matching articles", exc_info=True)
        found = []
    cache[user.pk] = found
    return found


class ArticleChoices(BaseChoiceIterator):
    """The resolve form's article checkboxes: the articles matching the ticket, computed only
    when the form is rendered (any readable published article is accepted on submission)."""

    def __init__(self, ticket: Ticket, user):
        self.ticket, self.user = ticket, user

    def __iter__(self):
        for article in matching_articles(self.ticket, self.user):
            yield article.object_id, article.title
