"""Where the confirm/reopen links of a "resolved" e-mail land.

The link names one resolution (its history entry) and one decision, signed. Following it
changes nothing: the signed-in requester is taken to the decision form of their ticket page,
which asks for the rating or the reason and acts through the usual service. A link used
after the decision, after a later resolution or closure, or by someone else ends on a page
that says so."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Ticket, TicketAction, TicketEvent, TicketStatus
from .links import CONFIRM, read_resolution_token


def _refused(request: HttpRequest, message: str, ticket: Ticket | None, status: int):
    return render(
        request,
        "helpdesk/mail/link_refused.html",
        {"message": message, "ticket": ticket},
        status=status,
    )


@login_required
def resolution_link(request: HttpRequest, reference: str, token: str) -> HttpResponse:
    decoded = read_resolution_token(token)
    event = None
    if decoded is not None:
        event = (
            TicketEvent.objects.select_related("ticket")
            .filter(pk=decoded[0], action=TicketAction.RESOLVE, ticket__reference=reference)
            .first()
        )
    if event is None:
        return _refused(
            request, _("This link is not valid. Check that it was copied whole."), None, 404
        )
    ticket = event.ticket
    if ticket.requester_id != request.user.pk:
        # Nothing about the ticket is shown to someone else.
        return _refused(
            request,
            _("This link was sent to the person who filed the request: sign in as them."),
            None,
            403,
        )
    latest = ticket.events.filter(action=TicketAction.RESOLVE).order_by("-created_at", "-pk")
    if (
        ticket.status != TicketStatus.RESOLVED
        or latest.values_list("pk", flat=True)[:1][0] != event.pk
    ):
        return _refused(
            request,
            _(
                "This link can no longer be used: your request is now “%(status)s”. Nothing "
                "was changed."
            )
            % {"status": ticket.get_status_display()},
            ticket,
            409,
        )
    anchor = "confirm" if decoded[1] == CONFIRM else "reopen"
    return redirect(
        reverse("helpdesk:ticket", args=[ticket.reference]) + f"?decision={anchor}#decide-title"
    )
