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
- references are `R-` + the padded id, as `submit_ticket` gives them;
- the fields the reports read, as `helpdesk.sla.clock` would have left them: the brique's
  service-level targets for the ticket's priority with their due dates, the time to own of
  every ticket taken in charge and the time to resolve of every resolved or closed one (in
  business seconds, approximated as a share of the elapsed time: `BUSINESS_SHARE`), about
  12 % of the clocks stopped after their due date (breached), a few percent of the resolved
  tickets reopened once (`reopen_count`, and a reopen and second resolution in the history).

`--no-history` writes the tickets alone, without messages or history entries, which the
reports do not read: 1,000,000 tickets take about 15 minutes on a two-core machine.

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
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils import timezone

from portal.models import (
    Affiliation,
    BriquePage,
    Category,
    ChainMember,
    ChainRole,
    Establishment,
    SlaTarget,
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
from ...sla.clock import PAUSING_REASONS

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
REQUESTER_ACTIONS = {A.SUBMIT, A.CONFIRM, A.CANCEL, A.REOPEN}
MODERATOR_ACTIONS = {A.QUALIFY, A.REJECT}

# Generated delays are wall-clock; the reports read business seconds. Rather than walking a
# calendar for a million tickets, business time is approximated as this share of the elapsed
# time (about 50 working hours in a 168-hour week): good enough for generated data, and the
# same ratio turns a target in business hours into a wall-clock due date.
BUSINESS_SHARE = 0.3
# Share of the tickets with a target that miss it, for each clock.
BREACH_SHARE = 0.12
# Share of the resolved and closed tickets reopened once on the way.
REOPEN_SHARE = 0.04
# Open tickets were submitted within this many seconds.
OPEN_AGE = 20 * 86400
HOUR, DAY = 3600, 86400


def _wall(business_seconds: float) -> int:
    return int(business_seconds / BUSINESS_SHARE)


def _delay(rng, target_hours: Decimal | None, default: tuple[int, int]) -> int:
    """Seconds from submission to a clock's stop: within the target but for BREACH_SHARE of
    the tickets, or anywhere in `default` without a target."""
    if target_hours is None:
        return rng.randint(*default)
    due = _wall(float(target_hours) * HOUR)
    share = rng.uniform(1.02, 3.0) if rng.random() < BREACH_SHARE else rng.uniform(0.05, 0.95)
    return max(60, int(due * share))


def plan_steps(rng, status, reopened, tto_hours, ttr_hours) -> list[tuple[tuple, int]]:
    """The state changes that bring a ticket to `status`, each with its offset in seconds
    from submission, in time order."""
    if status == S.NEW:
        return []
    own = _delay(rng, tto_hours, (300, 2 * DAY))
    if status in (S.REJECTED, S.CANCELLED):
        action = A.REJECT if status == S.REJECTED else A.CANCEL
        return [((action, S.NEW, status), own)]
    steps = [((A.QUALIFY, S.NEW, S.ASSIGNED), own)]
    if status == S.ASSIGNED:
        return steps
    if status == S.PENDING:
        return [*steps, ((A.PUT_ON_HOLD, S.ASSIGNED, S.PENDING), own + rng.randint(60, 3 * DAY))]
    resolve = max(own + rng.randint(60, HOUR), _delay(rng, ttr_hours, (own + 600, 10 * DAY)))
    steps.append(((A.RESOLVE, S.ASSIGNED, S.RESOLVED), resolve))
    if reopened:
        reopen = resolve + rng.randint(HOUR, 3 * DAY)
        steps.append(((A.REOPEN, S.RESOLVED, S.ASSIGNED), reopen))
        steps.append(((A.RESOLVE, S.ASSIGNED, S.RESOLVED), reopen + rng.randint(HOUR, 3 * DAY)))
    if status == S.CLOSED:
        steps.append(((A.CONFIRM, S.RESOLVED, S.CLOSED), steps[-1][1] + rng.randint(600, 7 * DAY)))
    return steps


def set_clocks(ticket: Ticket, tto_hours, ttr_hours, moments: dict[str, list[datetime]]) -> None:
    """The service-level and report fields as `helpdesk.sla.clock` would have left them,
    business time approximated (BUSINESS_SHARE)."""
    created = ticket.created_at
    status = ticket.status

    def business(end: datetime) -> int:
        return int((end - created).total_seconds() * BUSINESS_SHARE)

    ticket.sla_priority = ticket.priority
    ticket.sla_tto_hours, ticket.sla_ttr_hours = tto_hours, ttr_hours
    owned = moments.get(A.QUALIFY) or moments.get(A.REJECT) or moments.get(A.CANCEL)
    if status in (S.ASSIGNED, S.PENDING, S.RESOLVED, S.CLOSED):
        ticket.time_to_own_seconds = business(owned[0])
    if tto_hours is not None:
        target = float(tto_hours) * HOUR
        ticket.tto_due = created + timedelta(seconds=_wall(target))
        ticket.tto_risk_at = created + timedelta(seconds=_wall(target * 0.75))
        if owned:
            ticket.tto_stopped_at = owned[0]
            ticket.tto_breached = owned[0] >= ticket.tto_due
    # The resolution clock pauses while the ticket is resolved (until a reopening), waits for
    # its requester or a third party, or is finished.
    resolves, reopens = moments.get(A.RESOLVE, []), moments.get(A.REOPEN, [])
    paused = sum(business(b) - business(a) for a, b in zip(resolves, reopens, strict=False))
    ticket.ttr_paused_seconds = paused
    stop = None
    if status in (S.RESOLVED, S.CLOSED):
        stop = resolves[-1]
        ticket.time_to_resolve_seconds = max(0, business(stop) - paused)
    elif status in (S.REJECTED, S.CANCELLED):
        stop = owned[0]
    elif status == S.PENDING and ticket.pending_reason in PAUSING_REASONS:
        stop = moments[A.PUT_ON_HOLD][0]
    ticket.ttr_paused_since = stop
    if ttr_hours is not None:
        target = float(ttr_hours) * HOUR
        ticket.ttr_due = created + timedelta(seconds=_wall(target + paused))
        ticket.ttr_risk_at = created + timedelta(seconds=_wall(target * 0.75 + paused))
        if stop is not None and status not in (S.PENDING,):
            ticket.ttr_breached = stop >= ticket.ttr_due


@dataclass
class Desk:
    brique: BriquePage
    categories: list[Category]
    moderators: list[int]
    # Technicians by school id (None: answers for every school).
    technicians: dict[int | None, list[int]]
    scenarios: list
    # Service-level targets by priority: (time to own, time to resolve) in business hours.
    targets: dict[int, tuple[Decimal, Decimal]]


class Command(BaseCommand):
    help = (
        "Create many random tickets with their thread and history, in bulk, for load tests "
        "(no Viewflow process). Needs briques with chains: run load_demo first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=10_000, help="Tickets to create.")
        parser.add_argument("--messages", type=int, default=3, help="Messages per ticket.")
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="No messages and no history entries: tickets only, for the reports benchmark.",
        )
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
                f"Created {count} tickets with "
                f"{0 if options['no_history'] else options['messages']} messages each in "
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
                        targets={
                            t.priority: (t.time_to_own_hours, t.time_to_resolve_hours)
                            for t in SlaTarget.objects.filter(brique=brique)
                        },
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
        history = not options["no_history"]
        message_count = options["messages"] if history else 0
        plans = []
        tickets = []
        for _ in range(size):
            desk = rng.choice(desks)
            requester = rng.choice(requesters)
            status = rng.choices(statuses, weights)[0]
            scenario = rng.choice(desk.scenarios)
            fill = {key: rng.choice(values) for key, values in FILLERS.items()}
            impact, urgency = rng.randint(1, 3), rng.randint(1, 4)
            priority = priority_for(impact, urgency)
            tto_hours, ttr_hours = desk.targets.get(priority, (None, None))
            reopened = status in (S.RESOLVED, S.CLOSED) and rng.random() < REOPEN_SHARE
            steps = plan_steps(rng, status, reopened, tto_hours, ttr_hours)
            last = steps[-1][1] if steps else 0
            # Finished tickets anywhere in the period, open ones are recent.
            finished = status in (S.CLOSED, S.REJECTED, S.CANCELLED)
            low = max(3600, last + 60)
            age = rng.randint(low, max(low + 1, span if finished else OPEN_AGE))
            created = now - timedelta(seconds=age)
            timeline = self.timeline(rng, status, steps, message_count, created, age)
            moments: dict[str, list[datetime]] = {}
            for kind, step, moment in timeline:
                if kind == "step":
                    moments.setdefault(step[0], []).append(moment)
            local = desk.technicians.get(requester.establishment_id) or []
            everyone = desk.technicians[None]
            assignee = rng.choice(local if local and rng.random() < 0.7 else everyone)
            moderator = rng.choice(desk.moderators)
            ticket = Ticket(
                kind=scenario.kind if scenario.kind in TicketKind.values else TicketKind.INCIDENT,
                status=status,
                brique_id=desk.brique.pk,
                category=rng.choice(desk.categories) if desk.categories else None,
                title=scenario.title.format(**fill)[:200],
                description=scenario.description.format(**fill),
                impact=impact,
                urgency=urgency,
                priority=priority,
                requester_id=requester.pk,
                establishment_id=requester.establishment_id,
                requester_affiliation=requester.affiliation,
                created_at=created,
                updated_at=timeline[-1][2] if timeline else created,
                version=1 + len(steps) + message_count if history else 1 + len(steps),
                reopen_count=1 if reopened else 0,
            )
            if status not in (S.NEW, S.REJECTED, S.CANCELLED):
                ticket.assignee_id = assignee
                ticket.moderator_id = moderator
                ticket.assigned_at = moments[A.QUALIFY][0]
            if status == S.REJECTED:
                ticket.moderator_id = moderator
            if status == S.PENDING:
                ticket.pending_reason = rng.choice(PendingReason.values)
            if status in (S.RESOLVED, S.CLOSED):
                ticket.solution = scenario.solution.format(**fill)
                ticket.resolution_code = rng.choice(ResolutionCode.values)
                ticket.resolved_at = moments[A.RESOLVE][-1]
            if status == S.CLOSED:
                ticket.satisfaction = rng.choice([4, 4, 4, 3, 3, 2, 1])
                ticket.closed_at = moments[A.CONFIRM][0]
            if status in (S.REJECTED, S.CANCELLED):
                ticket.closed_at = timeline[-1][2]
            set_clocks(ticket, tto_hours, ttr_hours, moments)
            tickets.append(ticket)
            plans.append((timeline, scenario, fill))

        # `updated_at` is auto_now, which would stamp the wall clock: each ticket keeps the
        # moment of its last change, set above.
        updated_at = Ticket._meta.get_field("updated_at")
        updated_at.auto_now = False
        try:
            Ticket.objects.bulk_create(tickets, batch_size=1000)
        finally:
            updated_at.auto_now = True
        ids = [t.pk for t in tickets]
        reference = Concat(Value("R-"), LPad(Cast("id", CharField()), 6, Value("0")))
        Ticket.objects.filter(pk__in=ids, pk__lt=1_000_000).update(reference=reference)
        Ticket.objects.filter(pk__in=ids, pk__gte=1_000_000).update(
            reference=Concat(Value("R-"), Cast("id", CharField()))
        )
        if history:
            self.create_history(rng, tickets, plans)

    def create_history(self, rng, tickets, plans) -> None:
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

    @staticmethod
    def timeline(rng, status, steps, message_count, created, age) -> list[tuple]:
        """The ticket's life after submission, in time order: ("step", transition, moment) and
        ("message", None, moment). The state changes fall where `plan_steps` put them;
        messages fall between submission and now for a ticket still new or assigned, and
        before its last change otherwise: a requester's reply would have resumed a waiting
        ticket, and nobody writes on a resolved or finished one."""
        entries = [(offset, 0, "step", step) for step, offset in steps]
        taken = {offset for _step, offset in steps}
        high = steps[-1][1] - 1 if steps and status not in (S.NEW, S.ASSIGNED) else age - 60
        for n in range(message_count):
            offset = rng.randint(30, max(31, high))
            while offset in taken:  # never at the same second as a change: order stays sure
                offset -= 1
            taken.add(offset)
            entries.append((offset, 1 + n, "message", None))
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        return [
            (kind, step, created + timedelta(seconds=offset)) for offset, _n, kind, step in entries
        ]

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
