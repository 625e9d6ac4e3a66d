"""Bulk random tickets for load tests: `manage.py generate_tickets --count 100000 --messages 3`.

Not demo content (that is `helpdesk.demo`, played through the business steps). This command
writes rows directly with `bulk_create`, in batches, because going through the services costs
tens of queries per ticket (row lock, policy checks, history, the Viewflow process) and would
take hours for 100,000 tickets; in bulk it takes a few minutes on PostgreSQL.

What it writes is consistent with what the services would have written:
- each ticket's status, people and dates agree (an assigned ticket has an assignee and a
  moderator from the brique's chain, a resolved one a solution and a resolution date, a closed
  one a satisfaction...), and its `version` counts its changes as the services count them;
- its history (`TicketEvent`) has the submission, every state change and every message, in
  time order, and its thread has `--messages` messages (public replies and internal notes);
- references are `R-` + the padded id, as `submit_ticket` gives them.

What it does not write: Viewflow processes (`Ticket.process` stays empty, which the ticket
screen shows as "no process"), attachments, watchers. So the generated tickets are for reading
(queues, ticket pages, search, reports) and cannot be moved along by the business steps.

The requesters are people created for the purpose (usernames `load-<school>-<n>`, no usable
password); moderators and technicians come from each brique's chain. `--clear` removes the
generated tickets and people.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from portal.models import (
    Affiliation,
    BriquePage,
    Category,
    ChainMember,
    ChainRole,
    Establishment,
    User,
)

from ...demo_texts import FILLERS, GENERIC, SCENARIOS, STAFF_REPLIES
from ...models import (
    PendingReason,
    ResolutionCode,
    Ticket,
    TicketAction,
    TicketEvent,
    TicketKind,
    TicketMessage,
    TicketStatus,
    priority_for,
)

A = TicketAction
S = TicketStatus
USERNAME_PREFIX = "load-"

# Share of each final state; the open ones are the recent tickets of a real desk.
STATUS_WEIGHTS = {
    S.NEW: 4,
    S.ASSIGNED: 8,
    S.PENDING: 4,
    S.RESOLVED: 4,
    S.CLOSED: 70,
    S.REJECTED: 6,
    S.CANCELLED: 4,
}
# Events that bring a ticket from submission to each state (beyond the submission itself).
TRANSITIONS: dict[str, list[tuple[str, str, str]]] = {
    S.NEW: [],
    S.ASSIGNED: [(A.QUALIFY, S.NEW, S.ASSIGNED)],
    S.PENDING: [(A.QUALIFY, S.NEW, S.ASSIGNED), (A.PUT_ON_HOLD, S.ASSIGNED, S.PENDING)],
    S.RESOLVED: [(A.QUALIFY, S.NEW, S.ASSIGNED), (A.RESOLVE, S.ASSIGNED, S.RESOLVED)],
    S.CLOSED: [
        (A.QUALIFY, S.NEW, S.ASSIGNED),
        (A.RESOLVE, S.ASSIGNED, S.RESOLVED),
        (A.CONFIRM, S.RESOLVED, S.CLOSED),
    ],
    S.REJECTED: [(A.REJECT, S.NEW, S.REJECTED)],
    S.CANCELLED: [(A.CANCEL, S.NEW, S.CANCELLED)],
}
# Actions taken by the requester; the others by the moderator (qualify, reject) or assignee.
REQUESTER_ACTIONS = {A.SUBMIT, A.CONFIRM, A.CANCEL}
MODERATOR_ACTIONS = {A.QUALIFY, A.REJECT}


@dataclass
class Desk:
    brique: BriquePage
    categories: list[Category]
    moderators: list[int]
    # Technicians by school id (None: answers for every school).
    technicians: dict[int | None, list[int]]
    scenarios: list


class Command(BaseCommand):
    help = (
        "Create many random tickets with their thread and history, in bulk, for load tests "
        "(no Viewflow process). Needs briques with chains: run load_demo first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000, help="Tickets to create.")
        parser.add_argument("--messages", type=int, default=3, help="Messages per ticket.")
        parser.add_argument("--batch", type=int, default=2_000, help="Tickets per batch.")
        parser.add_argument(
            "--requesters", type=int, default=100, help="Generated requesters per school."
        )
        parser.add_argument("--days", type=int, default=365, help="Spread over this many days.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--clear", action="store_true", help="Delete the generated tickets and people."
        )

    def handle(self, *args, **options):
        if options["clear"]:
            return self.clear()
        count, batch = options["count"], max(1, options["batch"])
        rng = random.Random(options["seed"])
        desks = self.desks()
        if not desks:
            raise CommandError(
                "No live brique has a moderator and a technician in its chain: run "
                "`manage.py load_demo` first."
            )
        requesters = self.requesters(options["requesters"])
        now = timezone.now().replace(microsecond=0)
        started = time.monotonic()
        done = 0
        while done < count:
            size = min(batch, count - done)
            with transaction.atomic():
                self.create_batch(rng, desks, requesters, size, options, now)
            done += size
            elapsed = time.monotonic() - started
            self.stdout.write(
                f"  {done:>8}/{count} tickets  ({done / elapsed:,.0f} tickets/s)", ending="\r"
            )
            self.stdout.flush()
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {count} tickets with {options['messages']} messages each in "
                f"{time.monotonic() - started:.1f} s."
            )
        )

    # --- who and where ------------------------------------------------------------------------

    def desks(self) -> list[Desk]:
        desks = []
        for brique in BriquePage.objects.live().order_by("path"):
            entries = ChainMember.objects.filter(brique=brique, user__is_active=True)
            moderators = [
                e.user_id
                for e in entries
                if e.role == ChainRole.MODERATOR and e.establishment_id is None
            ]
            technicians: dict[int | None, list[int]] = {}
            for entry in entries.filter(role=ChainRole.TECHNICIAN):
                technicians.setdefault(entry.establishment_id, []).append(entry.user_id)
            if moderators and technicians.get(None):
                desks.append(
                    Desk(
                        brique=brique,
                        categories=list(Category.objects.filter(brique=brique)),
                        moderators=moderators,
                        technicians=technicians,
                        scenarios=SCENARIOS.get(brique.slug, GENERIC),
                    )
                )
        return desks

    def requesters(self, per_school: int) -> list[User]:
        schools = list(Establishment.objects.order_by("short_code"))
        if not schools:
            raise CommandError("No establishment: run `manage.py load_demo` first.")
        affiliations = [Affiliation.STUDENT] * 6 + [Affiliation.FACULTY] * 3 + [Affiliation.STAFF]
        unusable = make_password(None)
        wanted = [
            User(
                username=f"{USERNAME_PREFIX}{school.short_code}-{n:04d}",
                first_name="Usager",
                last_name=f"{school.short_code.upper()} {n:04d}",
                email=f"{USERNAME_PREFIX}{school.short_code}-{n:04d}@load.example",
                establishment=school,
                affiliation=affiliations[n % len(affiliations)],
                password=unusable,
            )
            for school in schools
            for n in range(per_school)
        ]
        User.objects.bulk_create(wanted, ignore_conflicts=True, batch_size=1000)
        return list(
            User.objects.filter(username__in=[u.username for u in wanted]).only(
                "pk", "establishment_id", "affiliation"
            )
        )

    # --- one batch ----------------------------------------------------------------------------

    def create_batch(self, rng, desks, requesters, size, options, now: datetime) -> None:
        statuses = list(STATUS_WEIGHTS)
        weights = list(STATUS_WEIGHTS.values())
        span = options["days"] * 24 * 3600
        plans = []
        tickets = []
        for _ in range(size):
            desk = rng.choice(desks)
            requester = rng.choice(requesters)
            status = rng.choices(statuses, weights)[0]
            scenario = rng.choice(desk.scenarios)
            fill = {key: rng.choice(values) for key, values in FILLERS.items()}
            # Open tickets are recent; finished ones anywhere in the period, each lived a few
            # minutes to ten days.
            is_open = status in (S.NEW, S.ASSIGNED, S.PENDING, S.RESOLVED)
            age = rng.randint(3600, 20 * 86400 if is_open else span)
            created = now - timedelta(seconds=age)
            life = age - 60 if is_open else min(age - 60, rng.randint(600, 10 * 86400))
            steps = TRANSITIONS[status]
            timeline = self.timeline(rng, status, steps, options["messages"], created, life)
            transitions = {step[0]: moment for kind, step, moment in timeline if kind == "step"}
            local = desk.technicians.get(requester.establishment_id) or []
            everyone = desk.technicians[None]
            assignee = rng.choice(local if local and rng.random() < 0.7 else everyone)
            moderator = rng.choice(desk.moderators)
            impact, urgency = rng.randint(1, 3), rng.randint(1, 4)
            ticket = Ticket(
                kind=scenario.kind if scenario.kind in TicketKind.values else TicketKind.INCIDENT,
                status=status,
                brique_id=desk.brique.pk,
                category=rng.choice(desk.categories) if desk.categories else None,
                title=scenario.title.format(**fill)[:200],
                description=scenario.description.format(**fill),
                impact=impact,
                urgency=urgency,
                priority=priority_for(impact, urgency),
                requester_id=requester.pk,
                establishment_id=requester.establishment_id,
                requester_affiliation=requester.affiliation,
                created_at=created,
                version=1 + len(steps) + options["messages"],
            )
            if status not in (S.NEW, S.REJECTED, S.CANCELLED):
                ticket.assignee_id = assignee
                ticket.moderator_id = moderator
                ticket.assigned_at = transitions[A.QUALIFY]
            if status == S.REJECTED:
                ticket.moderator_id = moderator
            if status == S.PENDING:
                ticket.pending_reason = rng.choice(PendingReason.values)
            if status in (S.RESOLVED, S.CLOSED):
                ticket.solution = scenario.solution.format(**fill)
                ticket.resolution_code = rng.choice(ResolutionCode.values)
                ticket.resolved_at = transitions[A.RESOLVE]
            if status == S.CLOSED:
                ticket.satisfaction = rng.choice([4, 4, 4, 3, 3, 2, 1])
                ticket.closed_at = transitions[A.CONFIRM]
            if status in (S.REJECTED, S.CANCELLED):
                ticket.closed_at = timeline[-1][2]
            tickets.append(ticket)
            plans.append((timeline, scenario, fill))

        Ticket.objects.bulk_create(tickets, batch_size=1000)
        ids = [t.pk for t in tickets]
        reference = Concat(Value("R-"), LPad(Cast("id", CharField()), 6, Value("0")))
        Ticket.objects.filter(pk__in=ids, pk__lt=1_000_000).update(reference=reference)
        Ticket.objects.filter(pk__in=ids, pk__gte=1_000_000).update(
            reference=Concat(Value("R-"), Cast("id", CharField()))
        )

        messages, events = [], []
        for ticket, (timeline, scenario, fill) in zip(tickets, plans, strict=True):
            events.append(
                TicketEvent(
                    ticket_id=ticket.pk,
                    actor_id=ticket.requester_id,
                    action=A.SUBMIT,
                    from_status="",
                    to_status=S.NEW,
                    created_at=ticket.created_at,
                )
            )
            state = S.NEW
            for kind, step, moment in timeline:
                if kind == "step":
                    action, from_status, to_status = step
                    events.append(
                        TicketEvent(
                            ticket_id=ticket.pk,
                            actor_id=self.actor(ticket, action),
                            action=action,
                            from_status=from_status,
                            to_status=to_status,
                            internal=action == A.QUALIFY,
                            created_at=moment,
                        )
                    )
                    state = to_status
                    continue
                staff_side = bool(ticket.assignee_id) and state != S.NEW and rng.random() < 0.6
                internal = staff_side and rng.random() < 0.35
                if staff_side:
                    author = ticket.assignee_id
                    body = scenario.note if internal else rng.choice(STAFF_REPLIES)
                else:
                    author = ticket.requester_id
                    body = scenario.answer
                body = body.format(**fill)
                messages.append(
                    TicketMessage(
                        ticket_id=ticket.pk,
                        author_id=author,
                        body=body,
                        internal=internal,
                        created_at=moment,
                    )
                )
                events.append(
                    TicketEvent(
                        ticket_id=ticket.pk,
                        actor_id=author,
                        action=A.NOTE if internal else A.REPLY,
                        from_status=state,
                        to_status=state,
                        internal=internal,
                        created_at=moment,
                    )
                )
        TicketMessage.objects.bulk_create(messages, batch_size=2000)
        TicketEvent.objects.bulk_create(events, batch_size=2000)
        # `updated_at` is auto_now: bulk_create stamped the wall clock; give each ticket the
        # moment of its last change, its latest history entry (one query, on the index).
        last_event = TicketEvent.objects.filter(ticket=OuterRef("pk")).order_by("-created_at")
        Ticket.objects.filter(pk__in=ids).update(
            updated_at=Subquery(last_event.values("created_at")[:1])
        )

    @staticmethod
    def timeline(rng, status, steps, message_count, created, life) -> list[tuple]:
        """The ticket's life after submission, in time order: ("step", transition, moment) and
        ("message", None, moment). State changes keep their order; messages fall between them.
        A ticket that ends waiting, resolved or finished gets that last change last: a
        requester's reply would have resumed it, and nobody replies on a closed ticket."""
        slots = [("step", step) for step in steps] + [("message", None)] * message_count
        last = None
        if steps and status not in (S.NEW, S.ASSIGNED):
            last = slots.pop(len(steps) - 1)
        rng.shuffle(slots)
        if last:
            slots.append(last)
        ordered_steps = iter(steps)
        slots = [(kind, next(ordered_steps) if kind == "step" else None) for kind, _ in slots]
        moments = sorted(
            created + timedelta(seconds=rng.randint(60, max(120, life))) for _ in slots
        )
        return [(kind, step, moment) for (kind, step), moment in zip(slots, moments, strict=True)]

    @staticmethod
    def actor(ticket: Ticket, action: str) -> int | None:
        if action in REQUESTER_ACTIONS:
            return ticket.requester_id
        if action in MODERATOR_ACTIONS:
            return ticket.moderator_id
        return ticket.assignee_id

    # --- clean-up -----------------------------------------------------------------------------

    def clear(self) -> None:
        people = User.objects.filter(username__startswith=USERNAME_PREFIX)
        ids = list(Ticket.objects.filter(requester__in=people).values_list("pk", flat=True))
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            with transaction.atomic():
                TicketEvent.objects.filter(ticket_id__in=chunk).delete()
                TicketMessage.objects.filter(ticket_id__in=chunk).delete()
                Ticket.objects.filter(pk__in=chunk).delete()
            self.stdout.write(f"  {min(start + 5000, len(ids)):>8}/{len(ids)} deleted", ending="\r")
        people.delete()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Deleted {len(ids)} generated tickets."))
