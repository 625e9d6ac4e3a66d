"""Business calendars: when the service desk works, for the service-level clocks.

Functional admins keep them in the "Configuration" menu. Each brique may choose one; the
others use the default calendar. The arithmetic itself lives in
`helpdesk.sla.business_hours`, which knows nothing of the database: `as_calendar()` turns a
stored calendar into its value object."""

from __future__ import annotations

import functools
from collections.abc import Collection
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from helpdesk.sla.business_hours import Calendar, french_holidays

# A closure longer than this is a typing mistake (a year typed wrong), not a closure.
MAX_CLOSURE_DAYS = 366


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class HolidayRegion(models.TextChoices):
    """Which public holidays apply: France, or a part of it with its own days (subdivision
    codes of the `holidays` library)."""

    FRANCE = "FR", _("France (metropolitan)")
    ALSACE = "FR-6AE", _("Alsace (Good Friday and St Stephen's Day too)")
    MOSELLE = "FR-57", _("Moselle (Good Friday and St Stephen's Day too)")
    GUADELOUPE = "FR-971", _("Guadeloupe")
    MARTINIQUE = "FR-972", _("Martinique")
    GUYANE = "FR-973", _("French Guiana")
    REUNION = "FR-974", _("La Réunion")
    MAYOTTE = "FR-976", _("Mayotte")
    NONE = "none", _("no public holidays")


@functools.cache
def _holidays(region: str) -> Collection[date]:
    if region == HolidayRegion.NONE:
        return frozenset()
    _country, _sep, subdivision = region.partition("-")
    return french_holidays(subdivision)


def validate_timezone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(
            _("Unknown time zone: use a name such as Europe/Paris."), code="timezone"
        ) from error


class BusinessCalendar(ClusterableModel):
    """Opening hours per weekday, public holidays and extra closures."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Paris",
        validators=[validate_timezone],
        help_text=_("Opening hours are read in this time zone, e.g. Europe/Paris."),
    )
    public_holidays = models.CharField(
        _("public holidays"),
        max_length=10,
        choices=HolidayRegion.choices,
        default=HolidayRegion.FRANCE,
        help_text=_("Days off come from a maintained list of public holidays."),
    )
    is_default = models.BooleanField(
        _("default calendar"),
        default=False,
        help_text=_("Used by every brique that does not choose a calendar."),
    )

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="business_calendar_one_default",
                violation_error_message=_("Another calendar is already the default one."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def as_calendar(self) -> Calendar:
        """The value object the business-hours functions compute with."""
        weekly: dict[int, list[tuple[time, time]]] = {}
        for row in self.opening_hours.all():
            weekly.setdefault(row.weekday, []).append((row.opens, row.closes))
        closed: set[date] = set()
        for closure in self.closures.all():
            closed.update(closure.days())
        return Calendar(
            timezone=self.timezone,
            weekly_hours={day: tuple(sorted(rows)) for day, rows in weekly.items()},
            holidays=_holidays(self.public_holidays),
            closed_dates=frozenset(closed),
        )

    @classmethod
    def default(cls) -> BusinessCalendar | None:
        return (
            cls.objects.filter(is_default=True)
            .prefetch_related("opening_hours", "closures")
            .first()
        )


def default_calendar() -> Calendar:
    """The stored default calendar, or the brief's default if an admin removed it: Monday to
    Friday, 08:00 to 18:00, Europe/Paris, French public holidays."""
    stored = BusinessCalendar.default()
    if stored is not None:
        return stored.as_calendar()
    return Calendar(holidays=_holidays(HolidayRegion.FRANCE))


def calendar_for_brique(brique_id: int, calendar_id: int | None = None) -> Calendar:
    """The calendar a brique's service levels are counted on (`calendar_id`: the brique's
    choice when the caller already knows it)."""
    from .pages import BriquePage

    if calendar_id is None:
        calendar_id = (
            BriquePage.objects.filter(pk=brique_id)
            .values_list("business_calendar", flat=True)
            .first()
        )
    if calendar_id is not None:
        stored = (
            BusinessCalendar.objects.filter(pk=calendar_id)
            .prefetch_related("opening_hours", "closures")
            .first()
        )
        if stored is not None:
            return stored.as_calendar()
    return default_calendar()


class OpeningHours(Orderable):
    calendar = ParentalKey(BusinessCalendar, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens at"))
    closes = models.TimeField(_("closes at"), help_text=_("00:00 means midnight, end of day."))

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def minutes(self) -> tuple[int, int]:
        """(start, end) in minutes from midnight; a 00:00 end is 24 × 60."""
        end = self.closes.hour * 60 + self.closes.minute or 24 * 60
        return self.opens.hour * 60 + self.opens.minute, end

    def clean(self):
        super().clean()
        if self.opens is not None and self.closes is not None:
            start, end = self.minutes
            if end <= start:
                raise ValidationError(
                    {"closes": _("The closing time must come after the opening time.")}
                )


class ClosurePeriod(Orderable):
    """Days the desk is closed besides public holidays (e.g. the Christmas closure)."""

    calendar = ParentalKey(BusinessCalendar, on_delete=models.CASCADE, related_name="closures")
    label = models.CharField(_("reason"), max_length=100, blank=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"), null=True, blank=True, help_text=_("Empty: one day."))

    class Meta(Orderable.Meta):
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return self.label or str(self.start)

    @property
    def last_day(self) -> date:
        return self.end or self.start

    def days(self) -> list[date]:
        span = (self.last_day - self.start).days
        return [self.start + timedelta(days=n) for n in range(max(span, 0) + 1)]

    def clean(self):
        super().clean()
        if self.start and self.end:
            if self.end < self.start:
                raise ValidationError({"end": _("The last day must not come before the first.")})
            if (self.end - self.start).days >= MAX_CLOSURE_DAYS:
                raise ValidationError({"end": _("A closure cannot last more than a year.")})
