"""Demo tickets: about two hundred requests over the last six months, so that queues, ticket
screens and reports look like a real service on the first visit.

Every ticket is filed and moved along only by the real business steps of
`helpdesk.services` (submit, qualify, put on hold, reply, resolve, confirm...) with `at=`
timestamps, so its history, its Viewflow process and its dates are what the site itself would
have written. Requesters are the demo accounts (etudiant, enseignant, personnel) and people
generated per school; moderators and technicians come from each brique's chain.

Everything random comes from `random.Random(2026)`: the demo is the same on every machine.
Running it again adds nothing: it stops when a generated requester already has a ticket.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import IO

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from viewflow.workflow.models import Process, Task

from portal.models import (
    Affiliation,
    BriquePage,
    Category,
    ChainMember,
    ChainRole,
    Establishment,
    User,
)

from . import demo_texts as texts
from . import services
from .mail.hooks import silenced
from .models import Impact, PendingReason, ResolutionCode, Ticket, TicketKind, Urgency
from .selectors import suggested_assignee
from .sla.demo import add_service_level_examples, example_count

SEED = 2026
DEFAULT_COUNT = 200
# The accounts shown on the sign-in page that file tickets (portal.demo_data.people).
DEMO_REQUESTERS = ("etudiant", "enseignant", "personnel")
# Share of the tickets filed by those three accounts, so that "Mes demandes" is not empty.
DEMO_REQUESTER_SHARE = 0.15
PEOPLE_PER_SCHOOL = 6
PER_SCHOOL_AFFILIATIONS = (
    [Affiliation.STUDENT] * 3 + [Affiliation.FACULTY] * 2 + [Affiliation.STAFF]
)

HOUR = 60  # minutes
DAY = 24 * HOUR

# A plan is the list of steps a ticket goes through, with the share of tickets that follow it.
# Steps are names of `_Player` methods; each carries the delay before it, in minutes (min, max).
PLANS: dict[str, tuple[float, list[tuple[str, tuple[int, int]]]]] = {
    "new": (0.07, []),
    "assigned": (0.08, [("qualify", (10, 6 * HOUR)), ("staff_reply", (30, DAY))]),
    "assigned_with_note": (0.03, [("take", (10, 4 * HOUR)), ("note", (30, 8 * HOUR))]),
    "handed_over": (
        0.02,
        [("qualify", (10, 4 * HOUR)), ("reassign", (HOUR, 2 * DAY)), ("note", (30, DAY))],
    ),
    "pending_requester": (0.05, [("qualify", (10, 4 * HOUR)), ("ask", (HOUR, 2 * DAY))]),
    "pending_provider": (
        0.03,
        [("qualify", (10, 4 * HOUR)), ("note", (30, 6 * HOUR)), ("escalate", (HOUR, DAY))],
    ),
    "pending_third_party": (0.02, [("qualify", (10, 4 * HOUR)), ("hold_third", (HOUR, DAY))]),
    "resolved": (
        0.07,
        [
            ("qualify", (10, 4 * HOUR)),
            ("ask", (HOUR, DAY)),
            ("answer", (HOUR, DAY)),
            ("resolve", (HOUR, 2 * DAY)),
        ],
    ),
    "reopened_open": (
        0.02,
        [("take", (10, 4 * HOUR)), ("resolve", (HOUR, 2 * DAY)), ("reopen", (2 * HOUR, 3 * DAY))],
    ),
    "closed": (
        0.24,
        [
            ("qualify", (10, 6 * HOUR)),
            ("note", (30, DAY)),
            ("resolve", (HOUR, 4 * DAY)),
            ("confirm", (HOUR, 3 * DAY)),
        ],
    ),
    "closed_after_question": (
        0.14,
        [
            ("qualify", (10, 6 * HOUR)),
            ("ask", (HOUR, DAY)),
            ("answer", (30, 2 * DAY)),
            ("resolve", (HOUR, 3 * DAY)),
            ("confirm", (HOUR, 3 * DAY)),
        ],
    ),
    "closed_follow_up": (
        0.04,
        [
            ("qualify", (10, 6 * HOUR)),
            ("staff_reply", (HOUR, DAY)),
            ("follow_up", (DAY, 3 * DAY)),
            ("resolve", (HOUR, 2 * DAY)),
            ("confirm", (HOUR, 2 * DAY)),
        ],
    ),
    "closed_reopened": (
        0.04,
        [
            ("qualify", (10, 6 * HOUR)),
            ("resolve", (HOUR, 2 * DAY)),
            ("reopen", (HOUR, 3 * DAY)),
            ("note", (30, DAY)),
            ("resolve", (HOUR, 3 * DAY)),
            ("confirm", (HOUR, 2 * DAY)),
        ],
    ),
    "closed_provider": (
        0.03,
        [
            ("qualify", (10, 4 * HOUR)),
            ("note", (30, 6 * HOUR)),
            ("escalate", (HOUR, DAY)),
            ("provider_back", (DAY, 6 * DAY)),
            ("resolve", (30, DAY)),
            ("confirm", (HOUR, 3 * DAY)),
        ],
    ),
    "closed_third_party": (
        0.02,
        [
            ("qualify", (10, 4 * HOUR)),
            ("hold_third", (HOUR, DAY)),
            ("resume", (DAY, 4 * DAY)),
            ("resolve", (HOUR, DAY)),
            ("confirm", (HOUR, 2 * DAY)),
        ],
    ),
    "closed_automatically": (
        0.04,
        [
            ("qualify", (10, 6 * HOUR)),
            ("staff_reply", (HOUR, DAY)),
            ("resolve", (HOUR, 2 * DAY)),
            ("auto_close", (7 * DAY, 7 * DAY)),
        ],
    ),
    "rejected": (0.04, [("reject", (10, 8 * HOUR))]),
    "cancelled_new": (0.02, [("cancel", (30, DAY))]),
    "cancelled_assigned": (0.02, [("qualify", (10, 4 * HOUR)), ("cancel", (HOUR, 2 * DAY))]),
    "duplicate": (0.02, [("duplicate", (10, 6 * HOUR))]),
}
# Tickets still open were filed recently (a six-month-old new ticket would look neglected).
OPEN_PLAN_MAX_AGE = {
    "new": 4 * DAY,
    "assigned": 20 * DAY,
    "assigned_with_note": 15 * DAY,
    "handed_over": 20 * DAY,
    "pending_requester": 12 * DAY,
    "pending_provider": 20 * DAY,
    "pending_third_party": 15 * DAY,
    "resolved": 8 * DAY,
    "reopened_open": 15 * DAY,
}
SIX_MONTHS = 182 * DAY
RATINGS = [4] * 11 + [3] * 6 + [2] * 2 + [1]


def load_demo_tickets(stdout: IO[str] | None = None, count: int = DEFAULT_COUNT) -> int:
    """Create the demo tickets; return how many (0 when they already exist or no brique has a
    moderator in its chain)."""
    log = _logger(stdout)
    rng = random.Random(SEED)
    schools = list(Establishment.objects.order_by("short_code"))
    people = _people_to_generate(rng, schools)
    if Ticket.objects.filter(requester__username__in=[p.username for p in people]).exists():
        log("  demo tickets already present")
        return 0
    desks = _desks()
    if not desks:
        log("  no brique with a moderator in its chain: no demo tickets")
        return 0
    # Back-dated demo history: nobody is e-mailed about it.
    with transaction.atomic(), silenced():
        requesters = _requesters(people) + list(
            User.objects.filter(username__in=DEMO_REQUESTERS).order_by("username")
        )
        # Two of them show service levels at risk (helpdesk.sla.demo).
        examples = example_count(count)
        played = _Player(rng, desks, requesters, timezone.now()).play(count - examples)
        if examples:
            played += add_service_level_examples(requesters, timezone.now())
    states = Counter(ticket.status for ticket in played)
    log(
        f"  created {len(played)} demo tickets ("
        + ", ".join(f"{n} {status}" for status, n in sorted(states.items()))
        + ")"
    )
    return len(played)


try:  # `load_demo` runs the steps that apps register (see portal.demo).
    from portal.demo import demo_step
except ImportError:  # pragma: no cover - an older portal without registered steps
    pass
else:

    @demo_step("tickets", order=900)
    def _demo_tickets_step(log: Callable[[str], None]) -> None:
        load_demo_tickets(stdout=_CallableWriter(log))

    from . import demo_problems  # noqa: F401, E402  (registers the "problem" step)


# --- people ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    username: str
    first_name: str
    last_name: str
    school: Establishment
    affiliation: str


def _people_to_generate(rng: random.Random, schools: list[Establishment]) -> list[_Person]:
    """Six people per school, the same on every run (the list is also the demo's marker)."""
    taken: set[tuple[str, str]] = set()
    people = []
    for school in schools:
        for affiliation in PER_SCHOOL_AFFILIATIONS[:PEOPLE_PER_SCHOOL]:
            while True:
                pair = (rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES))
                if pair not in taken:
                    taken.add(pair)
                    break
            username = f"{slugify(pair[0])}.{slugify(pair[1])}"
            people.append(_Person(username, pair[0], pair[1], school, affiliation))
    return people


