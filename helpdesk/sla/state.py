"""Where a ticket stands against its service levels, read from the stored clock fields at
any instant: on time, at risk (75% of a target used) or breached. The same rules exist twice,
once in Python for one ticket (`sla_state`) and once as database conditions for querysets
(`breached_q`, `at_risk_q`, `with_sla_state`), so queues and reports filter and count without
a Python loop; the tests check that both agree.

- A running clock is breached once its due date is reached, at risk once its 75% instant is.
- A paused time to resolve (the ticket waits for its requester or a third party) keeps the
  state it had when the pause began: it cannot get worse while paused.
- A stopped clock (owned; resolved or closed) is breached if it stopped after its due date,
  otherwise met (shown as on time); "at risk" concerns open work only.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpdesk.models import OPEN_STATUSES, Ticket, TicketStatus


class SlaState(models.TextChoices):
    NONE = "none", _("No service level")
    ON_TIME = "on_time", _("On time")
    AT_RISK = "at_risk", _("At risk")
    BREACHED = "breached", _("Breached")


_SEVERITY = [SlaState.NONE, SlaState.ON_TIME, SlaState.AT_RISK, SlaState.BREACHED]


def tto_state(ticket: Ticket, now: datetime) -> SlaState:
    if ticket.tto_due is None:
        return SlaState.NONE
    reference = ticket.tto_stopped_at or now
    if ticket.tto_breached or reference >= ticket.tto_due:
        return SlaState.BREACHED
    if ticket.tto_stopped_at is None and now >= ticket.tto_risk_at:
        return SlaState.AT_RISK
    return SlaState.ON_TIME


def ttr_state(ticket: Ticket, now: datetime) -> SlaState:
    if ticket.ttr_due is None:
        return SlaState.NONE
    reference = ticket.ttr_paused_since or now
    if ticket.ttr_breached or reference >= ticket.ttr_due:
        return SlaState.BREACHED
    if ticket.status in OPEN_STATUSES and reference >= ticket.ttr_risk_at:
        return SlaState.AT_RISK
    return SlaState.ON_TIME


def sla_state(ticket: Ticket, now: datetime | None = None) -> SlaState:
    """The worse of the ticket's two clocks at `now` (the current time by default)."""
    now = now or timezone.now()
    return max(tto_state(ticket, now), ttr_state(ticket, now), key=_SEVERITY.index)


def next_change(tickets, now: datetime) -> datetime | None:
    """The first instant after `now` where the state of one of these tickets may change on its
    own (a 75% instant or a due date is reached), None if none will: how long a rendering of
    their states stays true."""
    instants = [
        instant
        for ticket in tickets
        for instant in (ticket.tto_risk_at, ticket.tto_due, ticket.ttr_risk_at, ticket.ttr_due)
        if instant is not None and instant > now
    ]
    return min(instants, default=None)


# --- the same rules in the database ---------------------------------------------------------


def tto_breached_q(now: datetime) -> Q:
    return Q(tto_breached=True) | (
        Q(tto_due__isnull=False)
        & (Q(tto_stopped_at__isnull=True, tto_due__lte=now) | Q(tto_stopped_at__gte=F("tto_due")))
    )


def ttr_breached_q(now: datetime) -> Q:
    return Q(ttr_breached=True) | (
        Q(ttr_due__isnull=False)
        & (
            Q(ttr_paused_since__isnull=True, ttr_due__lte=now)
            | Q(ttr_paused_since__gte=F("ttr_due"))
        )
    )


def breached_q(now: datetime) -> Q:
    return tto_breached_q(now) | ttr_breached_q(now)


def tto_at_risk_q(now: datetime) -> Q:
    """The time to own is running, past 75% and not yet breached."""
    return Q(tto_stopped_at__isnull=True, tto_risk_at__lte=now) & ~tto_breached_q(now)


def ttr_at_risk_q(now: datetime) -> Q:
    """The ticket is open, its time to resolve past 75% (at the pause, if paused) and not
    yet breached."""
    reached = Q(ttr_paused_since__isnull=True, ttr_risk_at__lte=now) | Q(
        ttr_paused_since__gte=F("ttr_risk_at")
    )
    return Q(status__in=OPEN_STATUSES) & reached & ~ttr_breached_q(now)


def at_risk_q(now: datetime) -> Q:
    """At risk and not breached (on either clock)."""
    return (tto_at_risk_q(now) | ttr_at_risk_q(now)) & ~breached_q(now)


def with_sla_state(queryset: QuerySet[Ticket], now: datetime | None = None) -> QuerySet[Ticket]:
    """Annotate `sla_state` (a `SlaState` value) for filtering, counting and ordering."""
    now = now or timezone.now()
    return queryset.annotate(
        sla_state=Case(
            When(breached_q(now), then=Value(SlaState.BREACHED.value)),
            When(at_risk_q(now), then=Value(SlaState.AT_RISK.value)),
            When(
                Q(tto_due__isnull=False) | Q(ttr_due__isnull=False),
                then=Value(SlaState.ON_TIME.value),
            ),
            default=Value(SlaState.NONE.value),
            output_field=models.CharField(max_length=10),
        )
    )


def filter_sla_state(
    queryset: QuerySet[Ticket], state: str, now: datetime | None = None
) -> QuerySet[Ticket]:
    """Tickets in `state` ("on_time", "at_risk", "breached", "none"), with plain conditions
    (no annotation), for queue filters and report counts."""
    now = now or timezone.now()
    if state == SlaState.BREACHED:
        return queryset.filter(breached_q(now))
    if state == SlaState.AT_RISK:
        return queryset.filter(at_risk_q(now))
    if state == SlaState.NONE:
        return queryset.filter(tto_due__isnull=True, ttr_due__isnull=True)
    if state == SlaState.ON_TIME:
        return queryset.filter(Q(tto_due__isnull=False) | Q(ttr_due__isnull=False)).exclude(
            breached_q(now) | at_risk_q(now)
        )
    raise ValueError(f"Unknown service-level state: {state!r}")


def clock_paused(ticket: Ticket) -> bool:
    """The time to resolve is paused on an open ticket (waiting): its due date will move."""
    return ticket.ttr_paused_since is not None and ticket.status == TicketStatus.PENDING


class TargetOutcome(models.TextChoices):
    """How a stopped clock ended against its target, as the reports count it: the time to own
    of a ticket taken in charge, the time to resolve of a resolved ticket."""

    TTO_TARGET = "tto_target", _("With a time-to-own target")
    TTO_MET = "tto_met", _("Time to own within target")
    TTO_MISSED = "tto_missed", _("Time to own over target")
    TTR_TARGET = "ttr_target", _("With a time-to-resolve target")
    TTR_MET = "ttr_met", _("Time to resolve within target")
    TTR_MISSED = "ttr_missed", _("Time to resolve over target")


def with_target_q(clock: str) -> Q:
    """Tickets whose `clock` ("tto" or "ttr") had a target and has stopped: the reports'
    denominators of "service levels met"."""
    if clock == "tto":
        return Q(sla_tto_hours__isnull=False, tto_stopped_at__isnull=False)
    return Q(sla_ttr_hours__isnull=False, resolved_at__isnull=False)


def target_outcome_q(outcome: str) -> Q:
    """Tickets whose stopped clock had a target, met it or missed it: see `TargetOutcome`."""
    clock, result = outcome.split("_")
    if result == "target":
        return with_target_q(clock)
    return with_target_q(clock) & Q(**{f"{clock}_breached": result == "missed"})
