"""Demo tickets that show the service levels at work: besides the tickets the demo plays over
six months (the oldest open ones are long past their targets), two fresh ones are placed at
about 80% of a target when the demo is loaded, so that queues show "À risque" too. They go
through the real services, back-dated in business hours on their brique's calendar."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from portal.models import BriquePage, ChainMember, ChainRole, SlaTarget, User

from .. import services
from ..models import Impact, Ticket, TicketKind, Urgency
from .business_hours import add_business_time, hours, subtract_business_time
from .clock import calendar_for

SHARE_USED = Decimal("0.8")


def add_service_level_examples(requesters: list[User], now: datetime) -> list[Ticket]:
    """One ticket nobody owns yet at 80% of its time to own, one in a technician's hands at
    80% of its time to resolve. Returns them (none if no brique has what it takes)."""
    target = (
        SlaTarget.objects.filter(
            priority=4,
            brique__live=True,
            brique__chain__role=ChainRole.MODERATOR,
            brique__chain__establishment__isnull=True,
        )
        .select_related("brique")
        .order_by("brique__path")
        .first()
    )
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
    examples = []
    for number, (target_hours, owned) in enumerate(
        [(target.time_to_own_hours, False), (target.time_to_resolve_hours, True)]
    ):
        filed_at = subtract_business_time(calendar, now, hours(target_hours * SHARE_USED))
        ticket = services.submit_ticket(
            requesters[number % len(requesters)],
            brique=brique,
            kind=TicketKind.SERVICE_REQUEST,
            title="Demande d'accès à un espace de cours archivé"
            if not owned
            else "Export des notes d'un questionnaire",
            description="Exemple de démonstration des niveaux de service (délais).",
            impact=Impact.PERSON,
            urgency=Urgency.LOW,
            at=filed_at,
        )
        if owned:
            # Taken within an hour, so that only the resolution is at risk.
            taken_at = add_business_time(calendar, filed_at, hours(1))
            services.take_ticket(moderator, ticket, at=taken_at)
        examples.append(ticket)
    return examples