def _requesters(people: list[_Person]) -> list[User]:
    from portal.demo import demo_email

    users = []
    for person in people:
        user, created = User.objects.get_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": demo_email(person.first_name, person.last_name, person.school),
                "establishment": person.school,
                "affiliation": person.affiliation,
            },
        )
        if created:
            # They exist to file tickets; nobody signs in as them.
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users.append(user)
    return users


# --- briques and their chains -----------------------------------------------------------------


@dataclass
class _Desk:
    """A live brique with what the demo needs from its chain."""

    brique: BriquePage
    categories: dict[str, Category]
    entries: list[ChainMember]
    has_providers: bool
    audiences: set[str]
    tickets: list[Ticket] = field(default_factory=list)

    def people(self, role: str, school_id: int | None) -> list[User]:
        return [
            entry.user
            for entry in self.entries
            if entry.role == role
            and entry.user.is_active
            and (entry.establishment_id is None or entry.establishment_id == school_id)
        ]


def _desks() -> list[_Desk]:
    desks = []
    for brique in BriquePage.objects.live().order_by("path"):
        entries = list(ChainMember.objects.filter(brique=brique).select_related("user"))
        if not any(e.role == ChainRole.MODERATOR and e.establishment_id is None for e in entries):
            continue
        audiences = {
            affiliation
            for wanted, affiliation in (
                (brique.for_staff, Affiliation.STAFF),
                (brique.for_faculty, Affiliation.FACULTY),
                (brique.for_students, Affiliation.STUDENT),
            )
            if wanted
        }
        desks.append(
            _Desk(
                brique=brique,
                categories={c.name: c for c in Category.objects.filter(brique=brique)},
                entries=entries,
                has_providers=brique.providers.exists(),
                audiences=audiences or {Affiliation.STAFF},
            )
        )
    return desks


