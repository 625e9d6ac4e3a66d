"""The kinds of ticket e-mail, and which of them a person may turn off.

Essential (always sent): what a requester must know to follow their request — the receipt,
a public reply, a question waiting for them, the resolution with its confirm/reopen links, and
the reminder before a resolved ticket closes by itself. Optional (each person chooses in their
profile, all on by default): the assignment, the reopening and the closing notices, the
service-level warnings, the "problem resolved" news and, for brique owners, the monthly
summary of their briques (helpdesk/reports/summary_mail.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MailKind(models.TextChoices):
    RECEIVED = "received", _("request received")
    ASSIGNED = "assigned", _("a ticket is assigned to me")
    REPLY = "reply", _("new reply")
    WAITING = "waiting", _("a question waits for me")
    RESOLVED = "resolved", _("request resolved")
    CLOSE_REMINDER = "close_reminder", _("last reminder before automatic closing")
    REOPENED = "reopened", _("a ticket I treat is reopened")
    CLOSED = "closed", _("a ticket is closed")
    SLA_AT_RISK = "sla_at_risk", _("service level at risk")
    SLA_BREACHED = "sla_breached", _("service level breached")
    PROBLEM_RESOLVED = "problem_resolved", _("the problem behind my request is resolved")
    MONTHLY_SUMMARY = "monthly_summary", _("monthly summary of my briques")


ESSENTIAL = frozenset(
    {
        MailKind.RECEIVED,
        MailKind.REPLY,
        MailKind.WAITING,
        MailKind.RESOLVED,
        MailKind.CLOSE_REMINDER,
    }
)
OPTIONAL = tuple(kind for kind in MailKind if kind not in ESSENTIAL)


def offered_to(user) -> tuple[MailKind, ...]:
    """The optional kinds `user` may turn off in their profile: the monthly summary only
    when they own a brique (nobody else receives it)."""
    if user.owned_briques.exists():
        return OPTIONAL
    return tuple(kind for kind in OPTIONAL if kind != MailKind.MONTHLY_SUMMARY)
