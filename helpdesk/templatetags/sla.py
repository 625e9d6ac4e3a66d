"""Service-level badge and due dates in templates: `{% load sla %}`, then
`{% sla_badge ticket %}` (staff), `{% sla_due ticket %}` (the next due date) or
`{% sla_details ticket %}` (the ticket screen's panel: badge and both clocks)."""

from django import template

from helpdesk.sla.badges import badge_html, format_due, next_due_html
from helpdesk.sla.state import SlaState, clock_paused, sla_state, tto_state, ttr_state

register = template.Library()


@register.simple_tag
def sla_badge(ticket):
    return badge_html(ticket)


@register.simple_tag
def sla_due(ticket):
    return next_due_html(ticket)


@register.inclusion_tag("helpdesk/includes/sla_details.html")
def sla_details(ticket):
    from django.utils import timezone

    now = timezone.now()
    state = sla_state(ticket, now)
    return {
        "tto_due": format_due(ticket.tto_due) if ticket.tto_due else "",
        "tto_stopped": format_due(ticket.tto_stopped_at) if ticket.tto_stopped_at else "",
        "ttr_due": format_due(ticket.ttr_due) if ticket.ttr_due else "",
        "escalated": format_due(ticket.sla_escalated_at) if ticket.sla_escalated_at else "",
        "has_sla": state != SlaState.NONE,
        "badge": badge_html(ticket, now),
        "tto_state": tto_state(ticket, now),
        "ttr_state": ttr_state(ticket, now),
        "paused": clock_paused(ticket),
    }


@register.simple_tag
def sla_expected_resolution(ticket):
    """For the requester: when the resolution is expected, while the clock runs and the date
    is still ahead (no badge, no breach: those are for staff)."""
    from django.utils import timezone
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext as _

    from helpdesk.sla.clock import is_running

    if not is_running(ticket, "ttr") or ticket.ttr_due <= timezone.now():
        return ""
    before = _("before %(date)s") % {"date": format_due(ticket.ttr_due)}
    return format_html("<dt>{}</dt><dd>{}</dd>", _("Expected resolution"), mark_safe(before))
