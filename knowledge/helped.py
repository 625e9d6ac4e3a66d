""" "Cette fiche a aidé à résoudre N demandes": the tickets an article helped solve are those
whose technician picked it when resolving (`helpdesk.TicketArticle`), plus the ticket it was
written from (`source_ticket`), each counted once. Computed in the query that reads the
articles, so a list of articles costs no query per row."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from .models import ArticlePage


def with_helped_count(queryset: QuerySet[ArticlePage]) -> QuerySet[ArticlePage]:
    """Annotate each article with `helped_count`."""
    from helpdesk.models import TicketArticle

    links = (
        TicketArticle.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    source_linked = TicketArticle.objects.filter(
        article=OuterRef("pk"), ticket=OuterRef("source_ticket")
    )
    return queryset.annotate(
        helped_count=Coalesce(Subquery(links, output_field=IntegerField()), Value(0))
        + Case(
            When(Q(source_ticket__isnull=False) & ~Exists(source_linked), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def helped_count(article: ArticlePage) -> int:
    """How many tickets this article helped solve (one query, or none when annotated)."""
    known = getattr(article, "helped_count", None)
    if known is not None:
        return known
    return (
        with_helped_count(ArticlePage.objects.filter(pk=article.pk))
        .values_list("helped_count", flat=True)
        .first()
        or 0
    )
