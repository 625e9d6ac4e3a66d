""" "Tickets similaires" and matching articles on the staff ticket screen, from the search
contract (`similar()` and `suggest()`), within what the reader may see.

Everything shown comes from the search engine's stored documents (reference, title, status,
address), so the section costs the engine's query and no database query per row. Results are
kept on the ticket object for the request (the resolve form offers the same articles) and in
the cache for GUICHET_SIMILAR_CACHE_SECONDS, shared by everyone with the same reach: the full
text searches were a fifth of the ticket screen's time (benchmarks/README.md), and a list of
suggestions a few minutes old is still a good suggestion. A change of the ticket's title is
seen at once (the title is in the key).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.utils.choices import BaseChoiceIterator

from search import get_engine
from search.contract import Kind, SearchUnavailable, Suggestion, TicketScope, Visibility

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
    """What the reader finds here: the articles they may read, and the tickets of their chain
    (whole briques, or a brique for one school); admins everything. Built from the chain
    entries the ticket screen has already read: tickets seen for another reason (assigned,
    followed outside the chain) are left out rather than looked up among all tickets."""
    cache = ticket.__dict__.setdefault("_search_visibility", {})
    if user.pk in cache:
        return cache[user.pk]
    from knowledge.models import Audience
    from portal.models import Affiliation

    from .models.querysets import chain_entries, is_helpdesk_admin

    if is_helpdesk_admin(user):
        visibility = Visibility.everything()
    else:
        entries = chain_entries(user)
        audiences = {Audience.EVERYONE.value}
        if user.affiliation in (Affiliation.STAFF, Affiliation.FACULTY):
            audiences.add(Audience.STAFF.value)
        if user.affiliation == Affiliation.STUDENT:
            audiences.add(Audience.STUDENTS.value)
        whole = frozenset(brique for brique, school, _role in entries if school is None)
        visibility = Visibility(
            audiences=frozenset(audiences),
            article_briques=frozenset(brique for brique, _school, _role in entries),
            tickets=TicketScope(
                briques=whole,
                brique_schools=frozenset(
                    (brique, school)
                    for brique, school, _role in entries
                    if school is not None and brique not in whole
                ),
            ),
        )
    cache[user.pk] = visibility
    return visibility


def _reach_key(visibility: Visibility) -> str:
    """A stable text of a reach (Python's hash of strings changes from process to process)."""
    scope = visibility.tickets
    parts = [
        sorted(visibility.audiences),
        visibility.all_articles,
        sorted(visibility.article_briques),
        None
        if scope is None
        else (
            scope.everything,
            sorted(scope.briques),
            sorted(scope.brique_schools),
            sorted(scope.ids),
        ),
    ]
    return repr(parts)


def _shared(what: str, ticket: Ticket, visibility: Visibility, limit: int, search: Callable):
    """`search()`, or its result for the same ticket, title and reach found in the cache.
    `search()` returns None when the engine is unavailable: an empty list then, not kept."""
    seconds = settings.GUICHET_SIMILAR_CACHE_SECONDS
    if seconds <= 0:
        return search() or []
    digest = hashlib.sha256(
        f"{ticket.title}|{limit}|{_reach_key(visibility)}".encode()
    ).hexdigest()[:32]
    key = f"helpdesk:{what}:{ticket.pk}:{digest}"
    found = shared_cache.get(key)
    if found is None:
        found = search()
        if found is None:
            return []
        shared_cache.set(key, found, seconds)
    return found


def similar_tickets(ticket: Ticket, user, limit: int = SIMILAR_LIMIT) -> list[SimilarTicket]:
    """Up to `limit` other tickets sharing the most distinctive words with this one, among
    those `user` may see; empty when the engine is unavailable."""
    cache = ticket.__dict__.setdefault("_similar_tickets", {})
    if user.pk in cache:
        return cache[user.pk]
    visibility = _visibility(ticket, user)
    found: list[SimilarTicket] = []
    if visibility.tickets is not None and (
        visibility.tickets.everything
        or visibility.tickets.briques
        or visibility.tickets.brique_schools
    ):
        found = _shared(
            "similar", ticket, visibility, limit, lambda: _similar(ticket, visibility, limit)
        )
    cache[user.pk] = found
    return found


def _similar(ticket: Ticket, visibility: Visibility, limit: int) -> list[SimilarTicket] | None:
    try:
        hits = get_engine().similar(Kind.TICKET, ticket.pk, limit=limit + 1, visibility=visibility)
    except SearchUnavailable:
        logger.warning("Search engine unavailable for similar tickets", exc_info=True)
        return None
    return [
        SimilarTicket(hit.object_id, hit.title, hit.url, hit.status)
        for hit in hits
        if hit.object_id != ticket.pk
    ][:limit]


def matching_articles(ticket: Ticket, user, limit: int = ARTICLE_LIMIT) -> list[Suggestion]:
    """Published articles `user` may read that match the ticket's title, the ticket's brique
    first. The title alone: the description's common words would match most articles of a
    large base and cost a broad ranking on every ticket screen (benchmarks/README.md)."""
    cache = ticket.__dict__.setdefault("_matching_articles", {})
    if user.pk in cache:
        return cache[user.pk]
    visibility = _visibility(ticket, user)
    found = _shared(
        "articles", ticket, visibility, limit, lambda: _articles(ticket, visibility, limit)
    )
    cache[user.pk] = found
    return found


def _articles(ticket: Ticket, visibility: Visibility, limit: int) -> list[Suggestion] | None:
    try:
        return get_engine().suggest(
            ticket.title, brique_id=ticket.brique_id, limit=limit, visibility=visibility
        )
    except SearchUnavailable:
        logger.warning("Search engine unavailable for matching articles", exc_info=True)
        return None


class ArticleChoices(BaseChoiceIterator):
    """The resolve form's article checkboxes: the articles matching the ticket, searched when
    first iterated (any readable published article is accepted on submission)."""

    def __init__(self, ticket: Ticket, user):
        self.ticket, self.user = ticket, user

    def __iter__(self):
        for article in matching_articles(self.ticket, self.user):
            yield article.object_id, article.title
