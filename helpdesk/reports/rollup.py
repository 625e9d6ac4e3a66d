"""The daily roll-up of ticket counts, and the dashboard figures read from it.

A report over a year reads a million tickets when computed live (3.9 s at 1,000,000 tickets,
benchmarks/README.md). Most of it is counts, and counts add up: each past day's counts per
brique and school are kept in `DailyTicketCounts`, and a report sums the rows of its days.

**Keys.** Each count is keyed on the local day (site time zone) of the date it is about:
submissions and the time-to-own service level on `created_at`; resolutions, the
time-to-resolve service level and reopenings on `resolved_at` (the latest resolution); closes
and ratings on `closed_at` (closed tickets). These are exactly the conditions of the live
figures (`figures.ticket_figures`), grouped by day instead of filtered by period.

**Exact and current.** A report reads the roll-up only for the days it holds and that no
change has made stale; every other day (today, days after the last refresh, stale days) is
computed live from the tickets with the same conditions (`ticket_day_counts`), so the figures
are always those of the live computation. A day is *stale* when a ticket changed since the
last refresh (`Ticket.updated_at`, indexed) touches it: the day of its submission, of its
current resolution and close, and of every resolution, close, confirmation, rejection or
cancellation in its history (a reopening clears `resolved_at`: the history keeps the day the
count was under). The refresh recomputes those days whole, for every brique and school.
Ticket deletions and writes that bypass `updated_at` are not seen: rebuild the days
concerned with `manage.py report_rollup --rebuild --from ... --to ...`.

**Not in the roll-up.** The open backlog (an instant, not a day: a narrow live query over open
tickets), the percentiles of the delays (one live pass per column: a median cannot be summed),
and reports filtered by kind, priority, category or the requester's public (live: the roll-up
has no such column; adding them would multiply its rows by 30 for no gain).

**Refresh.** `refresh_rollup()` is a periodic job (`manage.py report_rollup` from cron, hourly,
or its task `refresh_rollup_task`): it adds the days completed since the last run and
recomputes the stale ones, in one transaction, under a lock on the state row (two runs at
once: the second waits, then finds only what changed meanwhile). Idempotent: a day is
deleted and inserted again whole. Until a first run, or for a day it has not reached, the
reports are computed live: never wrong, only slower.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth, TruncWeek
from django.utils import timezone
from django_tasks import task

from ..models import DailyTicketCounts, ReportRollupState, Ticket, TicketAction, TicketStatus
from ..sla.state import with_target_q

# A change committed up to this long after it set `updated_at` is still seen by the next
# refresh (ticket transactions last well under a second).
CHANGE_MARGIN = timedelta(seconds=60)
RATINGS = (1, 2, 3, 4)
# History entries whose instant is (or was) one of the ticket's report dates.
DATED_ACTIONS = (
    TicketAction.RESOLVE,
    TicketAction.CONFIRM,
    TicketAction.CLOSE,
    TicketAction.REJECT,
    TicketAction.CANCEL,
    TicketAction.MARK_DUPLICATE,
)


def _sides() -> list[tuple[str, Q, dict]]:
    """(date field, condition, {count: aggregate}) of each date a count is keyed on."""
    tto, ttr = with_target_q("tto"), with_target_q("ttr")
    closed = {
        "closed": Count("pk"),
        "rated": Count("pk", filter=Q(satisfaction__isnull=False)),
    }
    for rating in RATINGS:
        closed[f"rating_{rating}"] = Count("pk", filter=Q(satisfaction=rating))
    return [
        (
            "created_at",
            Q(),
            {
                "created": Count("pk"),
                "tto_with_target": Count("pk", filter=tto),
                "tto_met": Count("pk", filter=tto & Q(tto_breached=False)),
            },
        ),
        (
            "resolved_at",
            Q(),
            {
                "resolved": Count("pk"),
                "ttr_with_target": Count("pk", filter=ttr),
                "ttr_met": Count("pk", filter=ttr & Q(ttr_breached=False)),
                "reopened": Count("pk", filter=Q(reopen_count__gt=0)),
            },
        ),
        ("closed_at", Q(status=TicketStatus.CLOSED), closed),
    ]


COUNTS: tuple[str, ...] = tuple(name for _f, _q, counts in _sides() for name in counts)


# --- days and ranges -------------------------------------------------------------------------


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def local_day(value: datetime) -> date:
    return timezone.localtime(value).date()


def day_ranges(days: Iterable[date]) -> list[tuple[date, date]]:
    """Consecutive days merged: [(first, last)], inclusive."""
    ranges: list[tuple[date, date]] = []
    for day in sorted(set(days)):
        if ranges and ranges[-1][1] + timedelta(days=1) == day:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def _within(field_name: str, ranges: list[tuple[datetime, datetime]]) -> Q:
    where = Q(pk__in=[])
    for start, end in ranges:
        where |= Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})
    return where


def _instants(ranges: list[tuple[date, date]], until: datetime | None = None):
    """Day ranges as [start, end) instants, none past `until`."""
    result = []
    for first, last in ranges:
        start, end = day_start(first), day_start(last + timedelta(days=1))
        if until is not None:
            if start >= until:
                continue
            end = min(end, until)
        result.append((start, end))
    return result


# --- counting tickets ------------------------------------------------------------------------

Key = tuple[date, int, int | None]  # (day, brique id, school id)


def ticket_day_counts(
    tickets: QuerySet[Ticket], ranges: list[tuple[date, date]], until: datetime | None = None
) -> dict[Key, dict[str, int]]:
    """The counts of `tickets` per (local day, brique, school) over the days of `ranges`
    (none after `until`): one grouped query per date the counts are keyed on."""
    instants = _instants(ranges, until)
    result: dict[Key, dict[str, int]] = defaultdict(dict)
    if not instants:
        return result
    zone = timezone.get_current_timezone()
    for field_name, condition, aggregates in _sides():
        rows = (
            tickets.filter(condition, _within(field_name, instants))
            .annotate(report_day=TruncDate(field_name, tzinfo=zone))
            .order_by()
            .values("report_day", "brique_id", "establishment_id")
            .annotate(**aggregates)
        )
        for row in rows:
            key = (row.pop("report_day"), row.pop("brique_id"), row.pop("establishment_id"))
            result[key].update(row)
    return result


# --- refreshing ------------------------------------------------------------------------------


@dataclass
class RefreshResult:
    days: int = 0  # days recomputed
    rows: int = 0  # rows written
    rolled_through: date | None = None


def stale_days(since: datetime | None, through: date | None) -> set[date]:
    """The days up to `through` touched by tickets changed since `since` (see the module's
    docstring): two queries, over the few tickets changed since the last refresh."""
    if since is None or through is None:
        return set()
    changed = Ticket.objects.filter(updated_at__gte=since)
    days: set[date] = set()
    for dates in changed.values_list("created_at", "resolved_at", "closed_at"):
        days.update(local_day(value) for value in dates if value is not None)
    from ..models import TicketEvent

    history = (
        TicketEvent.objects.filter(ticket__in=changed.values("pk"), action__in=DATED_ACTIONS)
        .annotate(report_day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("report_day", flat=True)
        .distinct()
    )
    days.update(history)
    return {day for day in days if day <= through}


def _rewrite(days: set[date]) -> int:
    """Delete and compute again the rows of `days`, for every brique and school."""
    ranges = day_ranges(days)
    where = Q(pk__in=[])
    for first, last in ranges:
        where |= Q(day__gte=first, day__lte=last)
    DailyTicketCounts.objects.filter(where).delete()
    counts = ticket_day_counts(Ticket.objects.all(), ranges)
    rows = [
        DailyTicketCounts(day=day, brique_id=brique, establishment_id=school, **values)
        for (day, brique, school), values in counts.items()
    ]
    DailyTicketCounts.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def refresh_rollup(now: datetime | None = None) -> RefreshResult:
    """Bring the roll-up up to yesterday (of `now`) and recompute the stale days."""
    started = timezone.now()
    yesterday = timezone.localdate(now or started) - timedelta(days=1)
    with transaction.atomic():
        state, _created = ReportRollupState.objects.select_for_update().get_or_create(pk=1)
        days = stale_days(state.changes_seen_until, state.rolled_through)
        if state.rolled_through is None:
            first = Ticket.objects.aggregate(first=Min("created_at"))["first"]
            start = local_day(first) if first else yesterday + timedelta(days=1)
        else:
            start = state.rolled_through + timedelta(days=1)
        day = start
        while day <= yesterday:
            days.add(day)
            day += timedelta(days=1)
        result = RefreshResult(days=len(days))
        if days:
            result.rows = _rewrite(days)
        if state.rolled_through is None or yesterday > state.rolled_through:
            state.rolled_through = yesterday
        state.changes_seen_until = started - CHANGE_MARGIN
        state.refreshed_at = started
        state.save()
        result.rolled_through = state.rolled_through
    return result


def rebuild_rollup(first: date, last: date) -> RefreshResult:
    """Compute the days from `first` to `last` again (after a deletion or a repair): the
    days up to the state's `rolled_through` only, later ones are live anyway."""
    with transaction.atomic():
        state, _created = ReportRollupState.objects.select_for_update().get_or_create(pk=1)
        if state.rolled_through is None:
            return RefreshResult()
        last = min(last, state.rolled_through)
        days = set()
        day = first
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
        result = RefreshResult(days=len(days), rolled_through=state.rolled_through)
        if days:
            result.rows = _rewrite(days)
    return result


