"""The business steps of a ticket's life. See the package docstring for the contract."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.status import STATUS

from portal.models import BriquePage, Category, Provider, User

from ..flows import TicketFlow
from ..models import (
    PendingReason,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketKind,
    TicketMessage,
    TicketStatus,
    TicketWatcher,
    priority_for,
)
from ..policies import ensure_allowed
from ..sla import clock as sla_clock
from .article_links import link_helpful_articles
from .attachments import store_attachments

A = TicketAction
S = TicketStatus


class StaleTicket(Exception):
    """Someone else changed the ticket since the form was shown: nothing was overwritten."""

    def __init__(self):
        super().__init__(
            _(
                "This ticket was changed by someone else in the meantime. Review the latest "
                "version below, then try again."
            )
        )


# --- internals ------------------------------------------------------------------------------


def _lock(ticket: Ticket, actor: User | None, action: str, version: int | None) -> Ticket:
    """Lock the ticket row, then check freshness and rights on what is really stored."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if version is not None and locked.version != version:
        raise StaleTicket()
    ensure_allowed(actor, locked, action)
    return locked


def _record(
    ticket: Ticket,
    actor: User | None,
    action: str,
    from_status: str,
    *,
    at: datetime,
    comment: str = "",
    internal: bool = False,
) -> None:
    sla_clock.follow(ticket, at=at)
    ticket.version += 1
    ticket.save()
    TicketEvent.objects.create(
        ticket=ticket,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=ticket.status,
        comment=comment,
        internal=internal,
        created_at=at,
    )


def _complete(ticket: Ticket, node) -> None:
    """Complete the open Viewflow task of `node`, which moves the process along the chart."""
    task = ticket.process.task_set.filter(flow_task=node, status=STATUS.NEW).first()
    if task is None:  # pragma: no cover - would mean process and ticket disagree
        raise RuntimeError(f"Ticket {ticket.pk} has no open {node} task.")
    node.run(task)


def _refresh(target: Ticket, source: Ticket) -> Ticket:
    """Copy the saved state back into the caller's instance, so callers see the change."""
    target.__dict__.update({k: v for k, v in source.__dict__.items() if not k.startswith("_")})
    return target


def _message(
    ticket: Ticket,
    author: User | None,
    body: str,
    *,
    internal: bool,
    at: datetime,
    files: Sequence[UploadedFile] = (),
) -> TicketMessage:
    message = TicketMessage.objects.create(
        ticket=ticket, author=author, body=body, internal=internal, created_at=at
    )
    if files:
        store_attachments(ticket, files, author=author, message=message, at=at, internal=internal)
    return message


def _require(text: str, field: str, message) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


# --- submission -------------------------------------------------------------------------------


@transaction.atomic
def submit_ticket(
    requester: User,
    *,
    brique: BriquePage,
    kind: str,
    title: str,
    description: str,
    impact: int,
    urgency: int,
    category: Category | None = None,
    watchers: Iterable[str] = (),
    files: Sequence[UploadedFile] = (),
    at: datetime | None = None,
) -> Ticket:
    """A requester files a ticket: it gets its reference at once and waits for a moderator."""
    at = at or timezone.now()
    if category is not None and category.brique_id != brique.pk:
        raise ValidationError({"category": _("Choose a category of this brique.")})
    if kind not in TicketKind.values:
        raise ValidationError({"kind": _("Choose the kind of request.")})
    ticket = Ticket.objects.create(
        kind=kind,
        brique=brique,
        category=category,
        title=_require(title, "title", _("Give your request a title.")),
        description=_require(description, "description", _("Describe your request.")),
        impact=impact,
        urgency=urgency,
        priority=priority_for(impact, urgency),
        requester=requester,
        establishment_id=requester.establishment_id,
        requester_affiliation=requester.affiliation,
        created_at=at,
    )
    ticket.reference = f"R-{ticket.pk:06d}"
    sla_clock.start(ticket)
    ticket.save(update_fields=["reference", *sla_clock.FIELDS])
    emails = {email.strip().lower() for email in watchers if email and email.strip()}
    emails.discard((requester.email or "").lower())
    TicketWatcher.objects.bulk_create(TicketWatcher(ticket=ticket, email=e) for e in sorted(emails))
    if files:
        store_attachments(ticket, files, author=requester, message=None, at=at)
    TicketEvent.objects.create(
        ticket=ticket,
        actor=requester,
        action=A.SUBMIT,
        from_status="",
        to_status=S.NEW,
        created_at=at,
    )
    TicketFlow.submit.run(ticket=ticket)
    ticket.refresh_from_db()
    return ticket


