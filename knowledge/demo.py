"""Demo knowledge base: about forty French articles across the eight briques
(`knowledge.demo_data`), published with a revision, indexed for search, some written from demo
tickets and linked to the tickets they helped solve, a few past their review date.

Runs after the briques and the demo tickets, before the final search step. Creates only the
articles that are missing (by slug under their brique) and never touches existing ones, so that
running `load_demo` again changes nothing.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta

from django.utils import timezone

from portal.demo import Log, demo_step
from portal.models import BriquePage, ChainMember, ChainRole

from . import demo_self_service  # noqa: F401  (imported to register its demo step)
from .demo_data import ARTICLES
from .models import ArticlePage

# Helped links per article beyond its source ticket, at most.
HELPED_PER_ARTICLE = 3
_PUNCTUATION_SPACE = re.compile(r" ([:;?!»])")


def french_spacing(text: str) -> str:
    """No-break spaces before : ; ? ! » and after «, as French typography wants."""
    return _PUNCTUATION_SPACE.sub("\u00a0\\1", text).replace("« ", "«\u00a0")


def _html(text: str) -> str:
    return text if text.startswith("<") else f"<p>{text}</p>"


def resolution_data(blocks: list[tuple[str, object]]) -> str:
    """The StreamField's JSON for ("text" | "steps" | "warning" | "info" | "code", value)."""
    stream = []
    for kind, value in blocks:
        if kind == "steps":
            data = {"type": "steps", "value": [_html(french_spacing(step)) for step in value]}
        elif kind in ("warning", "info"):
            data = {
                "type": "warning",
                "value": {"level": kind, "text": _html(french_spacing(str(value)))},
            }
        elif kind == "code":
            data = {"type": "code", "value": {"language": "shell", "code": value}}
        else:
            data = {"type": "text", "value": _html(french_spacing(str(value)))}
        stream.append({**data, "id": str(uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(data)))})
    return json.dumps(stream)


@demo_step("knowledge articles", order=950)
def load_articles(log: Log) -> None:
    from helpdesk.models import TicketArticle

    briques = {brique.slug: brique for brique in BriquePage.objects.all()}
    created: dict[str, tuple[ArticlePage, dict]] = {}
    for data in ARTICLES:
        brique = briques.get(data["brique"])
        if (
            brique is None
            or ArticlePage.objects.child_of(brique).filter(slug=data["slug"]).exists()
        ):
            continue
        tickets = _demo_tickets(brique, data.get("tickets"))
        today = timezone.localdate()
        reviewed = today - timedelta(days=data["reviewed"])
        article = ArticlePage(
            title=french_spacing(data["title"]),
            slug=data["slug"],
            summary=french_spacing(data["summary"]),
            audience=data["audience"],
            symptoms=french_spacing(data["symptoms"]),
            cause=french_spacing(data["cause"]),
            resolution=resolution_data(data["resolution"]),
            last_reviewed=reviewed,
            review_due=today + timedelta(days=data["due"]),
            source_ticket=tickets[0] if tickets else None,
            owner=_author(brique),
            live=False,
        )
        brique.add_child(instance=article)
        article.tags.add(*data.get("tags", []))
        created[data["slug"]] = (article, data)
        for ticket in tickets[1 : 1 + HELPED_PER_ARTICLE]:
            TicketArticle.objects.get_or_create(
                ticket=ticket,
                article=article,
                defaults={
                    "linked_by": ticket.assignee,
                    "created_at": ticket.resolved_at or ticket.closed_at or ticket.updated_at,
                },
            )
    slugs = {data["slug"] for data in ARTICLES}
    by_slug = {page.slug: page for page in ArticlePage.objects.filter(slug__in=slugs)}
    for article, data in created.values():
        related = [by_slug.get(name) for name in data.get("related", [])]
        article.related_articles.set([page for page in related if page is not None])
        article.save_revision(user=article.owner, log_action=True).publish(user=article.owner)
    if created:
        _index([article.pk for article, _data in created.values()])
        log(f"  published {len(created)} knowledge articles")


def _demo_tickets(brique: BriquePage, title_start: str | None) -> list:
    """Resolved or closed demo tickets of the brique whose title starts so, oldest first."""
    if not title_start:
        return []
    from helpdesk.models import Ticket, TicketStatus

    return list(
        Ticket.objects.filter(
            brique=brique,
            title__startswith=title_start,
            status__in=[TicketStatus.RESOLVED, TicketStatus.CLOSED],
        )
        .select_related("assignee")
        .order_by("created_at", "pk")[: 1 + HELPED_PER_ARTICLE]
    )


def _author(brique: BriquePage):
    member = (
        ChainMember.objects.filter(brique=brique, role=ChainRole.MODERATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user if member else None


def _index(ids: list[int]) -> None:
    """Index now, in this transaction: with a queued task backend the publish signal's job
    would wait for a worker, and the demo must be searchable at once."""
    from search.indexing import update

    for pk in ids:
        update("article", pk)