# --- playing the tickets' lives -----------------------------------------------------------------


@dataclass
class _Script:
    plan: str
    desk: _Desk
    requester: User
    scenario: texts.Scenario
    fill: dict[str, str]
    created_at: datetime
    steps: list[tuple[str, datetime]]


class _Player:
    """Writes the scripts (who, what, when), then plays them in the order of submission, so
    that references follow the dates as they would on a real desk."""

    def __init__(
        self, rng: random.Random, desks: list[_Desk], requesters: list[User], now: datetime
    ):
        self.rng = rng
        self.desks = desks
        self.demo_accounts = [u for u in requesters if u.username in DEMO_REQUESTERS]
        self.others = [u for u in requesters if u.username not in DEMO_REQUESTERS]
        # Nothing happens in the last few minutes: the demo never looks dated in the future.
        self.now = now.replace(microsecond=0) - timedelta(minutes=5)
        self.staff: dict[int, User] = {}

    def play(self, count: int) -> list[Ticket]:
        scripts = sorted(
            (self._script(plan) for plan in self._plans(count)), key=lambda s: s.created_at
        )
        tickets = []
        for script in scripts:
            tickets.append(self._play(script))
        return tickets

    # -- writing

    def _plans(self, count: int) -> list[str]:
        plans = []
        for name, (share, _steps) in PLANS.items():
            plans += [name] * max(1, round(share * count))
        # Rounding: trim or pad with the commonest outcome, a closed ticket.
        while len(plans) > count:
            plans.remove("closed")
        plans += ["closed"] * (count - len(plans))
        self.rng.shuffle(plans)
        return plans

    def _script(self, plan: str) -> _Script:
        rng = self.rng
        requester = None
        while requester is None:
            desk = rng.choice(self.desks)
            pool = self.demo_accounts if rng.random() < DEMO_REQUESTER_SHARE else self.others
            pool = [u for u in pool if u.affiliation in desk.audiences] or pool
            if pool:
                requester = rng.choice(pool)
        scenario = rng.choice(texts.SCENARIOS.get(desk.brique.slug, texts.GENERIC))
        fill = {key: rng.choice(values) for key, values in texts.FILLERS.items()}
        delays = [(step, rng.randint(*bounds)) for step, bounds in PLANS[plan][1]]
        span = sum(minutes for _step, minutes in delays)
        max_age = OPEN_PLAN_MAX_AGE.get(plan, SIX_MONTHS)
        age = rng.randint(min(span + 30, max_age), max(span + 30, max_age))
        created_at = _working_hours(self.now - timedelta(minutes=age), rng)
        if created_at + timedelta(minutes=span) > self.now:
            created_at = self.now - timedelta(minutes=span + rng.randint(5, 90))
        steps, moment = [], created_at
        for step, minutes in delays:
            moment += timedelta(minutes=minutes)
            steps.append((step, moment))
        return _Script(plan, desk, requester, scenario, fill, created_at, steps)

    # -- playing

    def _play(self, script: _Script) -> Ticket:
        desk, scenario, rng = script.desk, script.scenario, self.rng
        category = desk.categories.get(scenario.category) or (
            rng.choice(list(desk.categories.values())) if desk.categories else None
        )
        urgency = rng.choice(
            [Urgency.CRITICAL] + [Urgency.HIGH] * 3 + [Urgency.MEDIUM] * 4 + [Urgency.LOW] * 2
        )
        impact = rng.choice([Impact.DEPARTMENT] + [Impact.GROUP] * 2 + [Impact.PERSON] * 5)
        watchers = []
        if rng.random() < 0.1:
            colleagues = [
                u
                for u in self.others
                if u.establishment_id == script.requester.establishment_id and u != script.requester
            ]
            if colleagues:
                watchers.append(rng.choice(colleagues).email)
        mark = timezone.now()
        ticket = services.submit_ticket(
            script.requester,
            brique=desk.brique,
            kind=scenario.kind,
            title=self._text(scenario.title, script)[:200],
            description=self._text(scenario.description, script),
            impact=impact,
            urgency=urgency,
            category=category,
            watchers=watchers,
            at=script.created_at,
        )
        _date_process(ticket, mark, script.created_at)
        context = {"script": script, "technician": None, "moderator": None}
        last = script.created_at
        for step, at in script.steps:
            mark = timezone.now()
            getattr(self, f"_{step}")(ticket, at, context)
            _date_process(ticket, mark, at)
            last = at
        # `updated_at` is `auto_now`: give it the date of the last step, as on a real desk.
        Ticket.objects.filter(pk=ticket.pk).update(updated_at=last)
        desk.tickets.append(ticket)
        return ticket

    def _text(self, template: str, script: _Script) -> str:
        return template.format(**script.fill)

    def _moderator(self, ticket: Ticket, context: dict) -> User:
        if context["moderator"] is None:
            desk = context["script"].desk
            context["moderator"] = self.rng.choice(
                desk.people(ChainRole.MODERATOR, ticket.establishment_id)
            )
        return context["moderator"]

    def _technician_for(self, ticket: Ticket, context: dict) -> User:
        """Mostly the default dispatch (the school's technician first), sometimes another one."""
        desk = context["script"].desk
        candidates = desk.people(ChainRole.TECHNICIAN, ticket.establishment_id)
        suggestion = suggested_assignee(ticket)
        if suggestion and (self.rng.random() < 0.75 or len(candidates) < 2):
            return suggestion
        return self.rng.choice(candidates) if candidates else self._moderator(ticket, context)

    def _worker(self, ticket: Ticket) -> User:
        # By id: the services refresh `assignee_id` on our instance, not a cached `assignee`.
        if ticket.assignee_id not in self.staff:
            self.staff[ticket.assignee_id] = User.objects.get(pk=ticket.assignee_id)
        return self.staff[ticket.assignee_id]

    # Steps: each calls one business step as the person who would take it.

    def _qualify(self, ticket, at, context):
        moderator = self._moderator(ticket, context)
        services.qualify_ticket(
            moderator,
            ticket,
            assignee=self._technician_for(ticket, context),
            comment="",
            version=ticket.version,
            at=at,
        )

    def _take(self, ticket, at, context):
        services.take_ticket(
            self._moderator(ticket, context), ticket, version=ticket.version, at=at
        )

    def _reassign(self, ticket, at, context):
        desk = context["script"].desk
        others = [
            u
            for u in desk.people(ChainRole.TECHNICIAN, ticket.establishment_id)
            if u.pk != ticket.assignee_id
        ]
        if not others:
            return self._note(ticket, at, context)
        services.reassign_ticket(
            self._moderator(ticket, context),
            ticket,
            assignee=self.rng.choice(others),
            comment=self.rng.choice(texts.HANDOVER_COMMENTS),
            version=ticket.version,
            at=at,
        )

    def _note(self, ticket, at, context):
        script = context["script"]
        services.add_note(
            self._worker(ticket), ticket, body=self._text(script.scenario.note, script), at=at
        )

    def _staff_reply(self, ticket, at, context):
        services.add_reply(
            self._worker(ticket), ticket, body=self.rng.choice(texts.STAFF_REPLIES), at=at
        )

    def _follow_up(self, ticket, at, context):
        services.add_reply(
            ticket.requester, ticket, body=self.rng.choice(texts.REQUESTER_FOLLOW_UPS), at=at
        )

    def _ask(self, ticket, at, context):
        script = context["script"]
        services.put_on_hold(
            self._worker(ticket),
            ticket,
            reason=PendingReason.REQUESTER,
            comment=self._text(script.scenario.question, script),
            at=at,
        )

    def _answer(self, ticket, at, context):
        script = context["script"]
        # The requester's answer puts the ticket back in the technician's hands (see add_reply).
        services.add_reply(
            ticket.requester, ticket, body=self._text(script.scenario.answer, script), at=at
        )

    def _escalate(self, ticket, at, context):
        brique_providers = list(context["script"].desk.brique.providers.select_related("provider"))
        if not brique_providers:
            return self._hold_third(ticket, at, context)
        contract = self.rng.choice(brique_providers)
        reference = f"{contract.provider.name[:3].upper()}-{self.rng.randint(10000, 99999)}"
        services.escalate_to_provider(
            self._worker(ticket),
            ticket,
            provider=contract.provider,
            provider_reference=reference,
            comment=self.rng.choice(texts.PROVIDER_NOTES),
            at=at,
        )

    def _provider_back(self, ticket, at, context):
        services.resume_ticket(
            self._worker(ticket), ticket, comment=self.rng.choice(texts.PROVIDER_BACK), at=at
        )

    def _hold_third(self, ticket, at, context):
        services.put_on_hold(
            self._worker(ticket),
            ticket,
            reason=PendingReason.THIRD_PARTY,
            comment=self.rng.choice(texts.THIRD_PARTY_WAITS),
            at=at,
        )

    def _resume(self, ticket, at, context):
        services.resume_ticket(
            self._worker(ticket), ticket, comment="Retour obtenu, reprise du traitement.", at=at
        )

    def _resolve(self, ticket, at, context):
        script = context["script"]
        code = (
            ResolutionCode.ANSWERED
            if ticket.kind == TicketKind.SERVICE_REQUEST
            else self.rng.choice(
                [ResolutionCode.FIXED] * 4 + [ResolutionCode.WORKAROUND, ResolutionCode.USER_ERROR]
            )
        )
        services.resolve_ticket(
            self._worker(ticket),
            ticket,
            solution=self._text(script.scenario.solution, script),
            resolution_code=code,
            at=at,
        )

    def _confirm(self, ticket, at, context):
        rating = self.rng.choice(RATINGS)
        services.confirm_resolution(
            ticket.requester,
            ticket,
            rating=rating,
            comment=self.rng.choice(texts.SATISFACTION_COMMENTS[rating]),
            at=at,
        )

    def _reopen(self, ticket, at, context):
        services.reopen_ticket(
            ticket.requester, ticket, reason=self.rng.choice(texts.REOPEN_REASONS), at=at
        )

    def _auto_close(self, ticket, at, context):
        # The system closes a resolved ticket nobody confirmed after the delay.
        services.close_ticket(
            None, ticket, comment="Clôture automatique sans réponse du demandeur.", at=at
        )

    def _reject(self, ticket, at, context):
        services.reject_ticket(
            self._moderator(ticket, context),
            ticket,
            reason=self.rng.choice(texts.REJECT_REASONS),
            at=at,
        )

    def _cancel(self, ticket, at, context):
        services.cancel_ticket(
            ticket.requester, ticket, reason=self.rng.choice(texts.CANCEL_REASONS), at=at
        )

    def _duplicate(self, ticket, at, context):
        desk = context["script"].desk
        originals = [t for t in desk.tickets if t.created_at < ticket.created_at]
        if not originals:
            return self._reject(ticket, at, context)
        services.mark_duplicate(
            self._moderator(ticket, context),
            ticket,
            original=self.rng.choice(originals[-10:]),
            at=at,
        )


