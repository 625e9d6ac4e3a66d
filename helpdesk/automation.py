"""The automatic steps of a ticket's life, run by `manage.py helpdesk_jobs` (cron) or the
`run_automatic_steps_task` background task.

- A resolved ticket its requester did not answer is closed after its brique's delay
  (`BriquePage.auto_close_days`, 7 days by default), with a last reminder the day before.
- A ticket waiting for its requester longer than `GUICHET_PENDING_REQUESTER_DAYS` is
  resolved with a note saying so (and then follows the rule above).
- From the 1st of each month, each brique owner gets the summary of the month before
  (`reports.summary_mail`), once per brique.

Each step goes through the same service as a human action (`close_ticket`,
`resolve_ticket`), with no actor: the history shows it as done by the system. Each is
idempotent: the service locks the row and refuses a stale version, so two runs at once make
one transition; the reminder is keyed on the resolution and its recipient, so it is sent once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import ngettext
from django_tasks import task

from portal.models import BriquePage

from . import services
from .mail import recipients as people
from .mail.kinds import MailKind
from .mail.models import SentNotification
from .mail.sending import schedule
from .models import PendingReason, ResolutionCode, Ticket, TicketAction, TicketEvent, TicketStatus
from .policies import ActionNotAllowed

BATCH = 500


@dataclass
class JobResult:
    reminded: int = 0
    closed: int = 0
    resolved: int = 0
    summaries: int = 0


def _latest_resolution():
    return Subquery(
        TicketEvent.objects.filter(ticket=OuterRef("pk"), action=TicketAction.RESOLVE)
        .order_by("-created_at", "-pk")
        .values("pk")[:1]
    )


def _resolved_before(now: datetime, days_before_close: int) -> Q:
    """Resolved tickets whose brique's delay ends within `days_before_close` days of `now`,
    one condition per delay in use (briques are few)."""
    condition = Q(pk__in=[])
    delays = set(BriquePage.objects.values_list("auto_close_days", flat=True))
    for days in delays:
        condition |= Q(
            brique__auto_close_days=days,
            resolved_at__lte=now - timedelta(days=days - days_before_close),
        )
    return Q(status=TicketStatus.RESOLVED) & condition


def send_close_reminders(now: datetime) -> int:
    """The day before the automatic close: remind the requester, once per resolution."""
    tickets = (
        Ticket.objects.filter(_resolved_before(now, 1))
        .exclude(pk__in=Ticket.objects.filter(_resolved_before(now, 0)).values("pk"))
        .select_related("requester")
        .annotate(resolution_id=_latest_resolution())[:BATCH]
    )
    count = 0
    for ticket in tickets:
        if ticket.resolution_id is None:
            continue
        key = f"event:{ticket.resolution_id}"
        found = [
            r
            for r in people.keep(people.of_users([ticket.requester]), MailKind.CLOSE_REMINDER)
            if not SentNotification.objects.filter(
                key=key, recipient=r.email, kind=MailKind.CLOSE_REMINDER
            ).exists()
        ]
        if found:
            schedule(
                MailKind.CLOSE_REMINDER,
                key,
                found,
                ticket_id=ticket.pk,
                event_id=ticket.resolution_id,
            )
            count += 1
    return count


def close_unanswered(now: datetime) -> int:
    """Close resolved tickets past their brique's delay, as the system."""
    count = 0
    tickets = Ticket.objects.filter(_resolved_before(now, 0)).select_related("brique")[:BATCH]
    for ticket in tickets:
        days = ticket.brique.auto_close_days
        with translation.override(settings.LANGUAGE_CODE):
            comment = ngettext(
                "Closed automatically: no answer from the requester within %(days)d day of "
                "the resolution.",
                "Closed automatically: no answer from the requester within %(days)d days of "
                "the resolution.",
                days,
            ) % {"days": days}
        try:
            services.close_ticket(None, ticket, comment=comment, version=ticket.version, at=now)
        except (services.StaleTicket, ActionNotAllowed):
            continue  # answered, reopened or closed by someone (or another run) meanwhile
        count += 1
    return count


def resolve_pending_too_long(now: datetime) -> int:
    """Resolve, with a note, tickets that waited for their requester too long."""
    days = settings.GUICHET_PENDING_REQUESTER_DAYS
    tickets = (
        Ticket.objects.filter(status=TicketStatus.PENDING, pending_reason=PendingReason.REQUESTER)
        .annotate(
            pending_since=Max(
                "events__created_at", filter=Q(events__action=TicketAction.PUT_ON_HOLD)
            )
        )
        .filter(pending_since__lte=now - timedelta(days=days))[:BATCH]
    )
    count = 0
    for ticket in tickets:
        with translation.override(settings.LANGUAGE_CODE):
            note = ngettext(
                "Resolved automatically: the question asked received no answer within %(days)d "
                "day. If you still need help, reopen the request and answer it.",
                "Resolved automatically: the question asked received no answer within %(days)d "
                "days. If you still need help, reopen the request and answer it.",
                days,
            ) % {"days": days}
        try:
            services.resolve_ticket(
                None,
                ticket,
                solution=note,
                resolution_code=ResolutionCode.OTHER,
                version=ticket.version,
                at=now,
            )
        except (services.StaleTicket, ActionNotAllowed):
            continue
        count += 1
    return count


def run_automatic_steps(now: datetime | None = None) -> JobResult:
    now = now or timezone.now()
    result = JobResult()
    result.resolved = resolve_pending_too_long(now)
    result.closed = close_unanswered(now)
    result.reminded = send_close_reminders(now)
    from .reports.summary_mail import send_monthly_summaries

    result.summaries = send_monthly_summaries(now)
    return result


@task()
def run_automatic_steps_task() -> dict[str, int]:
    result = run_automatic_steps()
    counts = {"reminded": result.reminded, "closed": result.closed, "resolved": result.resolved}
    if result.summaries:  # mentioned only in the runs that hand some (the first of a month)
        counts["summaries"] = result.summaries
    return counts
