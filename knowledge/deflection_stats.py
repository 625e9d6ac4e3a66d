"""The self-service rate, read from the deflection funnel (`SelfServiceAttempt`).

Definitions (the reports use the same):

- *attempts*: visits to a brique's ticket form (reloads of the same visit count once);
- *offered*: attempts that were shown at least one suggested article;
- *solved*: attempts ended by "Cela a résolu mon problème" (no ticket);
- *submitted*: attempts that ended with a ticket;
- *abandoned*: attempts with neither, started more than `ABANDON_AFTER` ago (read from the
  dates, no job needed); younger ones are *in progress*;
- *self-service rate*: solved / offered (None when nothing was offered).

One aggregate query per call, whatever the number of attempts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .deflection import ABANDON_AFTER
from .models import AttemptOutcome, SelfServiceAttempt

GROUPS = {
    "brique": ("brique_id", "brique__title"),
    "establishment": ("establishment_id", "establishment__name"),
    "affiliation": ("affiliation",),
}


@dataclass(frozen=True)
class SelfServiceRate:
    key: dict
    attempts: int
    offered: int
    opened: int
    solved: int
    submitted: int
    abandoned: int

    @property
    def rate(self) -> float | None:
        return self.solved / self.offered if self.offered else None

    @property
    def in_progress(self) -> int:
        return self.attempts - self.solved - self.submitted - self.abandoned


def abandoned_q(now: datetime | None = None) -> Q:
    now = now or timezone.now()
    return Q(outcome="") & Q(started_at__lt=now - ABANDON_AFTER) | Q(
        outcome=AttemptOutcome.ABANDONED
    )


def self_service_rates(
    group_by: tuple[str, ...] = ("brique",),
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    attempts: QuerySet[SelfServiceAttempt] | None = None,
    now: datetime | None = None,
) -> list[SelfServiceRate]:
    """The funnel's figures per group (any of "brique", "establishment", "affiliation"; empty:
    one row for everything), for attempts started in [since, until)."""
    unknown = set(group_by) - set(GROUPS)
    if unknown:
        raise ValueError(f"Unknown groups: {', '.join(sorted(unknown))}")
    rows = attempts if attempts is not None else SelfServiceAttempt.objects.all()
    if since is not None:
        rows = rows.filter(started_at__gte=since)
    if until is not None:
        rows = rows.filter(started_at__lt=until)
    fields = [field for name in group_by for field in GROUPS[name]]
    figures = {
        "attempts": Count("pk", distinct=True),
        "offered": Count("pk", filter=Q(suggestions_offered__gt=0), distinct=True),
        "opened": Count("pk", filter=Q(openings__isnull=False), distinct=True),
        "solved": Count("pk", filter=Q(outcome=AttemptOutcome.SOLVED), distinct=True),
        "submitted": Count("pk", filter=Q(outcome=AttemptOutcome.SUBMITTED), distinct=True),
        "abandoned": Count("pk", filter=abandoned_q(now), distinct=True),
    }
    if fields:
        result = rows.order_by().values(*fields).annotate(**figures).order_by(*fields)
    else:
        result = [rows.aggregate(**figures)]
    return [
        SelfServiceRate(
            key={field: row[field] for field in fields},
            **{name: row[name] or 0 for name in figures},
        )
        for row in result
    ]
