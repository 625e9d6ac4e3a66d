"""The service-level clocks of a ticket, kept in its own fields so that queues and reports
filter on them in the database.

The ticket services call two functions and nothing else: `start` when a ticket is submitted,
and `follow` each time a step changes the ticket (from `_record`, before the save). `follow`
looks at where the ticket now stands and moves the clocks accordingly:

- time to own (TTO) runs while the ticket is new, and stops for good at the first
  assignment (or rejection, duplicate, cancellation);
- time to resolve (TTR) runs from submission while the ticket is new, assigned, or pending
  on a provider under contract; it pauses while the ticket waits for its requester or a third
  party, and while it is resolved; it restarts on resume and on reopening, its due date moved
  later by the business time of the pause; it stops for good at closure.

Targets are copied from the brique's service levels at submission: editing a target later
applies to new tickets only, so that a ticket's due dates never move under the people
treating it. The one exception is a change of the ticket's own priority (at qualification):
the targets of its new priority are then copied, as they stand that day.

Due dates are counted in business hours on the brique's calendar (or the default one). Each
clock also stores the instant 75% of its target is used (`*_risk_at`), so that "at risk" is a
plain comparison in SQL; see `helpdesk.sla.state`."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from helpdesk.models import OPEN_STATUSES, PendingReason, Ticket, TicketStatus

from .business_hours import (
    Calendar,
    NoBusinessTime,
    add_business_time,
    business_time_between,
    hours,
)

logger = logging.getLogger(__name__)

AT_RISK_SHARE = Decimal("0.75")

# Waiting for these pauses the time to resolve. A provider under contract is part of the
# service the brique delivers, so waiting for it does not pause the clock.
PAUSING_REASONS = frozenset({PendingReason.REQUESTER, PendingReason.THIRD_PARTY})

# A ticket in one of these has been taken in charge: its time to own is known.
OWNED_STATUSES = frozenset({TicketStatus.ASSIGNED, TicketStatus.PENDING, TicketStatus.RESOLVED})

# Every field the clocks write, for `save(update_fields=...)`.
FIELDS = (
    "sla_priority",
    "sla_tto_hours",
    "sla_ttr_hours",
    "tto_due",
    "tto_risk_at",
    "tto_stopped_at",
    "tto_breached",
    "ttr_due",
    "ttr_risk_at",
    "ttr_paused_since",
    "ttr_paused_seconds",
    "ttr_breached",
    "time_to_own_seconds",
    "time_to_resolve_seconds",
)


def calendar_for(ticket: Ticket) -> Calendar:
    from portal.models.calendars import calendar_for_brique

    # At submission the service has the brique in hand: no need to read it again.
    brique = ticket.brique if Ticket.brique.is_cached(ticket) else None
    return calendar_for_brique(
        ticket.brique_id, brique.business_calendar_id if brique is not None else None
    )


def _targets(ticket: Ticket) -> tuple[Decimal | None, Decimal | None]:
    from portal.models import SlaTarget

    row = (
        SlaTarget.objects.filter(brique_id=ticket.brique_id, priority=ticket.priority)
        .values_list("time_to_own_hours", "time_to_resolve_hours")
        .first()
    )
    return row if row else (None, None)


def _at_share(target: timedelta, share: Decimal) -> timedelta:
    return timedelta(seconds=round(Decimal(target.total_seconds()) * share))


def _add(calendar: Calendar, start: datetime, duration: timedelta) -> datetime | None:
    """A due instant, or None when the calendar never opens: a ticket step must never fail
    because of a calendar (the admin refuses such calendars; this is the last guard)."""
    try:
        return add_business_time(calendar, start, duration)
    except NoBusinessTime:
        logger.warning("Calendar without working time: ticket clocks left unset.")
        return None


def _compute_tto(ticket: Ticket, calendar: Calendar) -> None:
    if ticket.sla_tto_hours is None:
        ticket.tto_due = ticket.tto_risk_at = None
        return
    target = hours(ticket.sla_tto_hours)
    start = ticket.created_at
    ticket.tto_due = _add(calendar, start, target)
    ticket.tto_risk_at = _add(calendar, start, _at_share(target, AT_RISK_SHARE))
    if ticket.tto_due is None:
        ticket.tto_risk_at = None


def _compute_ttr(ticket: Ticket, calendar: Calendar) -> None:
    if ticket.sla_ttr_hours is None:
        ticket.ttr_due = ticket.ttr_risk_at = None
        return
    # Adding the paused business time to the target gives the instant at which the target is
    # used up, pauses excluded: exact for every instant after the last pause ended, which is
    # all that the state comparisons ask of it.
    paused = timedelta(seconds=ticket.ttr_paused_seconds)
    target = hours(ticket.sla_ttr_hours)
    start = ticket.created_at
    ticket.ttr_due = _add(calendar, start, target + paused)
    ticket.ttr_risk_at = _add(calendar, start, _at_share(target, AT_RISK_SHARE) + paused)
    if ticket.ttr_due is None:
        ticket.ttr_risk_at = None


def start(ticket: Ticket, *, calendar: Calendar | None = None) -> None:
    """At submission: copy the brique's targets for the ticket's priority and set the due
    dates. A brique without a target for this priority gives a ticket without clocks."""
    ticket.sla_priority = ticket.priority
    ticket.sla_tto_hours, ticket.sla_ttr_hours = _targets(ticket)
    ticket.tto_stopped_at = ticket.ttr_paused_since = None
    ticket.tto_breached = ticket.ttr_breached = False
    ticket.ttr_paused_seconds = 0
    if ticket.sla_tto_hours is None and ticket.sla_ttr_hours is None:
        ticket.tto_due = ticket.tto_risk_at = ticket.ttr_due = ticket.ttr_risk_at = None
        return
    calendar = calendar or calendar_for(ticket)
    _compute_tto(ticket, calendar)
    _compute_ttr(ticket, calendar)


def _ttr_should_run(ticket: Ticket) -> bool:
    if ticket.status in (TicketStatus.NEW, TicketStatus.ASSIGNED):
        return True
    return ticket.status == TicketStatus.PENDING and ticket.pending_reason not in PAUSING_REASONS


def follow(ticket: Ticket, *, at: datetime) -> None:
    """Move the clocks after a step changed `ticket` (not yet saved) at `at`."""
    calendar: Calendar | None = None

    if ticket.sla_priority is not None and ticket.priority != ticket.sla_priority:
        # The moderator changed the priority: the targets of the new priority apply.
        ticket.sla_priority = ticket.priority
        ticket.sla_tto_hours, ticket.sla_ttr_hours = _targets(ticket)
        calendar = calendar_for(ticket)
        _compute_tto(ticket, calendar)
        _compute_ttr(ticket, calendar)

    tto_running = ticket.tto_due is not None and ticket.tto_stopped_at is None
    if tto_running and ticket.status != TicketStatus.NEW:
        ticket.tto_stopped_at = at
        ticket.tto_breached = ticket.tto_breached or at >= ticket.tto_due

    if ticket.time_to_own_seconds is None and ticket.status in OWNED_STATUSES:
        calendar = calendar or calendar_for(ticket)
        ticket.time_to_own_seconds = _business_seconds(calendar, ticket.created_at, at)

    # The resolution clock pauses and resumes for every ticket, targets or not: the reports
    # measure the time to resolve of all of them. Only the due dates need targets.
    running = ticket.ttr_paused_since is None
    should_run = _ttr_should_run(ticket)
    if running and not should_run:
        ticket.ttr_paused_since = at
        if ticket.ttr_due is not None and ticket.status not in OPEN_STATUSES:
            # Resolved (or closed) late: record it. A ticket paused late stays open and is
            # escalated by the service-level check (`escalation`).
            ticket.ttr_breached = ticket.ttr_breached or at >= ticket.ttr_due
        if ticket.status == TicketStatus.RESOLVED:
            calendar = calendar or calendar_for(ticket)
            elapsed = _business_seconds(calendar, ticket.created_at, at)
            ticket.time_to_resolve_seconds = max(0, elapsed - ticket.ttr_paused_seconds)
    elif not running and should_run:
        calendar = calendar or calendar_for(ticket)
        paused = business_time_between(calendar, ticket.ttr_paused_since, at)
        ticket.ttr_paused_seconds += int(paused.total_seconds())
        ticket.ttr_paused_since = None
        if ticket.ttr_due is not None:
            _compute_ttr(ticket, calendar)


def _business_seconds(calendar: Calendar, start: datetime, end: datetime) -> int:
    return int(business_time_between(calendar, start, end).total_seconds())


def is_running(ticket: Ticket, clock: str) -> bool:
    """Whether the "tto" or "ttr" clock of `ticket` is counting now."""
    if clock == "tto":
        return ticket.tto_due is not None and ticket.tto_stopped_at is None
    return (
        ticket.ttr_due is not None
        and ticket.ttr_paused_since is None
        and ticket.status in OPEN_STATUSES
    )