# --- reading -------------------------------------------------------------------------------


def _zeros() -> dict[str, int]:
    return dict.fromkeys(COUNTS, 0)


def _add(target: dict[str, int], values: dict[str, int | None]) -> None:
    for name, value in values.items():
        target[name] += value or 0


@dataclass
class Tally:
    """A report's counts, summed from roll-up rows and live rows alike. `by_day_brique` is
    keyed by local day, or by the first day of the report's time step for the rolled days
    (summed per step in the database: a year is a dozen rows per brique, not 365); the
    series group both by step (`series.rolled_series`)."""

    total: dict[str, int] = field(default_factory=_zeros)
    by_day_brique: dict[tuple[date, int], dict[str, int]] = field(default_factory=dict)
    by_brique_school: dict[tuple[int, int | None], dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """Which days of a report come from the roll-up, which are computed live."""

    rolled: list[tuple[date, date]]  # inclusive ranges
    live: list[tuple[date, date]]


def uses_rollup(query) -> bool:
    """The roll-up serves the unfiltered, brique- and school-filtered reports."""
    return not (
        query.kind or query.priority is not None or query.category is not None or query.affiliation
    )


def plan(query, state: ReportRollupState | None = None, *, read: bool = True) -> Plan | None:
    """None when the roll-up cannot serve `query` (filters it has no column for, or nothing
    rolled up in the period). `state`: the state row if already read (`read=False`: the
    caller read it and there is none)."""
    if not uses_rollup(query):
        return None
    if state is None and read:
        state = ReportRollupState.objects.filter(pk=1).first()
    if state is None or state.rolled_through is None:
        return None
    period = query.period
    today = timezone.localdate(query.now or timezone.now())
    last_rolled = min(state.rolled_through, today - timedelta(days=1), period.end)
    if last_rolled < period.start:
        return None
    stale = {d for d in stale_days(state.changes_seen_until, last_rolled) if d >= period.start}
    rolled_days = []
    day = period.start
    while day <= last_rolled:
        if day not in stale:
            rolled_days.append(day)
        day += timedelta(days=1)
    live = set(stale)
    day = last_rolled + timedelta(days=1)
    while day <= period.end:
        live.add(day)
        day += timedelta(days=1)
    return Plan(rolled=day_ranges(rolled_days), live=day_ranges(live))


# The first day of a day's time step (series.steps), on the roll-up's local `day` column.
_STEPS = {"day": None, "week": TruncWeek("day"), "month": TruncMonth("day")}


def tally(query, days: Plan) -> Tally:
    """The counts of `query` over its period: the roll-up's rows for the rolled days (two
    grouped queries), the tickets for the others (three, over those days only)."""
    result = Tally()
    if days.rolled:
        where = query.scope()
        if query.briques:
            where &= Q(brique_id__in=query.briques)
        if query.schools:
            where &= Q(establishment_id__in=query.schools)
        in_days = Q(pk__in=[])
        for first, last in days.rolled:
            in_days |= Q(day__gte=first, day__lte=last)
        rows = DailyTicketCounts.objects.filter(where, in_days).order_by()
        sums = {name: Sum(name) for name in COUNTS}
        step = _STEPS[query.period.granularity]
        by_step = rows.annotate(step=step) if step else rows.annotate(step=F("day"))
        for row in by_step.values("step", "brique_id").annotate(**sums):
            values = {name: row[name] for name in COUNTS}
            _add(result.total, values)
            _add(result.by_day_brique.setdefault((row["step"], row["brique_id"]), _zeros()), values)
        for row in rows.values("brique_id", "establishment_id").annotate(**sums):
            key = (row["brique_id"], row["establishment_id"])
            _add(
                result.by_brique_school.setdefault(key, _zeros()),
                {name: row[name] for name in COUNTS},
            )
    if days.live:
        _start, end = query.bounds()
        live = ticket_day_counts(query.tickets(), days.live, until=end)
        for (day, brique, school), values in live.items():
            _add(result.total, values)
            _add(result.by_day_brique.setdefault((day, brique), _zeros()), values)
            _add(result.by_brique_school.setdefault((brique, school), _zeros()), values)
    return result


@task()
def refresh_rollup_task() -> dict[str, object]:
    """`refresh_rollup` as a background task (django-tasks), for a scheduler that enqueues
    tasks rather than running commands."""
    result = refresh_rollup()
    return {
        "days": result.days,
        "rows": result.rows,
        "rolled_through": result.rolled_through and result.rolled_through.isoformat(),
    }
