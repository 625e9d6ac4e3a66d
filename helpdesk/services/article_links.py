"""The knowledge articles a technician used to solve a ticket (chosen when resolving it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import User

from ..models import Ticket, TicketArticle


def link_helpful_articles(
    ticket: Ticket,
    articles: Iterable,
    *,
    actor: User | None,
    at: datetime | None = None,
) -> list[int]:
    """Record that these articles (pages or ids) helped solve `ticket`. Only published articles
    the actor may read are accepted; a link already recorded is kept as it is. Returns the
    article ids now linked by this call. Called inside the resolving transaction."""
    from knowledge.access import readable_articles
    from knowledge.models import ArticlePage

    wanted = {getattr(article, "pk", article) for article in articles or ()}
    wanted.discard(None)
    if not wanted:
        return []
    candidates = ArticlePage.objects.live().filter(pk__in=wanted)
    found = set(
        (readable_articles(actor, candidates) if actor is not None else candidates).values_list(
            "pk", flat=True
        )
    )
    if found != {int(pk) for pk in wanted}:
        raise ValidationError({"articles": _("Choose published articles you may read.")})
    at = at or timezone.now()
    TicketArticle.objects.bulk_create(
        [
            TicketArticle(ticket=ticket, article_id=pk, linked_by=actor, created_at=at)
            for pk in sorted(found)
        ],
        ignore_conflicts=True,
    )
    return sorted(found)
