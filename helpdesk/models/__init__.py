"""Tickets, their thread, files and history, and the Viewflow process that carries them."""

from .article_links import TicketArticle
from .choices import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    Impact,
    PendingReason,
    ResolutionCode,
    TicketAction,
    TicketKind,
    TicketStatus,
    Urgency,
    priority_for,
)
from .problems import (
    OPEN_PROBLEM_STATUSES,
    Problem,
    ProblemAction,
    ProblemEvent,
    ProblemStatus,
)
from .reports import DailyTicketCounts, ReportRollupState
from .tickets import (
    Ticket,
    TicketAttachment,
    TicketEvent,
    TicketMessage,
    TicketProcess,
    TicketWatcher,
)

__all__ = [
    "FINAL_STATUSES",
    "OPEN_STATUSES",
    "Impact",
    "OPEN_PROBLEM_STATUSES",
    "PendingReason",
    "Problem",
    "ProblemAction",
    "ProblemEvent",
    "ProblemStatus",
    "DailyTicketCounts",
    "ReportRollupState",
    "ResolutionCode",
    "Ticket",
    "TicketAction",
    "TicketArticle",
    "TicketAttachment",
    "TicketEvent",
    "TicketKind",
    "TicketMessage",
    "TicketProcess",
    "TicketStatus",
    "TicketWatcher",
    "Urgency",
    "priority_for",
]
