"""Reusable reads of tickets. Who may see a ticket is decided here, in the database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef, Q

if TYPE_CHECKING:
    from portal.models import User


REQUEST_CACHE = _REQUEST_CACHE = "_helpdesk_request_cache"


def remember_for_request(user: User) -> None:
    """Let `user` keep their chain entries and admin standing for the rest of the request.

    `request.user` is a fresh object on every request, so what is kept on it lives as long as
    the request: the views call this once, and `visible_to`, `chain_scope`, `allowed_actions`,
    `is_staff_for` and the staff profile then share one query each instead of repeating them.
    Objects that were not marked (services called from a shell, timers, tests) read the
    database every time, as before."""
    if getattr(user, "is_authenticated", False) and getattr(user, _REQUEST_CACHE, None) is None:
        setattr(user, _REQUEST_CACHE, {})


def _cached(user: User, key: str, compute):
    cache = getattr(user, _REQUEST_CACHE, None)
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def is_helpdesk_admin(user: User) -> bool:
    """Functional and technical admins see every ticket."""
    from portal.roles import GROUP_NAMES, Role

    if user.is_superuser:
        return True
    admin_groups = {GROUP_NAMES[Role.FUNCTIONAL_ADMIN], GROUP_NAMES[Role.TECHNICAL_ADMIN]}
    return _cached(
        user,
        "admin",
        lambda: any(group.name in admin_groups for group in user.groups.all()),
    )


def chain_entries(user: User) -> list[tuple[int, int | None, str]]:
    """(brique id, school id or None, role) of each entry naming `user` in a live chain."""
    return _cached(user, "chain", lambda: chain_entries_from_db(user))


def chain_entries_from_db(user: User) -> list[tuple[int, int | None, str]]:
    from portal.models import ChainMember

    return list(
        ChainMember.objects.filter(user=user, brique__live=True).values_list(
            "brique_id", "establishment_id", "role"
        )
    )


def owned_briques(user: User) -> list[int]:
    """Ids of the briques `user` owns (live or not)."""
    return _cached(user, "owned", lambda: owned_briques_from_db(user))


def owned_briques_from_db(user: User) -> list[int]:
    from portal.models import BriquePage

    return list(BriquePage.objects.filter(brique_owner=user).values_list("pk", flat=True))


def chain_scope(user: User, role: str | None = None) -> Q:
    """Tickets of the briques whose live chain names `user` (in `role` if given), limited to a
    school where the chain entry is per school."""
    whole: list[int] = []
    per_school: list[tuple[int, int]] = []
    for brique_id, establishment_id, entry_role in chain_entries(user):
        if role and entry_role != role:
            continue
        if establishment_id is None:
            if brique_id not in whole:
                whole.append(brique_id)
        elif (brique_id, establishment_id) not in per_school:
            per_school.append((brique_id, establishment_id))
    # Whole briques as one `IN`, which PostgreSQL matches with an index (only) scan.
    scope = Q(brique_id__in=whole) if whole else Q(pk__in=[])
    for brique_id, establishment_id in per_school:
        if brique_id not in whole:
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
