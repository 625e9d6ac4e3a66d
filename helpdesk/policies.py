"""Who may do what to a ticket, in which state. The one place the rules live: views show only
the actions `allowed_actions` returns, and every service checks `ensure_allowed` again."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.models import ChainRole, User

from .models import Ticket, TicketAction, TicketStatus
from .models.querysets import chain_entries, is_helpdesk_admin

S = TicketStatus
A = TicketAction

# The states in which each action makes sense.
ACTION_STATES: dict[str, set[str]] = {
    A.QUALIFY: {S.NEW},
    A.TAKE: {S.NEW},
    A.REJECT: {S.NEW},
    A.MARK_DUPLICATE: {S.NEW, S.ASSIGNED, S.PENDING},
    A.REASSIGN: {S.ASSIGNED, S.PENDING},
    A.REPLY: {S.NEW, S.ASSIGNED, S.PENDING, S.RESOLVED},
    A.NOTE: {S.NEW, S.ASSIGNED, S.PENDING, S.RESOLVED, S.CLOSED, S.REJECTED, S.CANCELLED},
    A.PUT_ON_HOLD: {S.ASSIGNED},
    A.RESUME: {S.PENDING},
    A.ESCALATE: {S.ASSIGNED, S.PENDING},
    A.RESOLVE: {S.ASSIGNED, S.PENDING},
    A.CANCEL: {S.NEW, S.ASSIGNED, S.PENDING},
    A.CONFIRM: {S.RESOLVED},
    A.REOPEN: {S.RESOLVED},
    A.CLOSE: {S.RESOLVED},
}

REQUESTER_ACTIONS = {A.REPLY, A.CANCEL, A.CONFIRM, A.REOPEN}
WATCHER_ACTIONS = {A.REPLY}
# A technician of the chain who is not the assignee may contribute, not drive.
CHAIN_TECHNICIAN_ACTIONS = {A.REPLY, A.NOTE}
ASSIGNEE_ACTIONS = {A.REPLY, A.NOTE, A.PUT_ON_HOLD, A.RESUME, A.ESCALATE, A.RESOLVE, A.REASSIGN}
MODERATOR_ACTIONS = {
    A.QUALIFY,
    A.TAKE,
    A.REJECT,
    A.MARK_DUPLICATE,
    A.REASSIGN,
    A.REPLY,
    A.NOTE,
    A.PUT_ON_HOLD,
    A.RESUME,
    A.ESCALATE,
    A.RESOLVE,
}


class ActionNotAllowed(Exception):
    """The action is not open to this person in the ticket's current state."""

    def __init__(self, message=None):
        super().__init__(message or _("This action is not possible on this ticket now."))


def _chain_roles(user: User, ticket: Ticket) -> set[str]:
    return {
        role
        for brique_id, establishment_id, role in chain_entries(user)
        if brique_id == ticket.brique_id
        and (establishment_id is None or establishment_id == ticket.establishment_id)
    }


def _watches(user: User, ticket: Ticket) -> bool:
    email = user.email.lower()
    prefetched = getattr(ticket, "_prefetched_objects_cache", {}).get("watchers")
    if prefetched is not None:
        return any(watcher.email == email for watcher in prefetched)
    return ticket.watchers.filter(email=email).exists()


def is_staff_for(user: User, ticket: Ticket) -> bool:
    """True for the people who treat this ticket: chain members, its assignee, admins."""
    if not user.is_authenticated:
        return False
    return (
        is_helpdesk_admin(user)
        or ticket.assignee_id == user.pk
        or ticket.moderator_id == user.pk
        or bool(_chain_roles(user, ticket))
    )


def role_actions(user: User, ticket: Ticket) -> set[str]:
    """The actions `user`'s standing on `ticket` (requester, watcher, chain, assignee, admin)
    gives, whatever its state. The API tells "never yours" (403) from "not now" (409) by it."""
    if not user.is_authenticated:
        return set()
    granted: set[str] = set()
    if ticket.requester_id == user.pk:
        granted |= REQUESTER_ACTIONS
    elif user.email and _watches(user, ticket):
        granted |= WATCHER_ACTIONS
    roles = _chain_roles(user, ticket)
    if is_helpdesk_admin(user) or ChainRole.MODERATOR in roles or ticket.moderator_id == user.pk:
        granted |= MODERATOR_ACTIONS
    if ticket.assignee_id == user.pk:
        granted |= ASSIGNEE_ACTIONS
    if ChainRole.TECHNICIAN in roles:
        granted |= CHAIN_TECHNICIAN_ACTIONS
    if not roles:
        # Taking a ticket means being assigned it: only people of the chain can be.
        granted.discard(A.TAKE)
    return granted


def allowed_actions(user: User, ticket: Ticket) -> set[str]:
    """The actions `user` may take on `ticket` now."""
    return {
        action for action in role_actions(user, ticket) if ticket.status in ACTION_STATES[action]
    }


def ensure_allowed(user: User | None, ticket: Ticket, action: str) -> None:
    """Raise ActionNotAllowed unless `user` may do `action` now. `None` is the system (timers,
    automatic steps), which is held to the state rules only."""
    if ticket.status not in ACTION_STATES[action]:
        raise ActionNotAllowed()
    if user is not None and action not in allowed_actions(user, ticket):
        raise ActionNotAllowed()
