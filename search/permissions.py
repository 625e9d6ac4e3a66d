"""Who may find what: the reader's `Visibility`, built from the same rules as the pages
(knowledge.access for articles, Ticket.objects.visible_to for tickets). Engines apply it."""

from __future__ import annotations

from knowledge.models import Audience
from portal.models import Affiliation, ChainMember

from .contract import TicketScope, Visibility


def visibility_for(user, *, tickets: bool = True) -> Visibility:
    """Anonymous: articles for everyone. Signed in: plus their public's (staff or students).
    Chain members: every article of their briques, and the tickets they may see. Admins:
    everything. `tickets=False` (article suggestions) leaves the ticket scope out, and with it
    the query for tickets visible outside the chain, slow on large desks."""
    from helpdesk.models import Ticket
    from helpdesk.models.querysets import chain_scope, is_helpdesk_admin

    if not user.is_authenticated:
        return Visibility.anonymous()
    if is_helpdesk_admin(user):
        return Visibility.everything()
    audiences = {Audience.EVERYONE.value}
    if user.affiliation in (Affiliation.STAFF, Affiliation.FACULTY):
        audiences.add(Audience.STAFF.value)
    if user.affiliation == Affiliation.STUDENT:
        audiences.add(Audience.STUDENTS.value)
    memberships = list(
        ChainMember.objects.filter(user=user, brique__live=True).values_list(
            "brique_id", "establishment_id"
        )
    )
    if not memberships or not tickets:
        # Requesters find their own tickets in their space, not through search.
        return Visibility(
            audiences=frozenset(audiences),
            article_briques=frozenset(brique for brique, _school in memberships),
        )
    whole = frozenset(brique for brique, school in memberships if school is None)
    per_school = frozenset(
        (brique, school)
        for brique, school in memberships
        if school is not None and brique not in whole
    )
    # Tickets visible for another reason (assigned, moderated, requested, followed): few.
    others = frozenset(
        Ticket.objects.visible_to(user).exclude(chain_scope(user)).values_list("pk", flat=True)
    )
    return Visibility(
        audiences=frozenset(audiences),
        article_briques=frozenset(brique for brique, _school in memberships),
        tickets=TicketScope(briques=whole, brique_schools=per_school, ids=others),
    )
