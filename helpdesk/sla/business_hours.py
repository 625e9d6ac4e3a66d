"""Business-hours arithmetic: pure functions over a calendar value object, no database.

Every instant handed in must be timezone-aware; results are aware datetimes in UTC. Opening
hours are wall-clock times in the calendar's time zone: on the day a clock changes, an opening
interval that spans the change is as long in real time as the clock says (a 01:00–04:00
interval on the last Sunday of March lasts two hours). Arithmetic runs in UTC, because Python
compares two datetimes that share a `ZoneInfo` by their wall-clock times, ignoring the fold.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

Interval = tuple[time, time]

# Mondays to Fridays, 08:00 to 18:00: the default of the brief.
DEFAULT_WEEKLY_HOURS: Mapping[int, tuple[Interval, ...]] = {
    weekday: ((time(8), time(18)),) for weekday in range(5)
}
DEFAULT_TIMEZONE = "Europe/Paris"
# A calendar with opening hours finds one within a week, unless holidays and closures fill
# every working day: past this horizon the calendar is deemed to have no working time.
_HORIZON_DAYS = 3 * 366


class NoBusinessTime(ValueError):
    """The calendar never opens (no hours, or closed for years): no due date exists."""


@dataclass(frozen=True)
class Calendar:
    """When the service desk works.

    `weekly_hours` maps a weekday (0 = Monday) to its opening intervals, each (start, end) in
    wall-clock time, start before end; `time(0)` as an end means midnight at the end of the
    day. `holidays` is any container of dates (a set, or a `holidays` library object that
    fills in years on demand); `closed_dates` are the extra days off the admins choose."""

    timezone: str = DEFAULT_TIMEZONE
    weekly_hours: Mapping[int, tuple[Interval, ...]] = field(
        default_factory=lambda: dict(DEFAULT_WEEKLY_HOURS)
    )
    holidays: Collection[date] = frozenset()
    closed_dates: Collection[date] = frozenset()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_closed(self, day: date) -> bool:
        return day in self.holidays or day in self.closed_dates

    def day_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The opening intervals of one local day, as UTC instants, in order."""
        if self.is_closed(day):
            return []
        zone = self.zone
        result = []
        for start, end in sorted(self.weekly_hours.get(day.weekday(), ())):
            end_day = day + timedelta(days=1) if end == time(0) else day
            begin = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
            finish = datetime.combine(end_day, end, tzinfo=zone).astimezone(UTC)
            if finish > begin:
                result.append((begin, finish))
        return result


def french_holidays(subdivision: str = "") -> Collection[date]:
    """French public holidays from the maintained `holidays` library, for every year asked
    (the object adds a year when a date of it is looked up). `subdivision` adds local days:
    "57" (Moselle) or "6AE" (Alsace) add Good Friday and St Stephen's Day, overseas
    departments their abolition of slavery day."""
    import holidays

    return holidays.France(subdiv=subdivision or None)


def _utc(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("Business-hours arithmetic needs timezone-aware datetimes.")
    return instant.astimezone(UTC)


def _open_intervals(
    calendar: Calendar, start: datetime, *, days: int = _HORIZON_DAYS
) -> Iterator[tuple[datetime, datetime]]:
    """Opening intervals that end after `start`, clipped to begin no earlier than it."""
    first_day = start.astimezone(calendar.zone).date() - timedelta(days=1)
    for offset in range(days + 2):
        for begin, finish in calendar.day_intervals(first_day + timedelta(days=offset)):
            if finish > start:
                yield max(begin, start), finish


def business_time_between(
    calendar: Calendar,
    start: datetime,
    end: datetime,
    *,
    pauses: Iterable[tuple[datetime, datetime | None]] = (),
) -> timedelta:
    """Business time from `start` to `end`, less the business time inside `pauses`
    ((from, until) pairs; `until` None means still paused at `end`; pauses may overlap).
    Zero when `end` is not after `start`."""
    start, end = _utc(start), _utc(end)
    if end <= start:
        return timedelta(0)
    days = (end - start).days + 2
    total = timedelta(0)
    for begin, finish in _open_intervals(calendar, start, days=days):
        if begin >= end:
            break
        total += min(finish, end) - begin
    for pause_start, pause_end in _merge(pauses, start, end):
        total -= business_time_between(calendar, pause_start, pause_end)
    return total


def _merge(
    pauses: Iterable[tuple[datetime, datetime | None]], start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """Pauses clipped to [start, end] and merged, so that overlapping ones count once."""
    clipped = sorted(
        (max(_utc(a), start), min(_utc(b) if b is not None else end, end)) for a, b in pauses
    )
    merged: list[tuple[datetime, datetime]] = []
    for a, b in clipped:
        if b <= a:
            continue
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def add_business_time(calendar: Calendar, start: datetime, duration: timedelta) -> datetime:
    """The instant at which `duration` of business time has passed since `start`.

    A zero duration gives `start` itself. Raises `NoBusinessTime` when the calendar does
    not open within the next three years."""
    start = _utc(start)
    if duration < timedelta(0):
        raise ValueError("A business duration cannot be negative.")
    if duration == timedelta(0):
        return start
    remaining = duration
    for begin, finish in _open_intervals(calendar, start):
        available = finish - begin
        if remaining <= available:
            return begin + remaining
        remaining -= available
    raise NoBusinessTime("The calendar has no working time.")


def subtract_business_time(calendar: Calendar, end: datetime, duration: timedelta) -> datetime:
    """The latest instant from which `duration` of business time has passed at `end` (the
    inverse of `add_business_time`, for back-dating demo data and tests). Business time
    between an instant and `end` shrinks as the instant moves later: bisect, to the second."""
    end = _utc(end).replace(microsecond=0)
    if duration <= timedelta(0):
        return end

    def enough(seconds_back: int) -> bool:
        return business_time_between(calendar, end - timedelta(seconds=seconds_back), end) >= (
            duration
        )

    # Smallest number of seconds back that holds `duration`: found by doubling, then bisecting.
    too_few, enough_back = 0, 7 * 86400
    while not enough(enough_back):
        if enough_back > _HORIZON_DAYS * 86400:
            raise NoBusinessTime("The calendar has no working time.")
        too_few, enough_back = enough_back, enough_back * 2
    while enough_back - too_few > 1:
        middle = (too_few + enough_back) // 2
        if enough(middle):
            enough_back = middle
        else:
            too_few = middle
    return end - timedelta(seconds=enough_back)


def hours(value: Decimal | float | int) -> timedelta:
    """A number of hours (a target such as Decimal("0.5")) as a duration, to the second."""
    return timedelta(seconds=round(Decimal(str(value)) * 3600))


def add_business_hours(calendar: Calendar, start: datetime, count: Decimal | float) -> datetime:
    return add_business_time(calendar, start, hours(count))


def next_opening(calendar: Calendar, instant: datetime) -> datetime:
    """`instant` itself during opening hours, otherwise the next opening."""
    instant = _utc(instant)
    for begin, _finish in _open_intervals(calendar, instant):
        return begin
    raise NoBusinessTime("The calendar has no working time.")


def weekly_business_time(calendar: Calendar) -> timedelta:
    """Opening time in a plain week (no holidays), in wall-clock hours: zero means the
    calendar never opens."""
    total = timedelta(0)
    for intervals in calendar.weekly_hours.values():
        for start, end in intervals:
            end_dt = datetime.combine(date(2000, 1, 4 if end == time(0) else 3), end)
            total += max(end_dt - datetime.combine(date(2000, 1, 3), start), timedelta(0))
    return total
