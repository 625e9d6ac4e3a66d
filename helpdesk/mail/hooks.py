"""Where ticket e-mails start: every step of a ticket writes one history entry
(`TicketEvent`), so one receiver on those writes decides who hears of what, in the same
transaction, for delivery after commit. The ticket services need no call of their own, and
the automatic steps and the service-level check are covered like a human action."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.signals import post_save

from ..models import Ticket, TicketAction, TicketEvent
from . import recipients as people
from .kinds import MailKind
from .sending import schedule

A = TicketAction

_silenced: contextvars.ContextVar[bool] = contextvars.ContextVar("mail_silenced", default=False)


@contextmanager
def silenced() -> Iterator[None]:
    """No ticket e-mail for what happens inside (the demo's back-dated tickets, imports)."""
    token = _silenced.set(True)
    try:
        yield
    finally:
        _silenced.reset(token)


def _is_staff(actor, ticket: Ticket) -> bool:
    from ..policies import is_staff_for

    return actor is not None and is_staff_for(actor, ticket)


def _resolving_problem() -> bool:
    """True while a problem resolves its incidents: their requesters get one "problem
    resolved" message instead of one "resolved" per ticket."""
    try:
        from ..services.problems import resolving_problem
    except ImportError:  # pragma: no cover - problems not installed
        return False
    return resolving_problem.get() is not None


def plan(event: TicketEvent) -> list[tuple[str, list]]:
    """(kind, recipients) for a history entry, before preferences and the actor are left
    out. Internal entries (notes, qualification comments, provider escalations) only ever
    produce messages that do not quote them."""
    ticket = event.ticket
    action = event.action
    if action == A.SUBMIT:
        return [(MailKind.RECEIVED, people.requester_side(ticket))]
    if action in (A.QUALIFY, A.REASSIGN):
        return [(MailKind.ASSIGNED, people.of_users([ticket.assignee]))]
    if action == A.REPLY:
        if _is_staff(event.actor, ticket) and event.actor_id != ticket.requester_id:
            return [(MailKind.REPLY, people.requester_side(ticket))]
        return [(MailKind.REPLY, people.staff_side(ticket))]
    if action == A.PUT_ON_HOLD and not event.internal:
        return [(MailKind.WAITING, people.of_users([ticket.requester]))]
    if action == A.RESOLVE and not _resolving_problem():
        return [(MailKind.RESOLVED, people.requester_side(ticket))]
    if action == A.REOPEN:
        return [(MailKind.REOPENED, people.staff_side(ticket))]
    if action in (A.CLOSE, A.REJECT, A.MARK_DUPLICATE):
        return [(MailKind.CLOSED, people.requester_side(ticket))]
    if action == A.CONFIRM:
        return [(MailKind.CLOSED, people.staff_side(ticket))]
    if action == A.SLA_AT_RISK:
        return [(MailKind.SLA_AT_RISK, people.sla_people(ticket, breached=False))]
    if action == A.SLA_BREACHED:
        return [(MailKind.SLA_BREACHED, people.sla_people(ticket, breached=True))]
    return []


def ticket_event_written(sender, instance: TicketEvent, created: bool, raw=False, **kwargs):
    if not created or raw or _silenced.get():
        return
    ticket = Ticket.objects.select_related("brique__brique_owner", "requester", "assignee").get(
        pk=instance.ticket_id
    )
    instance.ticket = ticket
    # Whoever acted does not hear of it, except the requester's own receipt.
    actor = None if instance.action == A.SUBMIT else instance.actor
    for kind, found in plan(instance):
        schedule(
            kind,
            f"event:{instance.pk}",
            people.keep(found, kind, exclude=actor),
            ticket_id=ticket.pk,
            event_id=instance.pk,
        )


def problem_was_resolved(sender, problem, requesters, **kwargs):
    """Each requester of the incidents a problem resolved hears of it once, whatever the
    number of their tickets. Sent by the problems service after its commit."""
    if _silenced.get():
        return
    key = f"problem:{problem.pk}:{problem.resolved_at.timestamp() if problem.resolved_at else 0}"
    for requester, tickets in requesters.items():
        found = people.keep(people.of_users([requester]), MailKind.PROBLEM_RESOLVED)
        schedule(
            MailKind.PROBLEM_RESOLVED,
            key,
            found,
            problem_id=problem.pk,
            ticket_ids=sorted(t.pk for t in tickets),
        )


def connect() -> None:
    post_save.connect(ticket_event_written, sender=TicketEvent, dispatch_uid="helpdesk.mail")
    try:
        from ..services.problems import problem_resolved
    except ImportError:  # pragma: no cover - problems not installed
        return
    problem_resolved.connect(problem_was_resolved, dispatch_uid="helpdesk.mail.problems")
