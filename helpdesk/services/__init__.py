"""Every state change of a ticket, one function per business step.

Pages, bulk actions, the API, e-mail and timers call these and nothing else writes a ticket.
Each function locks the ticket row, checks the actor's right and the ticket's state
(`helpdesk.policies`), refuses a stale version, writes the history, and advances the Viewflow
process when the step completes one of its tasks.
"""

from .tickets import (
    StaleTicket,
    add_note,
    add_reply,
    cancel_ticket,
    close_ticket,
    confirm_resolution,
    escalate_to_provider,
    mark_duplicate,
    put_on_hold,
    qualify_ticket,
    reassign_ticket,
    reject_ticket,
    reopen_ticket,
    resolve_ticket,
    resume_ticket,
    submit_ticket,
    take_ticket,
)

__all__ = [
    "StaleTicket",
    "add_note",
    "add_reply",
    "cancel_ticket",
    "close_ticket",
    "confirm_resolution",
    "escalate_to_provider",
    "mark_duplicate",
    "put_on_hold",
    "qualify_ticket",
    "reassign_ticket",
    "reject_ticket",
    "reopen_ticket",
    "resolve_ticket",
    "resume_ticket",
    "submit_ticket",
    "take_ticket",
]
