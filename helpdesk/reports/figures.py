"""The key figures of a report: one aggregate query over the tickets, one over the
self-service funnel, one over problems. Same numbers on SQLite and PostgreSQL.

Definitions (the page's help text and README.md use the same):

- *created*: tickets submitted in the period; *resolved*: tickets whose (latest) resolution
  falls in the period; *closed*: tickets closed in the period (confirmed, or closed by staff);
- *backlog*: tickets submitted before the end of the period and neither resolved nor ended by
  then, as their latest dates say (a ticket reopened since counts from its reopening); its
  *age* is counted from submission to the end of the period;
- *time to own*: business time from submission to the first taking in charge, over the
  tickets submitted in the period; *time to resolve*: business time from submission to the
  resolution, waits for the requester or a third party taken out, over the tickets resolved
  in the period (both from `Ticket.time_to_*_seconds`, written by the service-level clock);
- *service levels met*: among the tickets with a target, the share that met it: the time to
  own of those submitted in the period whose clock stopped, the time to resolve of those
  resolved in the period;
- *reopen rate*: the share of the tickets resolved in the period that were ever reopened;
- *satisfaction*: the ratings (1 to 4) given at confirmation, for tickets closed in the period;
- *self-service rate*: attempts solved without a ticket ÷ attempts (the deflection funnel,
  `knowledge.deflection_stats`), attempts started in the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Q

from ..models import OPEN_STATUSES, TicketStatus
from .aggregates import Percentile
from .query import ReportQuery

# Backlog age classes: (key, lower bound, upper bound) in calendar time since submission.
AGE_BUCKETS: tuple[tuple[str, timedelta | None, timedelta | None], ...] = (
    ("under_2_days", None, timedelta(days=2)),
    ("2_to_7_days", timedelta(days=2), timedelta(days=7)),
    ("7_to_30_days", timedelta(days=7), timedelta(days=30)),
    ("over_30_days", timedelta(days=30), None),
)
RATINGS = (1, 2, 3, 4)


@dataclass(frozen=True)
class KeyFigures:
    created: int = 0
    resolved: int = 0
    closed: int = 0
    backlog: int = 0
    backlog_ages: dict[str, int] = field(default_factory=dict)
    tto_median: float | None = None  # business seconds
    tto_p90: float | None = None
    ttr_median: float | None = None
    ttr_p90: float | None = None
    tto_with_target: int = 0
    tto_met: int = 0
    ttr_with_target: int = 0
    ttr_met: int = 0
    reopened: int = 0
    rated: int = 0
    satisfaction_average: float | None = None
    ratings: dict[int, int] = field(default_factory=dict)
    attempts: int = 0
    solved_without_ticket: int = 0
    problems_open: int = 0
    problems_with_incidents: int = 0
    incidents_in_problems: int = 0

    @property
    def tto_compliance(self) -> float | None:
        return _share(self.tto_met, self.tto_with_target)

    @property
    def ttr_compliance(self) -> float | None:
        return _share(self.ttr_met, self.ttr_with_target)

    @property
    def reopen_rate(self) -> float | None:
        return _share(self.reopened, self.resolved)

    @property
    def self_service_rate(self) -> float | None:
        return _share(self.solved_without_ticket, self.attempts)

    @property
    def incidents_per_problem(self) -> float | None:
        if not self.problems_with_incidents:
            return None
        return self.incidents_in_problems / self.problems_with_incidents


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def between(name: str, start: datetime, end: datetime) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


def backlog_at(end: datetime) -> Q:
    """Tickets submitted before `end` and not yet finished then (see the definitions)."""
    finished = Q(resolved_at__lt=end) | Q(closed_at__lt=end)
    return Q(created_at__lt=end) & ~finished & ~_ended_without_date(end)


def _ended_without_date(end: datetime) -> Q:
    # Rejected, cancelled and closed tickets always carry closed_at; this guards old rows.
    return Q(status__in=(TicketStatus.REJECTED, TicketStatus.CANCELLED), closed_at__isnull=True)


def relevant_to(start: datetime, end: datetime) -> Q:
    """Narrows the scan to tickets that can count in [start, end): submitted, resolved or
    closed in it, or still open at its end. Indexed columns, so that a short period does
    not read the whole table."""
    return Q(created_at__lt=end) & (
        Q(created_at__gte=start)
        | Q(resolved_at__gte=start)
        | Q(closed_at__gte=start)
        | Q(status__in=OPEN_STATUSES)
    )


def ticket_figures(query: ReportQuery) -> dict:
    start, end = query.bounds()
    created = between("created_at", start, end)
    resolved = between("resolved_at", start, end)
    closed = between("closed_at", start, end) & Q(status=TicketStatus.CLOSED)
    backlog = backlog_at(end)
    aggregates = {
        "created": Count("pk", filter=created),
        "resolved": Count("pk", filter=resolved),
        "closed": Count("pk", filter=closed),
        "backlog": Count("pk", filter=backlog),
        "tto_median": Percentile("time_to_own_seconds", 0.5, filter=created),
        "tto_p90": Percentile("time_to_own_seconds", 0.9, filter=created),
        "ttr_median": Percentile("time_to_resolve_seconds", 0.5, filter=resolved),
        "ttr_p90": Percentile("time_to_resolve_seconds", 0.9, filter=resolved),
        "tto_with_target": Count(
            "pk", filter=created & Q(sla_tto_hours__isnull=False, tto_stopped_at__isnull=False)
        ),
        "tto_met": Count(
            "pk",
            filter=created
            & Q(sla_tto_hours__isnull=False, tto_stopped_at__isnull=False, tto_breached=False),
        ),
        "ttr_with_target": Count("pk", filter=resolved & Q(sla_ttr_hours__isnull=False)),
        "ttr_met": Count(
            "pk", filter=resolved & Q(sla_ttr_hours__isnull=False, ttr_breached=False)
        ),
        "reopened": Count("pk", filter=resolved & Q(reopen_count__gt=0)),
        "rated": Count("pk", filter=closed & Q(satisfaction__isnull=False)),
        "satisfaction_average": Avg("satisfaction", filter=closed),
    }
    for rating in RATINGS:
        aggregates[f"rating_{rating}"] = Count("pk", filter=closed & Q(satisfaction=rating))
    for key, low, high in AGE_BUCKETS:
        where = backlog
        if low is not None:
            where &= Q(created_at__lte=end - low)
        if high is not None:
            where &= Q(created_at__gt=end - high)
        aggregates[f"age_{key}"] = Count("pk", filter=where)
    rows = query.tickets().filter(relevant_to(start, end)).aggregate(**aggregates)
    rows["ratings"] = {rating: rows.pop(f"rating_{rating}") for rating in RATINGS}
    rows["backlog_ages"] = {key: rows.pop(f"age_{key}") for key, _low, _high in AGE_BUCKETS}
    return rows


def self_service_figures(query: ReportQuery) -> dict:
    from knowledge.models import AttemptOutcome, SelfServiceAttempt

    start, end = query.bounds()
    attempts = SelfServiceAttempt.objects.filter(started_at__gte=start, started_at__lt=end)
    briques = query.brique_ids()
    if briques is not None:
        attempts = attempts.filter(brique_id__in=briques)
    if query.schools:
        attempts = attempts.filter(establishment_id__in=query.schools)
    if query.affiliation:
        attempts = attempts.filter(affiliation=query.affiliation)
    return attempts.aggregate(
        attempts=Count("pk"),
        solved_without_ticket=Count("pk", filter=Q(outcome=AttemptOutcome.SOLVED)),
    )


def problem_figures(query: ReportQuery) -> dict:
    """The problems of the briques in reach still open at the end of the period, and how many
    incidents each groups on average (a problem spans schools and publics: those filters do
    not apply to it)."""
    from ..models.problems import Problem

    _start, end = query.bounds()
    problems = Problem.objects.filter(created_at__lt=end).exclude(
        Q(resolved_at__lt=end) | Q(closed_at__lt=end)
    )
    briques = query.brique_ids()
    if briques is not None:
        problems = problems.filter(brique_id__in=briques)
    return problems.aggregate(
        problems_open=Count("pk", distinct=True),
        problems_with_incidents=Count("pk", filter=Q(incidents__isnull=False), distinct=True),
        incidents_in_problems=Count("incidents", distinct=True),
    )


def key_figures(query: ReportQuery) -> KeyFigures:
    return KeyFigures(
        **ticket_figures(query), **self_service_figures(query), **problem_figures(query)
    )
