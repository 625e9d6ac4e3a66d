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

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Q

from ..models import OPEN_STATUSES, TicketStatus
from ..models.querysets import _REQUEST_CACHE, remember_for_request
from ..sla.state import TargetOutcome, target_outcome_q, with_target_q
from . import parallel
from .aggregates import Percentiles
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


@contextmanager
def report_session(user, *, session_settings: bool = False):
    """The queries of one report: the reader's standing read once (`remember_for_request`,
    undone afterwards when the caller had not asked for it: `is_helpdesk_admin` was read
    again by every query's scope); with `session_settings`, on PostgreSQL, in one transaction
    with the settings of `report_settings`, and with the independent scans allowed to run
    side by side on worker connections (`parallel`)."""
    marked = user is not None and getattr(user, _REQUEST_CACHE, None) is None
    if marked:
        remember_for_request(user)
    try:
        if session_settings and connection.vendor == "postgresql":
            with parallel.allowed_here(), transaction.atomic():
                report_settings()
                yield
        else:
            yield
    finally:
        if marked and hasattr(user, _REQUEST_CACHE):
            delattr(user, _REQUEST_CACHE)


def report_settings() -> None:
    """In the current PostgreSQL transaction: no JIT compilation (it compiled 10 to 27
    functions per report query for nothing: the plans are scans and aggregates run once) and
    room to sort a year of delays in memory (the percentiles' sorts spilled to disk with the
    default 4 MB)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")


WORK_MEM = "64MB"


def ticket_figures(query: ReportQuery) -> dict:
    """Every ticket figure of `query`, computed live: one pass for the counts and the
    percentiles, one for the backlog."""
    start, end = query.bounds()
    created = between("created_at", start, end)
    resolved = between("resolved_at", start, end)
    closed = between("closed_at", start, end) & Q(status=TicketStatus.CLOSED)
    aggregates = {
        "created": Count("pk", filter=created),
        "resolved": Count("pk", filter=resolved),
        "closed": Count("pk", filter=closed),
        "tto": Percentiles("time_to_own_seconds", PERCENTILES, filter=created),
        "ttr": Percentiles("time_to_resolve_seconds", PERCENTILES, filter=resolved),
        "tto_with_target": Count("pk", filter=created & with_target_q("tto")),
        "tto_met": Count(
            "pk",
            filter=created & target_outcome_q(TargetOutcome.TTO_MET),
        ),
        "ttr_with_target": Count("pk", filter=resolved & with_target_q("ttr")),
        "ttr_met": Count("pk", filter=resolved & target_outcome_q(TargetOutcome.TTR_MET)),
        "reopened": Count("pk", filter=resolved & Q(reopen_count__gt=0)),
        "rated": Count("pk", filter=closed & Q(satisfaction__isnull=False)),
    }
    for rating in RATINGS:
        aggregates[f"rating_{rating}"] = Count("pk", filter=closed & Q(satisfaction=rating))
    aggregates.update(_backlog_aggregates(end)[1])
    rows = query.tickets().filter(relevant_to(start, end)).aggregate(**aggregates)
    rows.update(_percentiles(rows.pop("tto"), rows.pop("ttr")))
    rows.update(_ratings(rows))
    rows.update(_backlog_ages(rows))
    return rows


PERCENTILES = (0.5, 0.9)


def _percentiles(tto: list | None, ttr: list | None) -> dict:
    tto, ttr = tto or [None, None], ttr or [None, None]
    return {"tto_median": tto[0], "tto_p90": tto[1], "ttr_median": ttr[0], "ttr_p90": ttr[1]}


def _ratings(counts: dict) -> dict:
    """The ratings by value and their average, from the `rating_<n>` counts (popped)."""
    ratings = {rating: counts.pop(f"rating_{rating}") or 0 for rating in RATINGS}
    rated = sum(ratings.values())
    average = sum(r * n for r, n in ratings.items()) / rated if rated else None
    return {"ratings": ratings, "satisfaction_average": average}


def tto_percentiles(query: ReportQuery) -> list | None:
    """The median and 90th percentile of the time to own, live: one sort (a percentile
    cannot be summed from daily rows), read through the index of the submission date."""
    start, end = query.bounds()
    tickets = query.tickets().order_by().filter(between("created_at", start, end))
    return tickets.aggregate(tto=Percentiles("time_to_own_seconds", PERCENTILES))["tto"]


def ttr_percentiles(query: ReportQuery) -> list | None:
    """The same for the time to resolve, over the tickets resolved in the period."""
    start, end = query.bounds()
    tickets = query.tickets().order_by().filter(between("resolved_at", start, end))
    return tickets.aggregate(ttr=Percentiles("time_to_resolve_seconds", PERCENTILES))["ttr"]


def _backlog_aggregates(end: datetime) -> tuple[Q, dict]:
    """The open backlog at `end` and its ages: the tickets submitted before the end and not
    finished by then, narrowed to those the status and date indexes find (open now, or
    resolved or closed after the end: the same tickets, as a finished ticket has its date)."""
    unfinished = Q(status__in=OPEN_STATUSES) | Q(resolved_at__gte=end) | Q(closed_at__gte=end)
    backlog = backlog_at(end) & unfinished
    aggregates = {"backlog": Count("pk", filter=backlog)}
    for key, low, high in AGE_BUCKETS:
        where = backlog
        if low is not None:
            where &= Q(created_at__lte=end - low)
        if high is not None:
            where &= Q(created_at__gt=end - high)
        aggregates[f"age_{key}"] = Count("pk", filter=where)
    return backlog, aggregates


def _backlog_ages(rows: dict) -> dict:
    return {"backlog_ages": {key: rows.pop(f"age_{key}") for key, _low, _high in AGE_BUCKETS}}


def backlog_figures(query: ReportQuery) -> dict:
    """The backlog alone, for the roll-up's reports, in two queries whose tickets make the
    backlog together (split on the status): those open now, read from the partial index of
    open tickets alone, and those finished after the end, found through the date indexes."""
    _start, end = query.bounds()
    backlog, aggregates = _backlog_aggregates(end)
    tickets = query.tickets().filter(backlog).order_by()
    open_now = tickets.filter(status__in=OPEN_STATUSES).aggregate(**aggregates)
    # Not open, so finished, and after the end: said outright, so that the planner reads
    # the date indexes rather than every ticket without a date.
    later = Q(resolved_at__gte=end) | Q(closed_at__gte=end)
    finished_later = tickets.filter(later).exclude(status__in=OPEN_STATUSES).aggregate(**aggregates)
    rows = {name: open_now[name] + finished_later[name] for name in aggregates}
    rows.update(_backlog_ages(rows))
    return rows


def rolled_ticket_figures(query: ReportQuery, counts: dict) -> dict:
    """The ticket figures of `query` from its counts (`rollup.tally`) plus the live
    percentiles and backlog."""
    rows = {
        name: counts[name]
        for name in (
            "created", "resolved", "closed", "tto_with_target", "tto_met", "ttr_with_target",
            "ttr_met", "reopened", "rated",
        )
    }  # fmt: skip
    rows.update({f"rating_{rating}": counts[f"rating_{rating}"] for rating in RATINGS})
    rows.update(_ratings(rows))
    # The three scans the roll-up cannot hold, side by side where the database allows it.
    tto, ttr, backlog = parallel.run_side_by_side(
        lambda: tto_percentiles(query),
        lambda: ttr_percentiles(query),
        lambda: backlog_figures(query),
        session=report_settings,
    )
    rows.update(_percentiles(tto, ttr))
    rows.update(backlog)
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


_UNREAD = object()


def key_figures(query: ReportQuery, *, state=_UNREAD, counts: dict | None = None) -> KeyFigures:
    """The key figures of `query`: from the daily roll-up where it serves the query
    (`rollup.plan`), live otherwise; the same numbers either way. `state` is the roll-up's
    state row when the caller has read it already, `counts` the query's counts when the
    caller has summed them (`rollup.tally(...).total`)."""

    with report_session(query.user):
        return _key_figures(query, state, counts)


def _key_figures(query: ReportQuery, state, counts: dict | None) -> KeyFigures:
    from . import rollup

    if counts is None:
        days = rollup.plan(query, None if state is _UNREAD else state, read=state is _UNREAD)
        if days is not None:
            counts = rollup.tally(query, days).total
    tickets = ticket_figures(query) if counts is None else rolled_ticket_figures(query, counts)
    return KeyFigures(**tickets, **self_service_figures(query), **problem_figures(query))
