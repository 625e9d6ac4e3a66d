"""The one search contract every engine implements (database, Elasticsearch).

Callers build `Document`s (see `search.indexing`), and a `Query` with the reader's
`Visibility` (see `search.permissions`); engines never decide who may read what, they apply the
visibility they are given. Facet counts are "disjunctive": each facet is counted with every
filter applied except its own, so the other values of a chosen facet stay offered.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from django.db import models
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    ARTICLE = "article", _("knowledge article")
    BRIQUE = "brique", _("brique")
    TICKET = "ticket", _("ticket")


# Facets a query may ask for, and the filters it may set (same names).
FACETS = ("kind", "brique", "audience", "status")
PER_PAGE = 20


class SearchUnavailable(Exception):
    """The engine cannot answer (server down, timeout): pages show a message, not an error."""


@dataclass(frozen=True)
class Document:
    kind: str
    object_id: int
    title: str
    body: str
    url: str
    summary: str = ""
    brique_id: int | None = None
    brique_title: str = ""
    # Articles: who may read it (knowledge.models.Audience). Empty for other kinds.
    audience: str = ""
    # Tickets: the requester's school and the ticket's status. Empty for other kinds.
    establishment_id: int | None = None
    status: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class TicketScope:
    """Which tickets a reader may find: all of them, those of whole briques, those of a brique
    for one school, and single tickets (their own, assigned to them, followed)."""

    everything: bool = False
    briques: frozenset[int] = frozenset()
    brique_schools: frozenset[tuple[int, int]] = frozenset()
    ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Visibility:
    """What one reader may find. Brique pages are public; articles by audience, or every
    article of the briques whose chain names the reader; tickets only with a scope."""

    audiences: frozenset[str] = frozenset({"everyone"})
    all_articles: bool = False
    article_briques: frozenset[int] = frozenset()
    tickets: TicketScope | None = None

    @classmethod
    def anonymous(cls) -> Visibility:
        return cls()

    @classmethod
    def everything(cls) -> Visibility:
        """For internal jobs and admins only: never for a page a requester sees."""
        return cls(all_articles=True, tickets=TicketScope(everything=True))


@dataclass(frozen=True)
class Query:
    text: str
    visibility: Visibility = field(default_factory=Visibility.anonymous)
    kinds: tuple[str, ...] = ()
    # Facet name -> accepted values (strings; brique ids as strings too).
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    facets: tuple[str, ...] = ()
    page: int = 1
    per_page: int = PER_PAGE


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    url: str
    excerpt: SafeString
    score: float
    summary: str = ""
    brique_id: int | None = None
    brique_title: str = ""
    audience: str = ""
    status: str = ""


@dataclass(frozen=True)
class Results:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    page: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class Suggestion:
    object_id: int
    title: str
    url: str
    summary: str
    brique_id: int | None


@runtime_checkable
class SearchEngine(Protocol):
    def index(self, doc: Document) -> None: ...

    def remove(self, kind: str, object_id: int) -> None: ...

    def search(self, query: Query) -> Results: ...

    def suggest(
        self,
        text: str,
        *,
        brique_id: int | None = None,
        limit: int = 5,
        visibility: Visibility | None = None,
    ) -> list[Suggestion]:
        """Articles for a text being typed (a ticket's title and description): any word may
        match, the last one as a prefix; the given brique's articles first."""
        ...

    def similar(
        self, kind: str, object_id: int, *, limit: int = 5, visibility: Visibility | None = None
    ) -> list[Hit]:
        """Documents of the same kind that share the most distinctive words with this one."""
        ...

    def rebuilding(self) -> AbstractContextManager[Any]:
        """A writer (with `index(doc)`) for a whole new index, which replaces the current one
        when the block ends without error."""
        ...
