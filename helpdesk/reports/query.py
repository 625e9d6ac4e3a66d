"""Who asks for a report and what it covers, as one value shared by the dashboard, the
exports, the monthly summary and the API.

Reach: functional and technical admins see every brique; a moderator the briques whose live
chain names them as moderator (only their school's tickets where their chain entry is per
school); a brique owner their briques. Anyone else has no report at all."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from django.db.models import Q, QuerySet

from portal.models import ChainRole, User

from ..models import Ticket
from ..models.querysets import chain_entries, chain_scope, is_helpdesk_admin, owned_briques
from .period import Period


def report_briques(user: User) -> list[int] | None:
    """The ids of the briques `user` may report on; None for all of them (admins)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if is_helpdesk_admin(user):
        return None
    moderated = {b for b, _school, role in chain_entries(user) if role == ChainRole.MODERATOR}
    return sorted(moderated | set(owned_briques(user)))


def may_see_reports(user: User) -> bool:
    briques = report_briques(user)
    return briques is None or bool(briques)


def _scope(user: User) -> Q:
    """The tickets `user` may count."""
    if is_helpdesk_admin(user):
        return Q()
    owned = owned_briques(user)
    scope = chain_scope(user, ChainRole.MODERATOR)
    return scope | Q(brique_id__in=owned) if owned else scope


@dataclass(frozen=True)
class ReportQuery:
    """A report's period and filters, within the reach of `user` (None: the whole group, for
    jobs such as the monthly summary that choose their briques themselves)."""

    period: Period
    user: User | None = None
    briques: tuple[int, ...] = ()
    schools: tuple[int, ...] = ()
    kind: str = ""
    priority: int | None = None
    category: int | None = None
    affiliation: str = ""
    now: datetime | None = field(default=None, compare=False)

    def with_period(self, period: Period) -> ReportQuery:
        return replace(self, period=period)

    def previous(self) -> ReportQuery:
        return self.with_period(self.period.previous())

    def bounds(self) -> tuple[datetime, datetime]:
        """The period's [start, end), the end never past `now`: counts "so far" today."""
        start, end = self.period.bounds()
        if self.now is not None and self.now < end:
            end = max(start, self.now)
        return start, end

    def scope(self) -> Q:
        return Q() if self.user is None else _scope(self.user)

    def ticket_filter(self) -> Q:
        """The scope and the filters, without the period: each figure adds its own dates."""
        where = self.scope()
        if self.briques:
            where &= Q(brique_id__in=self.briques)
        if self.schools:
            where &= Q(establishment_id__in=self.schools)
        if self.kind:
            where &= Q(kind=self.kind)
        if self.priority is not None:
            where &= Q(priority=self.priority)
        if self.category is not None:
            where &= Q(category_id=self.category)
        if self.affiliation:
            where &= Q(requester_affiliation=self.affiliation)
        return where

    def tickets(self) -> QuerySet[Ticket]:
        return Ticket.objects.filter(self.ticket_filter())

    def brique_ids(self) -> list[int] | None:
        """The briques this report covers (None: all), for the models that have no school or
        public (problems, articles)."""
        allowed = None if self.user is None else report_briques(self.user)
        if self.briques:
            chosen = list(self.briques)
            return chosen if allowed is None else [b for b in chosen if b in allowed]
        return allowed
