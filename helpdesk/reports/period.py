"""The days a report covers: whole days in the site's time zone, from `start` to `end`
inclusive, never past today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Preset key -> label, in the order the form shows them.
PRESETS = {
    "7d": _("Last 7 days"),
    "30d": _("Last 30 days"),
    "month": _("This month"),
    "last_month": _("Last month"),
    "quarter": _("Last 3 months"),
    "12m": _("Last 12 months"),
    "year": _("This year"),
}
DEFAULT_PRESET = "30d"


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period ends on or after its first day.")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """[first instant, first instant after) as aware datetimes in the site's time zone."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def previous(self) -> Period:
        """The period of the same length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Period(end - timedelta(days=self.days - 1), end)

    @property
    def granularity(self) -> str:
        """The step of the charts over time: days up to a month, weeks up to half a year,
        months beyond."""
        if self.days <= 31:
            return "day"
        if self.days <= 190:
            return "week"
        return "month"


def preset_period(key: str, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    if key == "7d":
        return Period(today - timedelta(days=6), today)
    if key == "30d":
        return Period(today - timedelta(days=29), today)
    if key == "month":
        return Period(today.replace(day=1), today)
    if key == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return Period(end.replace(day=1), end)
    if key == "quarter":
        return Period(_months_back(today, 3) + timedelta(days=1), today)
    if key == "12m":
        return Period(_months_back(today, 12) + timedelta(days=1), today)
    if key == "year":
        return Period(today.replace(month=1, day=1), today)
    raise KeyError(key)


def last_month(today: date | None = None) -> Period:
    return preset_period("last_month", today)


def _months_back(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    # The same day of that month, or its last day when shorter.
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))
