"""Absolute links in e-mails, built from GUICHET_BASE_URL (the public address, which a
request behind a proxy cannot be trusted to give), and the signed confirm/reopen links."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from ..models import Ticket, TicketEvent

RESOLUTION_SALT = "helpdesk.mail.resolution-link"
CONFIRM, REOPEN = "confirm", "reopen"


def absolute(path: str) -> str:
    return settings.GUICHET_BASE_URL.rstrip("/") + path


def requester_page(ticket: Ticket) -> str:
    return absolute(reverse("helpdesk:ticket", args=[ticket.reference]))


def staff_page(ticket: Ticket) -> str:
    return absolute(reverse("helpdesk_admin:ticket", args=[ticket.reference]))


def resolution_link(event: TicketEvent, action: str) -> str:
    """A link to the requester's decision on this resolution. It only leads to the ticket
    page's confirm or reopen form (sign-in required, the form decides); it is worth nothing
    once the ticket has left this resolution."""
    token = signing.dumps({"e": event.pk, "a": action}, salt=RESOLUTION_SALT, compress=True)
    return absolute(reverse("helpdesk:mail_link", args=[event.ticket.reference, token]))


def read_resolution_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=RESOLUTION_SALT)
        event_id, action = int(data["e"]), data["a"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if action not in (CONFIRM, REOPEN):
        return None
    return event_id, action
