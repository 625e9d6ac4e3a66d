"""The service-level badge and due dates as HTML, for the staff queues (built in Python, like
the other cells) and the ticket screen (through the `sla` template tags). The state is
written out in words, with a symbol hidden from screen readers: colour is never the only
sign.

Written with f-strings over `_esc` rather than `format_html`: a queue page shows 25 of them,
and `format_html` costs several times more for the same HTML."""

from __future__ import annotations

from datetime import datetime
from html import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from helpdesk.models import Ticket

from .clock import is_running
from .state import SlaState, clock_paused, sla_state

_SYMBOLS = {
    SlaState.ON_TIME: "✓",
    SlaState.AT_RISK: "⚠",
    SlaState.BREACHED: "✕",
}
_CLASSES = {
    SlaState.ON_TIME: "w-status w-status--primary",
    SlaState.AT_RISK: "w-status",
    SlaState.BREACHED: "w-status",
}


def _esc(value) -> str:
    return value if isinstance(value, SafeString) else escape(str(value), quote=True)


def format_due(instant: datetime, strftime_format: str | None = None) -> SafeString:
    """A due date in local time; `strftime_format` skips Django's slower date formatting (the
    queues give theirs)."""
    local = timezone.localtime(instant)
    text = (
        local.strftime(strftime_format)
        if strftime_format
        else date_format(local, "SHORT_DATETIME_FORMAT")
    )
    return mark_safe(
        f'<time datetime="{_esc(local.isoformat(timespec="minutes"))}">{_esc(text)}</time>'
    )


def badge_html(ticket: Ticket, now: datetime | None = None) -> SafeString:
    """The state in words ("Dans les délais", "À risque", "Dépassé"); empty when the
    ticket has no service level."""
    state = sla_state(ticket, now)
    if state == SlaState.NONE:
        return SafeString("")
    return mark_safe(
        f'<span class="{_CLASSES[state]} helpdesk-sla helpdesk-sla--'
        f'{_esc(state.value.replace("_", "-"))}" data-sla-state="{_esc(state.value)}">'
        f'<span aria-hidden="true">{_SYMBOLS[state]} </span>{_esc(state.label)}</span>'
    )


def next_due_html(ticket: Ticket, strftime_format: str | None = None) -> SafeString:
    """The due date that matters now: owning while the ticket is new, resolving after; or
    that the resolution clock is paused."""
    # The words are gettext calls of their own: makemessages does not read inside f-strings.
    if is_running(ticket, "tto"):
        words = _("Own by")
        return mark_safe(f"{_esc(words)} {format_due(ticket.tto_due, strftime_format)}")
    if clock_paused(ticket):
        return mark_safe(_esc(_("Clock paused")))
    if is_running(ticket, "ttr"):
        words = _("Resolve by")
        return mark_safe(f"{_esc(words)} {format_due(ticket.ttr_due, strftime_format)}")
    return SafeString("")


def queue_cell_html(
    ticket: Ticket, now: datetime | None = None, strftime_format: str | None = None
) -> SafeString:
    """The queue's service-level column: badge, then the next due date on its own line."""
    badge = badge_html(ticket, now)
    if not badge:
        return SafeString("—")
    due = next_due_html(ticket, strftime_format)
    if not due:
        return badge
    return mark_safe(f'{badge}<br><small class="helpdesk-sla-due">{due}</small>')
