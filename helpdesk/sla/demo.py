"""Demo tickets that show the service levels at work: besides the tickets the demo plays over
six months (the oldest open ones are long past their targets), two fresh ones are placed at
about 80% of a target when the demo is loaded, so that queues show "À risque" too. They go
through the real services, back-dated in business hours on their brique's calendar."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from portal.models import BriquePage, ChainMember, ChainRole, SlaTarget, User

from .. import services
from ..models import Impact, Ticket, TicketKind, Urgency
from .business_hours import add_business_time, hours, subtract_business_time
from .clock import calendar_for

SHARE_USED = Decimal("0.8")
EXAMPLES = (
    # (title, taken in charge): the first waits for a moderator, the second is being treated.
    ("Demande d'accès à un espace de cours archivé", False),
    ("Export des notes d'un questionnaire", True),
)


def _example_target() -> SlaTarget | None:
    """A low-priority target of a live brique with a moderator for every school."""
    return (
        SlaTarget.objects.filter(
            priority=4,
            brique__live=True,
            brique__chain__role=ChainRole.MODERATOR,
            brique__chain__establishment__isnull=True,
        )
        .order_by("brique__path")
        .first()
    )


def example_count(total: int) -> int:
    """How many of `total` demo tickets the examples take: all of them when a brique allows."""
    return len(EXAMPLES) if total >= len(EXAMPLES) and _example_target() is not None else 0


def add_service_level_examples(requesters: list[User], now: datetime) -> list[Ticket]:
    """One ticket nobody owns yet at 80% of its time to own, one in a moderator's hands at
    80% of its time to resolve. Returns them (none if no brique has what it takes)."""
    from ..demo import _date_process  # the demo's own back-dating of Viewflow's stamps

    target = _example_target()
    if target is None or not requesters:
        return []
    brique = BriquePage.objects.get(pk=target.brique_id)
    moderator = (
        ChainMember.objects.filter(
            brique=brique, role=ChainRole.MODERATOR, establishment__isnull=True
        )
        .select_related("user")
        .first()
        .user
    )
    calendar = calendar_for(Ticket(brique=brique))
    tickets = []
    for number, (title, taken) in enumerate(EXAMPLES):
        target_hours = target.time_to_resolve_hours if taken else target.time_to_own_hours
        filed_at = subtract_business_time(calendar, now, hours(target_hours * SHARE_USED))
        mark = timezone.now()
        ticket = services.submit_ticket(
            requesters[number % len(requesters)],
            brique=brique,
            kind=TicketKind.SERVICE_REQUEST,
            title=title,
            description="Exemple de démonstration des niveaux de service (délais).",
            impact=Impact.PERSON,
            urgency=Urgency.LOW,
            at=filed_at,
        )
        _date_process(ticket, mark, filed_at)
        if taken:
            # Taken within an hour, so that only the resolution is at risk.
            taken_at = add_business_time(calendar, filed_at, hours(1))
            mark = timezone.now()
            services.take_ticket(moderator, ticket, at=taken_at)
            _date_process(ticket, mark, taken_at)
        tickets.append(ticket)
    return tickets