# --- helpers ----------------------------------------------------------------------------------


def _working_hours(moment: datetime, rng: random.Random) -> datetime:
    """Move a moment to a weekday between 8:00 and 18:00 (local time), as most requests are."""
    local = timezone.localtime(moment)
    while local.weekday() >= 5:
        local -= timedelta(days=1)
    if not 8 <= local.hour < 18:
        local = local.replace(hour=rng.randint(8, 17), minute=rng.randint(0, 59))
    return local


def _date_process(ticket: Ticket, since: datetime, at: datetime) -> None:
    """Viewflow stamps its process and tasks with the wall clock; give what the step just wrote
    the step's demo date instead, so the process chart and the history tell the same story.
    Rows written before `since` (earlier steps) already carry their demo dates."""
    if ticket.process_id is None:
        return
    Process.objects.filter(pk=ticket.process_id, created__gte=since).update(created=at)
    Process.objects.filter(pk=ticket.process_id, finished__gte=since).update(finished=at)
    tasks = Task.objects.filter(process_id=ticket.process_id)
    for stamp in ("created", "assigned", "started", "finished"):
        tasks.filter(**{f"{stamp}__gte": since}).update(**{stamp: at})


def demo_ticket_filter() -> Q:
    """The demo's tickets: those of the generated requesters and of the demo accounts."""
    rng = random.Random(SEED)
    schools = list(Establishment.objects.order_by("short_code"))
    usernames = [p.username for p in _people_to_generate(rng, schools)] + list(DEMO_REQUESTERS)
    return Q(requester__username__in=usernames)


class _CallableWriter:
    def __init__(self, log: Callable[[str], None]):
        self.log = log

    def write(self, text: str) -> None:
        self.log(text.rstrip("\n"))


def _logger(stdout: IO[str] | None) -> Callable[[str], None]:
    if stdout is None:
        return lambda _text: None
    return lambda text: stdout.write(text + "\n")
