"""E-mail to people about their tickets: the service-level check's entry point.

The messages themselves live in `helpdesk.mail` (one per kind, per person and language, sent
after commit by background job with retries); `notify_sla` answers the service-level check
with the people told."""

from __future__ import annotations

from .models import Ticket


def notify_sla(ticket: Ticket, *, breached: bool, detail: str) -> list[str]:
    """Who is told that a ticket's service level is at risk or breached. The messages go out
    from the history entry the check has just written (`helpdesk.mail.hooks`): one per person,
    in their language, after commit, by background job, unless they turned this kind off."""
    from .mail.kinds import MailKind
    from .mail.recipients import keep, sla_people

    kind = MailKind.SLA_BREACHED if breached else MailKind.SLA_AT_RISK
    return [r.email for r in keep(sla_people(ticket, breached=breached), kind)]
