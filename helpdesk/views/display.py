"""How a ticket's state reads for its requester: in words, with what happens next."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ..models import PendingReason, Ticket, TicketStatus

S = TicketStatus


@dataclass(frozen=True)
class StatusDisplay:
    label: str | Promise
    next_step: str | Promise
    # A CSS modifier: badge-ticket-<tone>.
    tone: str


def status_display(ticket: Ticket) -> StatusDisplay:
    if ticket.status == S.NEW:
        return StatusDisplay(
            _("Received"),
            _("The team of this service will review your request and assign it."),
            "new",
        )
    if ticket.status == S.ASSIGNED:
        return StatusDisplay(
            _("In progress"), _("A technician is working on your request."), "progress"
        )
    if ticket.status == S.PENDING:
        if ticket.pending_reason == PendingReason.REQUESTER:
            return StatusDisplay(
                _("Waiting for your answer"),
                _("The technician needs information from you: answer below to continue."),
                "waiting-you",
            )
        return StatusDisplay(
            _("Waiting for a third party"),
            _(
                "The technician is waiting for an external party; work resumes as soon as they "
                "answer."
            ),
            "waiting",
        )
    if ticket.status == S.RESOLVED:
        return StatusDisplay(
            _("Resolved, to confirm"),
            _(
                "Check the solution, then confirm it or reopen the request if the problem "
                "persists. Without an answer, it will be closed automatically."
            ),
            "resolved",
        )
    if ticket.status == S.CLOSED:
        return StatusDisplay(_("Closed"), _("This request is finished."), "closed")
    if ticket.status == S.REJECTED:
        return StatusDisplay(
            _("Rejected"), _("The team could not handle this request; see why below."), "closed"
        )
    return StatusDisplay(_("Cancelled"), _("You cancelled this request."), "closed")
