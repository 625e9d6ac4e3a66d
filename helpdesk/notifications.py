"""E-mail to people about their tickets.

For now this holds only the service-level messages (at risk, breached), sent to staff in the
site's language with Django's mail framework once the transaction that flagged the ticket has
committed. The notifications work of issue 5 is expected to grow this module: per-person
language and preferences, HTML parts, sending by background job with retries."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.models import ChainMember, ChainRole, User

from .models import Ticket

logger = logging.getLogger(__name__)


def ticket_admin_link(ticket: Ticket) -> str:
    path = reverse("helpdesk_admin:ticket", args=[ticket.reference])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def brique_moderators(ticket: Ticket) -> list[User]:
    """The moderators of the ticket's brique who answer for the requester's school."""
    entries = ChainMember.objects.filter(
        brique_id=ticket.brique_id, role=ChainRole.MODERATOR, user__is_active=True
    ).select_related("user")
    return [
        entry.user for entry in entries if entry.establishment_id in (None, ticket.establishment_id)
    ]


def _addresses(people: Iterable[User | None]) -> list[str]:
    seen: dict[str, None] = {}
    for person in people:
        if person is not None and person.is_active and person.email:
            seen.setdefault(person.email.lower(), None)
    return list(seen)


def _send(subject: str, body: str, recipients: list[str]) -> None:
    if not recipients:
        return
    try:
        send_mail(subject, body, None, recipients)
    except OSError:  # the ticket was flagged anyway; the history keeps the trace
        logger.exception("Could not send %r to %s", subject, recipients)


def sla_message(ticket: Ticket, *, breached: bool, detail: str) -> tuple[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        template = (
            _("[%(reference)s] Service level breached: %(title)s")
            if breached
            else _("[%(reference)s] Service level at risk: %(title)s")
        )
        subject = template % {"reference": ticket.reference, "title": ticket.title}
        body = _("Ticket %(reference)s (%(brique)s): %(detail)s\n\n%(link)s") % {
            "reference": ticket.reference,
            "brique": ticket.brique.title,
            "detail": detail,
            "link": ticket_admin_link(ticket),
        }
    return subject, body


def sla_recipients(ticket: Ticket, *, breached: bool) -> list[str]:
    """At risk: the assignee (the moderators while nobody is assigned). Breached: the
    brique's moderators and owner, and the assignee."""
    if breached:
        people = [*brique_moderators(ticket), ticket.brique.brique_owner, ticket.assignee]
    elif ticket.assignee is not None:
        people = [ticket.assignee]
    else:
        people = brique_moderators(ticket)
    return _addresses(people)


def notify_sla(ticket: Ticket, *, breached: bool, detail: str) -> list[str]:
    """Tell staff that a ticket's service level is at risk or breached, after commit.
    Returns the addresses written to."""
    recipients = sla_recipients(ticket, breached=breached)
    subject, body = sla_message(ticket, breached=breached, detail=detail)
    transaction.on_commit(lambda: _send(subject, body, recipients))
    return recipients
