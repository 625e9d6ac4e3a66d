"""From the site's objects to search documents, and keeping the index in step.

Articles are indexed when live and public (unpublished or restricted: removed); brique pages
likewise; tickets with their title, description, public replies and solution, never internal
notes. Every write goes through `update(kind, id)`, which reads the object afresh, so a late or
repeated job is harmless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from django.urls import NoReverseMatch, reverse
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing

from . import get_engine
from .contract import Document, Kind, SearchEngine

logger = logging.getLogger(__name__)


def _stream_text(value: Any) -> Iterator[str]:
    """Every text of a StreamField's raw data (rich text stripped of its markup)."""
    if isinstance(value, str):
        yield get_text_for_indexing(value) if "<" in value else value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("type", "id", "language", "level", "image", "decorative"):
                yield from _stream_text(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _stream_text(item)


def _page_url(page: Page) -> str:
    return page.get_url() or page.url_path


def article_document(article) -> Document:
    brique = article.get_parent().specific
    parts = [
        get_text_for_indexing(article.symptoms or ""),
        get_text_for_indexing(article.cause or ""),
        *_stream_text(list(article.resolution.raw_data)),
        " ".join(tag.name for tag in article.tags.all()),
    ]
    return Document(
        kind=Kind.ARTICLE,
        object_id=article.pk,
        title=article.title,
        summary=article.summary,
        body="\n".join(part for part in parts if part.strip()),
        url=_page_url(article),
        brique_id=brique.pk,
        brique_title=brique.title,
        audience=article.audience,
        updated_at=article.last_published_at,
    )


def brique_document(brique) -> Document:
    parts = [get_text_for_indexing(brique.description or "")]
    if brique.status_is_current:
        parts.append(brique.status_message)
    return Document(
        kind=Kind.BRIQUE,
        object_id=brique.pk,
        title=brique.title,
        summary=brique.summary,
        body="\n".join(part for part in parts if part.strip()),
        url=_page_url(brique),
        brique_id=brique.pk,
        brique_title=brique.title,
        updated_at=brique.last_published_at,
    )


def ticket_document(ticket) -> Document:
    """Public text only: the thread's internal notes never reach the index."""
    replies = [message.body for message in ticket.messages.all() if not message.internal]
    parts = [ticket.description, *replies, ticket.solution]
    try:
        url = reverse("helpdesk_admin:ticket", args=[ticket.reference])
    except NoReverseMatch:
        url = ""
    return Document(
        kind=Kind.TICKET,
        object_id=ticket.pk,
        title=f"{ticket.reference} {ticket.title}" if ticket.reference else ticket.title,
        body="\n".join(part for part in parts if part and part.strip()),
        url=url,
        brique_id=ticket.brique_id,
        brique_title=ticket.brique.title,
        establishment_id=ticket.establishment_id,
        status=ticket.status,
        updated_at=ticket.updated_at,
    )


def _findable_page(model, object_id: int):
    return model.objects.live().public().filter(pk=object_id).first()


def _load_article(object_id: int):
    from knowledge.models import ArticlePage

    article = _findable_page(ArticlePage, object_id)
    if article is None or not article.get_parent().live:
        return None
    return article_document(article)


def _load_brique(object_id: int):
    from portal.models import BriquePage

    brique = _findable_page(BriquePage, object_id)
    return brique_document(brique) if brique else None


def _load_ticket(object_id: int):
    from helpdesk.models import Ticket

    ticket = (
        Ticket.objects.select_related("brique")
        .prefetch_related("messages")
        .filter(pk=object_id)
        .first()
    )
    return ticket_document(ticket) if ticket else None


LOADERS: dict[str, Callable[[int], Document | None]] = {
    Kind.ARTICLE: _load_article,
    Kind.BRIQUE: _load_brique,
    Kind.TICKET: _load_ticket,
}


def update(kind: str, object_id: int, engine: SearchEngine | None = None) -> bool:
    """Index the object as it is now, or remove it when it is no longer findable. Returns
    whether it is indexed."""
    engine = engine or get_engine()
    document = LOADERS[kind](object_id)
    if document is None:
        engine.remove(kind, object_id)
        return False
    engine.index(document)
    return True


def index_ticket(ticket) -> None:
    """For helpdesk code: (re)index a ticket once the current transaction commits."""
    from .tasks import schedule

    schedule(Kind.TICKET, ticket.pk)


def all_documents() -> Iterator[tuple[int, Callable[[], Iterator[Document]]]]:
    """(count, generator) per kind, for a rebuild with progress."""
    from helpdesk.models import Ticket
    from knowledge.models import ArticlePage
    from portal.models import BriquePage

    briques = BriquePage.objects.live().public()
    articles = ArticlePage.objects.live().public()
    tickets = Ticket.objects.select_related("brique").prefetch_related("messages")
    live_brique_paths = set(briques.values_list("path", flat=True))

    def brique_docs():
        for brique in briques.iterator(chunk_size=200):
            yield brique_document(brique)

    def article_docs():
        for article in articles.iterator(chunk_size=200):
            if article.path[: -article.steplen] in live_brique_paths:
                yield article_document(article)

    def ticket_docs():
        for ticket in tickets.iterator(chunk_size=500):
            yield ticket_document(ticket)

    yield briques.count(), brique_docs
    yield articles.count(), article_docs
    yield tickets.count(), ticket_docs
