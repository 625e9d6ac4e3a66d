"""The series behind the dashboard's charts: each one aggregate query, grouped in the
database (by brique, school or time step), never a loop over tickets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, DateTimeField, Q, Sum
from django.db.models.functions import Trunc
from django.utils import timezone

from ..models import TicketStatus
from ..sla.state import with_target_q
from .figures import RATINGS, between
from .query import ReportQuery

ARTICLES_LISTED = 5


def steps(query: ReportQuery) -> list[date]:
    """The first day of every time step of the period (day, ISO week or month)."""
    kind = query.period.granularity
    day = _step_start(query.period.start, kind)
    result = []
    while day <= query.period.end:
        result.append(day)
        day = _next_step(day, kind)
    return result


def _step_start(day: date, kind: str) -> date:
    if kind == "week":
        return day - timedelta(days=day.weekday())
    if kind == "month":
        return day.replace(day=1)
    return day


def _next_step(day: date, kind: str) -> date:
    if kind == "day":
        return day + timedelta(days=1)
    if kind == "week":
        return day + timedelta(days=7)
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _truncated(field: str, query: ReportQuery) -> Trunc:
    return Trunc(
        field,
        query.period.granularity,
        output_field=DateTimeField(),
        tzinfo=timezone.get_current_timezone(),
    )


def _local_day(value: datetime | date) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def volume_over_time(query: ReportQuery) -> dict[tuple[date, int], int]:
    """Tickets submitted per (time step, brique id)."""
    start, end = query.bounds()
    rows = (
        query.tickets()
        .filter(between("created_at", start, end))
        .annotate(step=_truncated("created_at", query))
        .order_by()
        .values("step", "brique_id")
        .annotate(count=Count("pk"))
    )
    return {(_local_day(row["step"]), row["brique_id"]): row["count"] for row in rows}


def satisfaction_over_time(query: ReportQuery) -> dict[date, tuple[float, int]]:
    """(average rating, ratings) per time step, for tickets closed in the period (the
    average is the sum over the count, as the daily roll-up gives it)."""
    start, end = query.bounds()
    rows = (
        query.tickets()
        .filter(
            between("closed_at", start, end),
            status=TicketStatus.CLOSED,
            satisfaction__isnull=False,
        )
        .annotate(step=_truncated("closed_at", query))
        .order_by()
        .values("step")
        .annotate(total=Sum("satisfaction"), count=Count("pk"))
    )
    return {_local_day(row["step"]): (row["total"] / row["count"], row["count"]) for row in rows}


@dataclass(frozen=True)
class BriqueLevels:
    tto_with_target: int
    tto_met: int
    ttr_with_target: int
    ttr_met: int


def service_levels_per_brique(query: ReportQuery) -> dict[int, BriqueLevels]:
    start, end = query.bounds()
    created = between("created_at", start, end)
    resolved = between("resolved_at", start, end)
    tto = created & with_target_q("tto")
    ttr = resolved & with_target_q("ttr")
    rows = (
        query.tickets()
        .filter(created | resolved)
        .order_by()
        .values("brique_id")
        .annotate(
            tto_with_target=Count("pk", filter=tto),
            tto_met=Count("pk", filter=tto & Q(tto_breached=False)),
            ttr_with_target=Count("pk", filter=ttr),
            ttr_met=Count("pk", filter=ttr & Q(ttr_breached=False)),
        )
    )
    return {
        row.pop("brique_id"): BriqueLevels(**row)
        for row in rows
        if row["tto_with_target"] or row["ttr_with_target"]
    }


def brique_by_school(query: ReportQuery) -> dict[tuple[int, int | None], int]:
    """Tickets submitted in the period per (brique id, school id)."""
    start, end = query.bounds()
    rows = (
        query.tickets()
        .filter(between("created_at", start, end))
        .order_by()
        .values("brique_id", "establishment_id")
        .annotate(count=Count("pk"))
    )
    return {(row["brique_id"], row["establishment_id"]): row["count"] for row in rows}


# --- the same series from the daily roll-up's counts (`rollup.tally`) ---------------------


def rolled_series(query: ReportQuery, tally) -> dict:
    """volume, levels, matrix and satisfaction as the live functions above give them, from
    counts per (day, brique) and (brique, school): the steps group whole local days, so no
    time zone arithmetic per ticket."""
    kind = query.period.granularity
    volume: dict[tuple[date, int], int] = {}
    per_brique: dict[int, dict[str, int]] = {}
    ratings: dict[date, list[int]] = {}
    for (day, brique), counts in tally.by_day_brique.items():
        step = _step_start(day, kind)
        if counts["created"]:
            volume[(step, brique)] = volume.get((step, brique), 0) + counts["created"]
        levels = per_brique.setdefault(brique, dict.fromkeys(BriqueLevels.__annotations__, 0))
        for name in levels:
            levels[name] += counts[name]
        if counts["rated"]:
            total = ratings.setdefault(step, [0, 0])
            total[0] += sum(r * counts[f"rating_{r}"] for r in RATINGS)
            total[1] += counts["rated"]
    return {
        "volume": volume,
        "levels": {
            brique: BriqueLevels(**levels)
            for brique, levels in per_brique.items()
            if levels["tto_with_target"] or levels["ttr_with_target"]
        },
        "matrix": {
            key: counts["created"]
            for key, counts in tally.by_brique_school.items()
            if counts["created"]
        },
        "satisfaction": {step: (total / count, count) for step, (total, count) in ratings.items()},
    }


def self_service_funnel(query: ReportQuery):
    """The deflection funnel of the attempts started in the period (one row)."""
    from knowledge.deflection_stats import self_service_rates
    from knowledge.models import SelfServiceAttempt

    start, end = query.bounds()
    attempts = SelfServiceAttempt.objects.all()
    briques = query.brique_ids()
    if briques is not None:
        attempts = attempts.filter(brique_id__in=briques)
    if query.schools:
        attempts = attempts.filter(establishment_id__in=query.schools)
    if query.affiliation:
        attempts = attempts.filter(affiliation=query.affiliation)
    return self_service_rates((), since=start, until=end, attempts=attempts, now=query.now)[0]


def _articles(query: ReportQuery):
    from knowledge.models import ArticlePage
    from portal.models import BriquePage

    articles = ArticlePage.objects.live()
    briques = query.brique_ids()
    if briques is None:
        return articles
    paths = BriquePage.objects.filter(pk__in=briques).values_list("path", flat=True)
    where = Q(pk__in=[])
    for path in paths:
        where |= Q(path__startswith=path)
    return articles.filter(where)


@dataclass(frozen=True)
class ArticleRankings:
    most_opened: list  # [(article, openings)]
    most_helpful: list  # [(article, helpful votes, unhelpful votes)]
    least_helpful: list  # [(article, helpful votes, unhelpful votes)]
    overdue: list  # [article] whose review date has passed
    overdue_count: int


def article_rankings(query: ReportQuery) -> ArticleRankings:
    """Articles of the briques in reach: the most opened from the ticket form, those voted
    most and least helpful, and those past their review date (oldest first)."""
    start, end = query.bounds()
    articles = _articles(query)
    from knowledge.models import SelfServiceOpening

    top = list(
        SelfServiceOpening.objects.filter(
            between("opened_at", start, end), article__in=articles.values("pk")
        )
        .order_by()
        .values("article_id")
        .annotate(openings=Count("pk"))
        .order_by("-openings", "article_id")[:ARTICLES_LISTED]
    )
    titles = articles.in_bulk([row["article_id"] for row in top])
    votes = between("votes__created_at", start, end)
    voted = articles.annotate(
        helpful=Count("votes", filter=votes & Q(votes__helpful=True)),
        unhelpful=Count("votes", filter=votes & Q(votes__helpful=False)),
    )
    most_helpful = voted.filter(helpful__gt=0).order_by("-helpful", "unhelpful", "title")
    least_helpful = voted.filter(unhelpful__gt=0).order_by("-unhelpful", "helpful", "title")
    overdue = articles.filter(review_due__lt=timezone.localdate()).order_by("review_due", "title")
    return ArticleRankings(
        most_opened=[(titles[row["article_id"]], row["openings"]) for row in top],
        most_helpful=[(a, a.helpful, a.unhelpful) for a in most_helpful[:ARTICLES_LISTED]],
        least_helpful=[(a, a.helpful, a.unhelpful) for a in least_helpful[:ARTICLES_LISTED]],
        overdue=list(overdue[:ARTICLES_LISTED]),
        overdue_count=overdue.count(),
    )
