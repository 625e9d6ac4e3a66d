from django import template

from ..models import OPEN_STATUSES, Problem, TicketKind
from ..problem_policies import works_on_brique

register = template.Library()


@register.simple_tag(takes_context=True)
def problem_for_ticket(context, ticket) -> dict:
    """`{% problem_for_ticket ticket as panel %}`: `panel.problem` (the problem the incident
    belongs to, with its workaround) or `panel.can_create` (an open incident the reader may
    group into a new problem). One query at most."""
    user = context["request"].user
    if not works_on_brique(user, ticket.brique_id):
        return {}
    if ticket.problem_id:
        problem = (
            Problem.objects.filter(pk=ticket.problem_id)
            .only("reference", "title", "status", "workaround")
            .first()
        )
        return {"problem": problem}
    return {"can_create": ticket.kind == TicketKind.INCIDENT and ticket.status in OPEN_STATUSES}