# --- moderation -------------------------------------------------------------------------------


@transaction.atomic
def qualify_ticket(
    actor: User,
    ticket: Ticket,
    *,
    assignee: User,
    kind: str | None = None,
    category: Category | None = None,
    impact: int | None = None,
    urgency: int | None = None,
    priority: int | None = None,
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """A moderator accepts a new ticket (kind, category and priority confirmed or changed) and
    dispatches it to a technician of the chain, or to themselves."""
    from ..selectors import assignable_people

    at = at or timezone.now()
    action = A.TAKE if assignee.pk == actor.pk else A.QUALIFY
    locked = _lock(ticket, actor, action, version)
    if not assignable_people(locked).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Choose a person of this brique's chain.")})
    if category is not None and category.brique_id != locked.brique_id:
        raise ValidationError({"category": _("Choose a category of this brique.")})
    from_status = locked.status
    locked.kind = kind or locked.kind
    locked.category = category or locked.category
    locked.impact = impact or locked.impact
    locked.urgency = urgency or locked.urgency
    locked.priority = priority or priority_for(locked.impact, locked.urgency)
    locked.assignee = assignee
    locked.moderator = actor
    locked.status = S.ASSIGNED
    locked.assigned_at = locked.assigned_at or at
    _record(locked, actor, action, from_status, at=at, comment=comment, internal=True)
    _complete(locked, TicketFlow.triage)
    return _refresh(ticket, locked)


def take_ticket(actor: User, ticket: Ticket, **kwargs) -> Ticket:
    """A moderator treats the ticket themselves."""
    return qualify_ticket(actor, ticket, assignee=actor, **kwargs)


@transaction.atomic
def reject_ticket(
    actor: User,
    ticket: Ticket,
    *,
    reason: str,
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """A moderator refuses a new ticket (out of scope, not for this brique...), with a reason
    the requester reads."""
    at = at or timezone.now()
    reason = _require(reason, "reason", _("Explain to the requester why the ticket is rejected."))
    locked = _lock(ticket, actor, A.REJECT, version)
    from_status = locked.status
    locked.status = S.REJECTED
    locked.moderator = actor
    locked.closed_at = at
    _message(locked, actor, reason, internal=False, at=at)
    _record(locked, actor, A.REJECT, from_status, at=at, comment=reason)
    _complete(locked, TicketFlow.triage)
    return _refresh(ticket, locked)


@transaction.atomic
def mark_duplicate(
    actor: User,
    ticket: Ticket,
    *,
    original: Ticket,
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """The same request is already being handled in `original`: close this one, pointing there."""
    at = at or timezone.now()
    locked = _lock(ticket, actor, A.MARK_DUPLICATE, version)
    if original.pk == locked.pk or original.brique_id != locked.brique_id:
        raise ValidationError({"original": _("Choose another ticket of the same brique.")})
    from_status = locked.status
    node = TicketFlow.triage if from_status == S.NEW else TicketFlow.treat
    locked.status = S.CLOSED
    locked.duplicate_of = original
    locked.moderator = locked.moderator or actor
    locked.closed_at = at
    text = comment or str(
        _("This request is already handled in ticket %(reference)s.")
        % {"reference": original.reference}
    )
    _message(locked, actor, text, internal=False, at=at)
    _record(locked, actor, A.MARK_DUPLICATE, from_status, at=at, comment=text)
    _complete(locked, node)
    return _refresh(ticket, locked)


@transaction.atomic
def reassign_ticket(
    actor: User,
    ticket: Ticket,
    *,
    assignee: User,
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """The moderator reassigns, or the technician hands over to a colleague of the chain."""
    from ..selectors import assignable_people

    at = at or timezone.now()
    locked = _lock(ticket, actor, A.REASSIGN, version)
    if not assignable_people(locked).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Choose a person of this brique's chain.")})
    if assignee.pk == locked.assignee_id:
        raise ValidationError({"assignee": _("The ticket is already assigned to this person.")})
    from_status = locked.status
    locked.assignee = assignee
    _record(locked, actor, A.REASSIGN, from_status, at=at, comment=comment, internal=True)
    return _refresh(ticket, locked)


# --- conversation -----------------------------------------------------------------------------


@transaction.atomic
def add_reply(
    actor: User,
    ticket: Ticket,
    *,
    body: str,
    files: Sequence[UploadedFile] = (),
    version: int | None = None,
    at: datetime | None = None,
) -> TicketMessage:
    """A public reply, by the requester, a colleague kept informed or staff. When the ticket
    waits for its requester, their reply puts it back in the technician's hands."""
    at = at or timezone.now()
    body = _require(body, "body", _("Write your message."))
    locked = _lock(ticket, actor, A.REPLY, version)
    message = _message(locked, actor, body, internal=False, at=at, files=files)
    from_status = locked.status
    from_requester_side = not _is_staff(actor, locked)
    if (
        from_requester_side
        and locked.status == S.PENDING
        and locked.pending_reason == PendingReason.REQUESTER
    ):
        locked.status = S.ASSIGNED
        locked.pending_reason = ""
        _record(locked, actor, A.REPLY, from_status, at=at)
        TicketEvent.objects.create(
            ticket=locked,
            actor=None,
            action=A.RESUME,
            from_status=from_status,
            to_status=S.ASSIGNED,
            comment=str(_("The requester answered.")),
            created_at=at,
        )
    else:
        _record(locked, actor, A.REPLY, from_status, at=at)
    _refresh(ticket, locked)
    return message


@transaction.atomic
def add_note(
    actor: User,
    ticket: Ticket,
    *,
    body: str,
    files: Sequence[UploadedFile] = (),
    version: int | None = None,
    at: datetime | None = None,
) -> TicketMessage:
    """An internal note: staff alone read it, anywhere."""
    at = at or timezone.now()
    body = _require(body, "body", _("Write your note."))
    locked = _lock(ticket, actor, A.NOTE, version)
    message = _message(locked, actor, body, internal=True, at=at, files=files)
    _record(locked, actor, A.NOTE, locked.status, at=at, internal=True)
    _refresh(ticket, locked)
    return message


def _is_staff(user: User, ticket: Ticket) -> bool:
    from ..policies import is_staff_for

    return is_staff_for(user, ticket)


# --- treatment --------------------------------------------------------------------------------


@transaction.atomic
def put_on_hold(
    actor: User,
    ticket: Ticket,
    *,
    reason: str,
    comment: str,
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """Wait for the requester, a provider or a third party; the resolution clock pauses. When
    waiting for the requester, the comment is the question they receive."""
    at = at or timezone.now()
    if reason not in PendingReason.values:
        raise ValidationError({"reason": _("Say what the ticket is waiting for.")})
    comment = _require(comment, "comment", _("Say what is expected, and from whom."))
    locked = _lock(ticket, actor, A.PUT_ON_HOLD, version)
    from_status = locked.status
    locked.status = S.PENDING
    locked.pending_reason = reason
    internal = reason != PendingReason.REQUESTER
    _message(locked, actor, comment, internal=internal, at=at)
    _record(locked, actor, A.PUT_ON_HOLD, from_status, at=at, comment=comment, internal=internal)
    return _refresh(ticket, locked)


@transaction.atomic
def resume_ticket(
    actor: User | None,
    ticket: Ticket,
    *,
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """The awaited answer came: the ticket is worked on again and its clock restarts."""
    at = at or timezone.now()
    locked = _lock(ticket, actor, A.RESUME, version)
    from_status = locked.status
    locked.status = S.ASSIGNED
    locked.pending_reason = ""
    _record(locked, actor, A.RESUME, from_status, at=at, comment=comment, internal=True)
    return _refresh(ticket, locked)


@transaction.atomic
def escalate_to_provider(
    actor: User,
    ticket: Ticket,
    *,
    provider: Provider,
    provider_reference: str = "",
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """The technician hands the problem to an external provider of the brique and waits."""
    at = at or timezone.now()
    locked = _lock(ticket, actor, A.ESCALATE, version)
    if not locked.brique.providers.filter(provider=provider).exists():
        raise ValidationError({"provider": _("Choose a provider under contract for this brique.")})
    from_status = locked.status
    locked.provider = provider
    locked.provider_reference = provider_reference.strip()
    locked.status = S.PENDING
    locked.pending_reason = PendingReason.PROVIDER
    text = comment or str(provider)
    _record(locked, actor, A.ESCALATE, from_status, at=at, comment=text, internal=True)
    return _refresh(ticket, locked)


@transaction.atomic
def resolve_ticket(
    actor: User | None,
    ticket: Ticket,
    *,
    solution: str,
    resolution_code: str,
    version: int | None = None,
    at: datetime | None = None,
    articles: Iterable = (),
) -> Ticket:
    """The technician resolves with a solution the requester reads and a resolution code; the
    requester then confirms or reopens. `articles`: knowledge articles that helped (optional)."""
    from ..models import ResolutionCode

    at = at or timezone.now()
    solution = _require(solution, "solution", _("Describe the solution for the requester."))
    if resolution_code not in ResolutionCode.values:
        raise ValidationError({"resolution_code": _("Choose a resolution code.")})
    locked = _lock(ticket, actor, A.RESOLVE, version)
    from_status = locked.status
    locked.status = S.RESOLVED
    locked.pending_reason = ""
    locked.solution = solution
    locked.resolution_code = resolution_code
    locked.resolved_at = at
    _message(locked, actor, solution, internal=False, at=at)
    _record(locked, actor, A.RESOLVE, from_status, at=at, comment=solution)
    link_helpful_articles(locked, articles, actor=actor, at=at)
    _complete(locked, TicketFlow.treat)
    return _refresh(ticket, locked)


# --- requester's decisions --------------------------------------------------------------------


@transaction.atomic
def cancel_ticket(
    actor: User,
    ticket: Ticket,
    *,
    reason: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """The requester withdraws the request before it is resolved."""
    at = at or timezone.now()
    locked = _lock(ticket, actor, A.CANCEL, version)
    from_status = locked.status
    node = TicketFlow.triage if from_status == S.NEW else TicketFlow.treat
    locked.status = S.CANCELLED
    locked.pending_reason = ""
    locked.closed_at = at
    _record(locked, actor, A.CANCEL, from_status, at=at, comment=reason)
    _complete(locked, node)
    return _refresh(ticket, locked)


@transaction.atomic
def confirm_resolution(
    actor: User,
    ticket: Ticket,
    *,
    rating: int,
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """The requester confirms the resolution with a satisfaction rating (1 to 4): closed."""
    at = at or timezone.now()
    if int(rating) not in (1, 2, 3, 4):
        raise ValidationError({"rating": _("Give a rating from 1 to 4.")})
    locked = _lock(ticket, actor, A.CONFIRM, version)
    from_status = locked.status
    locked.status = S.CLOSED
    locked.satisfaction = int(rating)
    locked.satisfaction_comment = comment.strip()
    locked.closed_at = at
    _record(locked, actor, A.CONFIRM, from_status, at=at, comment=comment)
    _complete(locked, TicketFlow.confirm)
    return _refresh(ticket, locked)


@transaction.atomic
def reopen_ticket(
    actor: User,
    ticket: Ticket,
    *,
    reason: str,
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """The requester says the problem is not solved: back to the technician, with the reason."""
    at = at or timezone.now()
    reason = _require(reason, "reason", _("Explain what is still not working."))
    locked = _lock(ticket, actor, A.REOPEN, version)
    from_status = locked.status
    locked.status = S.ASSIGNED
    locked.reopen_count += 1
    locked.resolved_at = None
    _message(locked, actor, reason, internal=False, at=at)
    _record(locked, actor, A.REOPEN, from_status, at=at, comment=reason)
    _complete(locked, TicketFlow.confirm)
    return _refresh(ticket, locked)


@transaction.atomic
def close_ticket(
    actor: User | None,
    ticket: Ticket,
    *,
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Ticket:
    """Close a resolved ticket without the requester's answer (the automatic close after the
    delay is this step, done by the system)."""
    at = at or timezone.now()
    locked = _lock(ticket, actor, A.CLOSE, version)
    from_status = locked.status
    locked.status = S.CLOSED
    locked.closed_at = at
    _record(locked, actor, A.CLOSE, from_status, at=at, comment=comment)
    _complete(locked, TicketFlow.confirm)
    return _refresh(ticket, locked)
