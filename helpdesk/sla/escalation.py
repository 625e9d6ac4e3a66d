"""The periodic service-level check: warn at 75% of a target, escalate at 100%.

Run by the `sla_check` management command (cron) or the `check_service_levels_task` task.
Which tickets are at risk or breached is read from their stored clocks (`state`), so a run
only acts on news; the queues never wait for it. Each warning and escalation is claimed by
a conditional UPDATE of the ticket's flag before anything is written or sent: running the
check twice, or in two workers at once, writes one history entry and sends one message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.models import OPEN_STATUSES, Ticket, TicketAction, TicketEvent

from .state import tto_at_risk_q, tto_breached_q, ttr_at_risk_q, ttr_breached_q

# Tickets handled per run and kind; the next run takes the rest.
BATCH = 500


@dataclass
class CheckResult:
    warned: int = 0
    escalated: int = 0


def _event(ticket: Ticket, action: str, comment: str, at: datetime) -> None:
    TicketEvent.objects.create(
        ticket=ticket,
        actor=None,
        action=action,
        from_status=ticket.status,
        to_status=ticket.status,
        comment=comment,
        internal=True,
        created_at=at,
    )


def _claim(pk: int, condition: Q, **flags) -> Ticket | None:
    """Set `flags` on the ticket if `condition` still holds; None if another run did. The last
    change moves (not the version: the agents' open forms stay valid), so that the screens
    kept per last change show the event written next (helpdesk/admin_views/screen_cache.py)."""
    if not Ticket.objects.filter(condition, pk=pk).update(**flags, updated_at=timezone.now()):
        return None
    return Ticket.objects.select_related("brique", "assignee", "brique__brique_owner").get(pk=pk)


def warn_at_risk(now: datetime) -> int:
    """At 75%: tell the assignee (the moderators of a ticket nobody owns yet)."""
    from helpdesk.notifications import notify_sla

    count = 0
    for at_risk, flag, text in (
        (tto_at_risk_q(now), "tto_warned", _("75 percent of the time to own is used.")),
        (ttr_at_risk_q(now), "ttr_warned", _("75 percent of the time to resolve is used.")),
    ):
        condition = at_risk & Q(status__in=OPEN_STATUSES, **{flag: False})
        pks = list(Ticket.objects.filter(condition).values_list("pk", flat=True)[:BATCH])
        for pk in pks:
            with transaction.atomic():
                ticket = _claim(pk, condition, **{flag: True})
                if ticket is None:
                    continue
                _event(ticket, TicketAction.SLA_AT_RISK, str(text), now)
                notify_sla(ticket, breached=False, detail=str(text))
                count += 1
    return count


def _newly_breached(now: datetime) -> tuple[tuple[Q, str, str], ...]:
    """Per clock: the condition of an open ticket whose clock has reached its due date and
    was not escalated yet, the flag that records it, and the words for the history. A ticket
    paused after its due date is escalated too; a ticket owned or resolved late is not (the
    services record that breach, and the work is done)."""
    return (
        (
            tto_breached_q(now) & Q(tto_stopped_at__isnull=True, tto_breached=False),
            "tto_breached",
            _("The time to own is exceeded."),
        ),
        (
            ttr_breached_q(now) & Q(ttr_breached=False),
            "ttr_breached",
            _("The time to resolve is exceeded."),
        ),
    )


def escalate_breaches(now: datetime) -> int:
    """At 100% of a clock: record the breach, flag the ticket as escalated (the first time)
    and tell the brique's moderators and owner (and the assignee). One message per ticket and
    run, naming each clock newly breached (time to own, then time to resolve, are escalated
    each in its turn, as iTop's escalated_tto and escalated_ttr)."""
    from helpdesk.notifications import notify_sla

    clocks = _newly_breached(now)
    any_clock = Q(pk__in=[])
    for condition, _flag, _text in clocks:
        any_clock |= condition
    pks = list(
        Ticket.objects.filter(any_clock, status__in=OPEN_STATUSES).values_list("pk", flat=True)[
            :BATCH
        ]
    )
    count = 0
    for pk in pks:
        with transaction.atomic():
            texts = [
                str(text)
                for condition, flag, text in clocks
                if Ticket.objects.filter(condition, pk=pk, status__in=OPEN_STATUSES).update(
                    **{flag: True}, updated_at=timezone.now()
                )
            ]
            if not texts:  # another run claimed them
                continue
            Ticket.objects.filter(pk=pk, sla_escalated_at__isnull=True).update(sla_escalated_at=now)
            ticket = Ticket.objects.select_related(
                "brique", "assignee", "brique__brique_owner"
            ).get(pk=pk)
            detail = " ".join(texts)
            _event(ticket, TicketAction.SLA_BREACHED, detail, now)
            notify_sla(ticket, breached=True, detail=detail)
            count += 1
    return count


def check_service_levels(now: datetime | None = None) -> CheckResult:
    """One pass: escalations first (a ticket found breached is not warned as well)."""
    now = now or timezone.now()
    escalated = escalate_breaches(now)
    return CheckResult(warned=warn_at_risk(now), escalated=escalated)
