"""Enumerations of the ticket domain. State names follow iTop's UserRequest lifecycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketKind(models.TextChoices):
    INCIDENT = "incident", _("incident")
    SERVICE_REQUEST = "service_request", _("service request")


class TicketStatus(models.TextChoices):
    NEW = "new", _("new")
    ASSIGNED = "assigned", _("assigned")
    PENDING = "pending", _("pending")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")
    REJECTED = "rejected", _("rejected")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATUSES = (TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.PENDING)
FINAL_STATUSES = (TicketStatus.CLOSED, TicketStatus.REJECTED, TicketStatus.CANCELLED)


class Impact(models.IntegerChoices):
    """How many people are affected (iTop: 1 = a department, 3 = a person)."""

    DEPARTMENT = 1, _("a whole school, a department or more")
    GROUP = 2, _("several people (a class, a team)")
    PERSON = 3, _("only me")


class Urgency(models.IntegerChoices):
    CRITICAL = 1, _("I am blocked right now (class, exam, deadline today)")
    HIGH = 2, _("it blocks my work in the coming days")
    MEDIUM = 3, _("it is a nuisance but I can work around it")
    LOW = 4, _("no hurry")


# iTop's default priority matrix: PRIORITY_MATRIX[impact][urgency] -> priority (1 = critical).
PRIORITY_MATRIX: dict[int, dict[int, int]] = {
    1: {1: 1, 2: 1, 3: 2, 4: 4},
    2: {1: 1, 2: 2, 3: 3, 4: 4},
    3: {1: 2, 2: 3, 3: 3, 4: 4},
}


def priority_for(impact: int, urgency: int) -> int:
    return PRIORITY_MATRIX[int(impact)][int(urgency)]


class PendingReason(models.TextChoices):
    REQUESTER = "requester", _("waiting for the requester")
    PROVIDER = "provider", _("waiting for an external provider")
    THIRD_PARTY = "third_party", _("waiting for a third party")


class ResolutionCode(models.TextChoices):
    FIXED = "fixed", _("fixed")
    WORKAROUND = "workaround", _("workaround given")
    ANSWERED = "answered", _("question answered")
    USER_ERROR = "user_error", _("usage problem, explained")
    NOT_REPRODUCIBLE = "not_reproducible", _("could not be reproduced")
    OTHER = "other", _("other")


class TicketAction(models.TextChoices):
    """Every state change or contribution, as written to the history."""

    SUBMIT = "submit", _("submitted")
    QUALIFY = "qualify", _("qualified and assigned")
    TAKE = "take", _("taken in charge")
    REJECT = "reject", _("rejected")
    MARK_DUPLICATE = "mark_duplicate", _("marked as duplicate")
    REASSIGN = "reassign", _("reassigned")
    REPLY = "reply", _("public reply")
    NOTE = "note", _("internal note")
    PUT_ON_HOLD = "put_on_hold", _("put on hold")
    RESUME = "resume", _("resumed")
    ESCALATE = "escalate", _("escalated to a provider")
    RESOLVE = "resolve", _("resolved")
    CANCEL = "cancel", _("cancelled")
    CONFIRM = "confirm", _("resolution confirmed")
    REOPEN = "reopen", _("reopened")
    CLOSE = "close", _("closed")
    SLA_AT_RISK = "sla_at_risk", _("service level at risk")
    SLA_BREACHED = "sla_breached", _("service level breached")
