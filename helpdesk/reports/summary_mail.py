"""The monthly summary e-mail: to each live brique's owner, the brique's key figures of the
month just ended beside those of the month before, and a link to the dashboard filtered on
that brique and month.

`send_monthly_summaries(now)` runs with the periodic jobs (`manage.py helpdesk_jobs`, every
few minutes): from the 1st of a month it finds the summaries of the previous month not yet
sent and hands each to a background job. Each message is one `SentNotification` row (key
`brique:<id>:<YYYY-MM>`, the owner's address, kind `monthly_summary`), claimed, locked and
marked sent as the ticket e-mails are: whatever the number of runs or workers, an owner gets
one summary per brique per month. When the mail server is down the row keeps the error and a
later run tries again after the delays of `GUICHET_MAIL_RETRY_DELAYS` (counted from the
first attempt), then gives up. Owners who turned the summary off in their profile get
nothing; briques without an owner, or not live, are skipped."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from portal.models import BriquePage, User

from ..mail import links
from ..mail.kinds import MailKind
from ..mail.models import SentNotification
from ..mail.recipients import language_of
from ..mail.sending import ALREADY_SENT, FAILED, NOTHING, SENT, retry_delays
from .figures import KeyFigures, key_figures
from .period import Period, last_month
from .query import ReportQuery

logger = logging.getLogger(__name__)

KIND = MailKind.MONTHLY_SUMMARY
MISSING = "—"  # a rate or delay with nothing to compute it from


def summary_key(brique_id: int, period: Period) -> str:
    return f"brique:{brique_id}:{period.start:%Y-%m}"


def month_of(month: str) -> Period:
    """The whole calendar month named "YYYY-MM"."""
    start = date.fromisoformat(f"{month}-01")
    return last_month(start.replace(day=28) + timedelta(days=4))


def month_before(period: Period) -> Period:
    """The calendar month before (not `Period.previous`, which keeps the length: a summary
    compares November with the whole of October)."""
    return last_month(period.start)


# --- Who is due a summary ------------------------------------------------------------------


def owned_briques():
    """Live briques whose owner is an active account with an address."""
    return (
        BriquePage.objects.live()
        .filter(brique_owner__is_active=True)
        .exclude(Q(brique_owner__email="") | Q(brique_owner__email__isnull=True))
        .select_related("brique_owner")
        .only("pk", "title", "brique_owner__email", "brique_owner__mail_opt_outs")
        .order_by("pk")
    )


def _retry_due(record: SentNotification, now: datetime) -> bool:
    """Sent, or failed as often as the retry delays allow: never again. Otherwise due once the
    delays after the attempts made so far have passed since the first one."""
    if record.sent_at is not None:
        return False
    delays = retry_delays()
    if record.attempts > len(delays):
        return False
    return now >= record.created_at + timedelta(seconds=sum(delays[: record.attempts]))


def send_monthly_summaries(now: datetime | None = None) -> int:
    """Hand each summary of last month still due to a background job; the number handed."""
    now = now or timezone.now()
    period = last_month(timezone.localdate(now))
    month = f"{period.start:%Y-%m}"
    due = [
        brique
        for brique in owned_briques()
        if KIND not in (brique.brique_owner.mail_opt_outs or [])
    ]
    records = {
        (record.key, record.recipient): record
        for record in SentNotification.objects.filter(
            kind=KIND, key__in=[summary_key(b.pk, period) for b in due]
        )
    }
    count = 0
    for brique in due:
        email = brique.brique_owner.email.lower()
        record = records.get((summary_key(brique.pk, period), email))
        if record is not None and not _retry_due(record, now):
            continue
        try:
            deliver_summary_task.enqueue(
                brique_id=brique.pk, month=month, email=email, user_id=brique.brique_owner_id
            )
        except Exception:  # a broken queue must not stop the other jobs
            logger.exception("Could not enqueue the monthly summary of brique %s", brique.pk)
            continue
        count += 1
    return count


# --- One message ---------------------------------------------------------------------------


def deliver_summary(brique_id: int, month: str, email: str, user_id: int) -> str:
    """Send one owner the summary of one brique for one month, once."""
    period = month_of(month)
    with transaction.atomic():
        record, _created = SentNotification.objects.get_or_create(
            key=summary_key(brique_id, period), recipient=email, kind=KIND
        )
        # Two workers on the same job: the second waits here, then finds it sent.
        record = SentNotification.objects.select_for_update().get(pk=record.pk)
        if record.sent_at is not None:
            return ALREADY_SENT
        message = build_summary(brique_id, period, email, user_id)
        if message is None:
            return NOTHING
        record.attempts += 1
        try:
            message.send()
        except (OSError, smtplib.SMTPException) as error:
            record.last_error = f"{type(error).__name__}: {error}"[:1000]
            record.save(update_fields=["attempts", "last_error"])
            logger.warning("Monthly summary to %s not sent; a later run retries", email)
            return FAILED
        record.sent_at = timezone.now()
        record.last_error = ""
        record.save(update_fields=["attempts", "sent_at", "last_error"])
    return SENT


@task()
def deliver_summary_task(brique_id: int, month: str, email: str, user_id: int) -> str:
    return deliver_summary(brique_id, month, email, user_id)


def build_summary(
    brique_id: int, period: Period, email: str, user_id: int
) -> EmailMultiAlternatives | None:
    """The message in the owner's language; None when it is no longer due (the brique gone
    or not live, another owner, the summary turned off since)."""
    brique = BriquePage.objects.live().filter(pk=brique_id, brique_owner_id=user_id).first()
    owner = User.objects.filter(pk=user_id, is_active=True).first()
    if brique is None or owner is None or KIND in (owner.mail_opt_outs or []):
        return None
    language = language_of(owner)
    summary = Summary.of(brique, period)
    with translation.override(language):
        context = summary.context(language)
        text = render_to_string("helpdesk/reports/summary_mail.txt", context)
        html = render_to_string("helpdesk/reports/summary_mail.html", context)
    message = EmailMultiAlternatives(
        context["subject"],
        text,
        settings.DEFAULT_FROM_EMAIL,
        [email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


@dataclass(frozen=True)
class Summary:
    brique: BriquePage
    period: Period
    figures: KeyFigures
    previous: KeyFigures

    @classmethod
    def of(cls, brique: BriquePage, period: Period) -> Summary:
        query = ReportQuery(period=period, briques=(brique.pk,), now=timezone.now())
        before = query.with_period(month_before(period))
        return cls(brique, period, key_figures(query), key_figures(before))

    @property
    def is_empty(self) -> bool:
        f = self.figures
        return not (
            f.created or f.resolved or f.closed or f.backlog or f.attempts or f.problems_open
        )

    def dashboard_url(self) -> str:
        parameters = {
            "period": "custom",
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "brique": self.brique.pk,
        }
        return links.absolute(reverse("helpdesk_admin:reports") + "?" + urlencode(parameters))

    def rows(self) -> list[tuple[str, str, str]]:
        """(label, this month, the month before), formatted in the active language."""
        now, before = self.figures, self.previous
        return [
            (label, value(now), value(before))
            for label, value in (
                (_("Tickets submitted during the month"), lambda f: _count(f.created)),
                (_("Tickets resolved during the month"), lambda f: _count(f.resolved)),
                (_("Tickets closed during the month"), lambda f: _count(f.closed)),
                (_("Tickets open at the end of the month"), lambda f: _count(f.backlog)),
                (
                    _("Median time to own (business hours)"),
                    lambda f: _duration(f.tto_median),
                ),
                (
                    _("Median time to resolve (business hours)"),
                    lambda f: _duration(f.ttr_median),
                ),
                (
                    _("Owned within the service level"),
                    lambda f: _share(f.tto_met, f.tto_with_target),
                ),
                (
                    _("Resolved within the service level"),
                    lambda f: _share(f.ttr_met, f.ttr_with_target),
                ),
                (_("Reopened after resolution"), lambda f: _share(f.reopened, f.resolved)),
                (_("Satisfaction (1 to 4)"), _satisfaction),
                (
                    _("Solved without a ticket (self-service)"),
                    lambda f: _share(f.solved_without_ticket, f.attempts),
                ),
                (_("Problems open at the end of the month"), lambda f: _count(f.problems_open)),
            )
        ]

    def context(self, language: str) -> dict:
        month = _month_name(self.period)
        names = {"brique": self.brique.title, "month": month}
        return {
            "language": language,
            "subject": _("Guichet — %(brique)s: summary of %(month)s") % names,
            "brique": self.brique.title,
            "month": month,
            "previous_month": _month_name(month_before(self.period)),
            "is_empty": self.is_empty,
            "rows": self.rows(),
            "dashboard_url": self.dashboard_url(),
            "profile_url": links.absolute(reverse("portal:profile")),
        }


def _month_name(period: Period) -> str:
    return formats.date_format(period.start, "F Y")


def _count(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return MISSING
    hours, minutes = divmod(round(seconds / 60), 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": minutes}
    if not minutes:
        return _("%(hours)s h") % {"hours": _count(hours)}
    return _("%(hours)s h %(minutes)02d min") % {"hours": _count(hours), "minutes": minutes}


def _percent(fraction: float) -> str:
    return _("%(value)s%%") % {"value": formats.number_format(round(fraction * 100))}


def _share(part: int, whole: int) -> str:
    if not whole:
        return MISSING
    return _("%(percent)s (%(part)s of %(whole)s)") % {
        "percent": _percent(part / whole),
        "part": _count(part),
        "whole": _count(whole),
    }


def _satisfaction(f: KeyFigures) -> str:
    if f.satisfaction_average is None:
        return MISSING
    return ngettext(
        "%(average)s (%(count)d rating)", "%(average)s (%(count)d ratings)", f.rated
    ) % {"average": formats.number_format(f.satisfaction_average, 1), "count": f.rated}
