"""The daily roll-up of the reports dashboard (`helpdesk/reports/rollup.py` fills and reads
it): the ticket counts of each past day per brique and school, so that a report over a year
sums a few thousand rows instead of reading every ticket."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyTicketCounts(models.Model):
    """The counts of one local day (site time zone) for one brique and school. Each count is
    keyed on the day of the date it is about: submissions and the time-to-own service level
    on `created_at`, resolutions, the time-to-resolve service level and reopenings on
    `resolved_at`, closes and ratings on `closed_at` (closed tickets only)."""

    day = models.DateField(_("day"))
    brique = models.ForeignKey(
        "portal.BriquePage", verbose_name=_("brique"), on_delete=models.CASCADE, related_name="+"
    )
    # Named as on the ticket, so that a report's reach (a condition on `brique_id` and
    # `establishment_id`) applies to these rows unchanged.
    establishment = models.ForeignKey(
        "portal.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.PositiveIntegerField(default=0)
    tto_with_target = models.PositiveIntegerField(default=0)
    tto_met = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    ttr_with_target = models.PositiveIntegerField(default=0)
    ttr_met = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)
    rated = models.PositiveIntegerField(default=0)
    rating_1 = models.PositiveIntegerField(default=0)
    rating_2 = models.PositiveIntegerField(default=0)
    rating_3 = models.PositiveIntegerField(default=0)
    rating_4 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily ticket counts")
        verbose_name_plural = _("daily ticket counts")
        indexes = [models.Index(fields=["day", "brique"], name="daily_counts_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.brique_id}/{self.establishment_id}"


class ReportRollupState(models.Model):
    """One row: how far the roll-up goes, and since when changed tickets are not yet in it."""

    # Every day up to this one (inclusive) has its rows; later days are computed live.
    rolled_through = models.DateField(null=True, blank=True)
    # The last refresh looked at tickets changed before this instant (its start, less a
    # margin for transactions still open then): a ticket changed since makes its days stale.
    changes_seen_until = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report roll-up state")
        verbose_name_plural = _("report roll-up state")

    def __str__(self) -> str:
        return f"rolled through {self.rolled_through}"
