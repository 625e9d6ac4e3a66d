"""Reads reused by pages, the API and services."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.models import ChainMember, ChainRole, User

from .models import Ticket


def assignable_people(ticket: Ticket) -> QuerySet[User]:
    """Who can be given the ticket: the live chain's technicians and moderators that answer for
    the requester's school (or for every school)."""
    entries = ChainMember.objects.filter(brique_id=ticket.brique_id, brique__live=True).filter(
        Q(establishment__isnull=True) | Q(establishment_id=ticket.establishment_id)
    )
    return User.objects.filter(pk__in=entries.values("user_id"), is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def suggested_assignee(ticket: Ticket) -> User | None:
    """The default dispatch: a technician of the requester's school when the chain has one,
    else the first technician answering for every school."""
    technicians = ChainMember.objects.filter(
        brique_id=ticket.brique_id,
        brique__live=True,
        role=ChainRole.TECHNICIAN,
        user__is_active=True,
    ).select_related("user")
    if ticket.establishment_id:
        same_school = technicians.filter(establishment_id=ticket.establishment_id).first()
        if same_school:
            return same_school.user
    general = technicians.filter(establishment__isnull=True).first()
    return general.user if general else None
