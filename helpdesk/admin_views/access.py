"""Who is helpdesk staff in the admin, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from portal.models import ChainRole

from ..models import Ticket
from ..models.querysets import chain_entries, is_helpdesk_admin, remember_for_request


@dataclass(frozen=True)
class StaffProfile:
    admin: bool
    moderator: bool
    technician: bool
    # Someone left the chain but still holds tickets: they must be able to hand them over.
    holds_tickets: bool

    @property
    def is_staff(self) -> bool:
        return self.admin or self.moderator or self.technician or self.holds_tickets


def staff_profile(request: HttpRequest) -> StaffProfile:
    cached = getattr(request, "_helpdesk_staff_profile", None)
    if cached is not None:
        return cached
    user = request.user
    if not user.is_authenticated:
        profile = StaffProfile(False, False, False, False)
    else:
        remember_for_request(user)
        roles = {role for _brique, _school, role in chain_entries(user)}
        admin = is_helpdesk_admin(user)
        holds = False
        if not (admin or roles):
            holds = Ticket.objects.filter(assignee=user).exists()
        profile = StaffProfile(
            admin=admin,
            moderator=ChainRole.MODERATOR in roles,
            technician=ChainRole.TECHNICIAN in roles,
            holds_tickets=holds,
        )
    request._helpdesk_staff_profile = profile
    return profile
