"""Reusable reads of tickets. Who may see a ticket is decided here, in the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from portal.models import User


def is_helpdesk_admin(user: User) -> bool:
    """Functional and technical admins see every ticket."""
    from portal.roles import GROUP_NAMES, Role

    if user.is_superuser:
        return True
    admin_groups = {GROUP_NAMES[Role.FUNCTIONAL_ADMIN], GROUP_NAMES[Role.TECHNICAL_ADMIN]}
    return any(group.name in admin_groups for group in user.groups.all())


def chain_scope(user: User, role: str | None = None) -> Q:
    """Tickets of the briques whose live chain names `user` (in `role` if given), limited to a
    school where the chain entry is per school."""
    from portal.models import ChainMember

    memberships = ChainMember.objects.filter(user=user, brique__live=True)
    if role:
        memberships = memberships.filter(role=role)
    scope = Q(pk__in=[])
    for brique_id, establishment_id in memberships.values_list("brique_id", "establishment_id"):
        if establishment_id is None:
            scope |= Q(brique_id=brique_id)
        else:
            scope |= Q(brique_id=brique_id, establishment_id=establishment_id)
    return scope


class TicketQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> TicketQuerySet:
        """Requesters see their own tickets and those they are kept informed of; chain members
        the tickets of their briques (their school's where the chain is per school) and those
        assigned to them; admins every ticket. Anything else does not exist for them."""
        if not user.is_authenticated:
            return self.none()
        if is_helpdesk_admin(user):
            return self.all()
        from .tickets import TicketWatcher

        scope = Q(requester=user) | Q(assignee=user) | Q(moderator=user) | chain_scope(user)
        if user.email:
            watched = TicketWatcher.objects.filter(ticket=OuterRef("pk"), email=user.email.lower())
            scope |= Q(Exists(watched))
        return self.filter(scope)

    def requested_by(self, user: User) -> TicketQuerySet:
        """The requester's own space: their tickets and those they follow."""
        from .tickets import TicketWatcher

        scope = Q(requester=user)
        if user.email:
            scope |= Q(
                Exists(
                    TicketWatcher.objects.filter(ticket=OuterRef("pk"), email=user.email.lower())
                )
            )
        return self.filter(scope)

    def open(self) -> TicketQuerySet:
        from .choices import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)

    def for_list(self) -> TicketQuerySet:
        """Everything a list row shows, in a constant number of queries."""
        return self.select_related("brique", "category", "requester", "assignee", "establishment")
