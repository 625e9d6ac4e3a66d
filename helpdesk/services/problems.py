"""The business steps of a problem's life: create it from incidents, link and unlink
incidents, assign it, record its cause and workaround, resolve it (which resolves its open
incidents through the ticket services), close it.

Each function locks the problem row, refuses a stale `version` (`StaleProblem`), checks
`helpdesk.problem_policies` and writes the append-only `ProblemEvent` history."""

from __future__ import annotations

import contextvars
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.models import ChainMember, User

from ..models import (
    OPEN_STATUSES,
    Problem,
    ProblemAction,
    ProblemEvent,
    ProblemStatus,
    ResolutionCode,
    Ticket,
    TicketAction,
    TicketKind,
    TicketStatus,
)
from ..models.problems import PROBLEM_REFERENCE_PREFIX
from ..policies import ActionNotAllowed, allowed_actions
from ..problem_policies import ensure_problem_allowed, works_on_brique
from .tickets import qualify_ticket, resolve_ticket

A = ProblemAction
S = ProblemStatus

# Sent once the transaction that resolved a problem has committed, with `problem`, `actor`,
# `incidents` (the tickets it resolved now) and `requesters` ({user: [their tickets]}, each
# requester once). The notifications send "problem resolved" to each requester from it.
problem_resolved = Signal()

# Set while `resolve_problem` resolves its incidents: the per-ticket "resolved" message may read
# it and stay silent, since the requesters get the one "problem resolved" message instead.
resolving_problem: contextvars.ContextVar[Problem | None] = contextvars.ContextVar(
    "resolving_problem", default=None
)


class StaleProblem(Exception):
    """Someone else changed the problem since the form was shown: nothing was overwritten."""

    def __init__(self):
        super().__init__(
            _(
                "This problem was changed by someone else in the meantime. Review the latest "
                "version below, then try again."
            )
        )


# --- internals ------------------------------------------------------------------------------


def _lock(problem: Problem, actor: User | None, action: str, version: int | None) -> Problem:
    locked = Problem.objects.select_for_update().get(pk=problem.pk)
    if version is not None and locked.version != version:
        raise StaleProblem()
    ensure_problem_allowed(actor, locked, action)
    return locked


def _record(
    problem: Problem,
    actor: User | None,
    action: str,
    from_status: str,
    *,
    at: datetime,
    comment: str = "",
    tickets: Iterable[Ticket] = (),
) -> None:
    problem.version += 1
    problem.save()
    tickets = list(tickets)
    ProblemEvent.objects.bulk_create(
        ProblemEvent(
            problem=problem,
            actor=actor,
            action=action,
            from_status=from_status,
            to_status=problem.status,
            ticket=ticket,
            comment=comment,
            created_at=at,
        )
        for ticket in (tickets or [None])
    )


def _refresh(target: Problem, source: Problem) -> Problem:
    target.__dict__.update({k: v for k, v in source.__dict__.items() if not k.startswith("_")})
    return target


def _require(text: str, field: str, message) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def _lock_incidents(
    actor: User, brique_id: int | None, incidents: Iterable[Ticket]
) -> list[Ticket]:
    """The incidents, locked, checked: open incidents of one brique that `actor` sees and that
    no other problem holds."""
    ids = sorted({ticket.pk for ticket in incidents})
    if not ids:
        raise ValidationError({"incidents": _("Choose at least one incident.")})
    locked = list(
        Ticket.objects.visible_to(actor).select_for_update().filter(pk__in=ids).order_by("pk")
    )
    if len(locked) != len(ids):
        raise ActionNotAllowed()
    briques = {ticket.brique_id for ticket in locked}
    if len(briques) != 1 or (brique_id is not None and briques != {brique_id}):
        raise ValidationError({"incidents": _("Choose incidents of the problem's brique.")})
    for ticket in locked:
        if ticket.kind != TicketKind.INCIDENT:
            raise ValidationError(
                {
                    "incidents": _("%(reference)s is not an incident.")
                    % {"reference": ticket.reference}
                }
            )
        if ticket.status not in OPEN_STATUSES:
            raise ValidationError(
                {
                    "incidents": _("%(reference)s is no longer open.")
                    % {"reference": ticket.reference}
                }
            )
        if ticket.problem_id is not None:
            raise ValidationError(
                {
                    "incidents": _("%(reference)s is already linked to a problem.")
                    % {"reference": ticket.reference}
                }
            )
    return locked


def _link(problem: Problem, tickets: list[Ticket]) -> None:
    # Linking changes no field of the ticket that its agents edit, so it does not bump the
    # ticket's version (which would turn their open forms stale); the problem's history keeps it.
    Ticket.objects.filter(pk__in=[t.pk for t in tickets]).update(problem=problem)
    for ticket in tickets:
        ticket.problem = problem


def _references(tickets: Iterable[Ticket]) -> str:
    return ", ".join(ticket.reference for ticket in tickets)


# --- steps ----------------------------------------------------------------------------------


@transaction.atomic
def create_problem(
    actor: User,
    *,
    incidents: Iterable[Ticket],
    title: str,
    description: str = "",
    at: datetime | None = None,
) -> Problem:
    """A moderator or technician sees one root cause behind one or several incidents of a
    brique and opens a problem for it; the incidents are linked at once."""
    at = at or timezone.now()
    title = _require(title, "title", _("Give the problem a title."))
    tickets = _lock_incidents(actor, None, incidents)
    brique_id = tickets[0].brique_id
    if not works_on_brique(actor, brique_id):
        raise ActionNotAllowed()
    problem = Problem.objects.create(
        brique_id=brique_id,
        title=title[:200],
        description=(description or "").strip(),
        created_by=actor,
        created_at=at,
    )
    problem.reference = f"{PROBLEM_REFERENCE_PREFIX}{problem.pk:06d}"
    problem.save(update_fields=["reference"])
    _link(problem, tickets)
    ProblemEvent.objects.create(
        problem=problem, actor=actor, action=A.CREATE, to_status=S.NEW, created_at=at
    )
    ProblemEvent.objects.bulk_create(
        ProblemEvent(
            problem=problem,
            actor=actor,
            action=A.LINK,
            from_status=S.NEW,
            to_status=S.NEW,
            ticket=ticket,
            created_at=at,
        )
        for ticket in tickets
    )
    return problem


@transaction.atomic
def link_incidents(
    actor: User,
    problem: Problem,
    *,
    incidents: Iterable[Ticket],
    version: int | None = None,
    at: datetime | None = None,
) -> Problem:
    """More incidents turn out to share the cause: link them to the problem."""
    at = at or timezone.now()
    locked = _lock(problem, actor, A.LINK, version)
    tickets = _lock_incidents(actor, locked.brique_id, incidents)
    _link(locked, tickets)
    _record(locked, actor, A.LINK, locked.status, at=at, tickets=tickets)
    return _refresh(problem, locked)


@transaction.atomic
def unlink_incident(
    actor: User,
    problem: Problem,
    *,
    incident: Ticket,
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Problem:
    """The incident has another cause after all: it leaves the problem."""
    at = at or timezone.now()
    locked = _lock(problem, actor, A.UNLINK, version)
    updated = Ticket.objects.filter(pk=incident.pk, problem=locked).update(problem=None)
    if not updated:
        raise ValidationError({"incident": _("This incident is not linked to the problem.")})
    incident.problem = None
    _record(locked, actor, A.UNLINK, locked.status, at=at, comment=comment, tickets=[incident])
    return _refresh(problem, locked)


@transaction.atomic
def assign_problem(
    actor: User,
    problem: Problem,
    *,
    assignee: User,
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Problem:
    """Give the problem to a moderator or technician of the brique's chain to investigate."""
    at = at or timezone.now()
    locked = _lock(problem, actor, A.ASSIGN, version)
    in_chain = ChainMember.objects.filter(
        brique_id=locked.brique_id, brique__live=True, user=assignee, user__is_active=True
    ).exists()
    if not in_chain:
        raise ValidationError({"assignee": _("Choose a person of this brique's chain.")})
    from_status = locked.status
    locked.assignee = assignee
    locked.status = S.ASSIGNED
    locked.assigned_at = locked.assigned_at or at
    _record(locked, actor, A.ASSIGN, from_status, at=at, comment=comment or str(assignee))
    return _refresh(problem, locked)


@transaction.atomic
def record_analysis(
    actor: User,
    problem: Problem,
    *,
    root_cause: str | None = None,
    workaround: str | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> Problem:
    """Write down the root cause and the workaround as they become known; the linked
    incidents' technicians read the workaround on their ticket screen."""
    at = at or timezone.now()
    locked = _lock(problem, actor, A.ANALYSE, version)
    changes = []
    if root_cause is not None and root_cause.strip() != locked.root_cause:
        locked.root_cause = root_cause.strip()
        label = gettext("Root cause")  # outside the f-string, where makemessages finds it
        changes.append(f"{label}: {locked.root_cause}")
    if workaround is not None and workaround.strip() != locked.workaround:
        locked.workaround = workaround.strip()
        label = gettext("Workaround")
        changes.append(f"{label}: {locked.workaround}")
    if not changes:
        raise ValidationError({"root_cause": _("Change the root cause or the workaround.")})
    _record(locked, actor, A.ANALYSE, locked.status, at=at, comment="\n".join(changes))
    return _refresh(problem, locked)


@transaction.atomic
def resolve_problem(
    actor: User,
    problem: Problem,
    *,
    solution: str,
    resolution_code: str = ResolutionCode.FIXED,
    version: int | None = None,
    at: datetime | None = None,
) -> Problem:
    """The root cause is fixed: the problem is resolved, and so is every open linked incident,
    each through `resolve_ticket` (its history, service-level clock, Viewflow task and
    messages follow the one path) with the problem's solution. Their requesters are told once
    each through the `problem_resolved` signal, after commit.

    An incident still new is first qualified (assigned to the problem's assignee when they may
    take it, else to the actor) by the actor, which only moderators and admins may do; a
    technician resolving a problem that holds new incidents is asked to have them qualified.
    An incident the actor may not resolve themselves (a technician who is not its assignee) is
    resolved by the system on the problem's behalf: the problem's history names the actor."""
    from ..selectors import assignable_people

    at = at or timezone.now()
    solution = _require(solution, "solution", _("Describe the solution."))
    if resolution_code not in ResolutionCode.values:
        raise ValidationError({"resolution_code": _("Choose a resolution code.")})
    locked = _lock(problem, actor, A.RESOLVE, version)
    incidents = list(
        Ticket.objects.select_for_update()
        .filter(problem=locked, status__in=OPEN_STATUSES)
        .order_by("pk")
    )
    new = [t for t in incidents if t.status == TicketStatus.NEW]
    for ticket in new:
        if TicketAction.QUALIFY not in allowed_actions(actor, ticket):
            raise ValidationError(
                {
                    "solution": _(
                        "Incidents %(references)s are still new: a moderator must qualify them "
                        "before the problem can be resolved."
                    )
                    % {"references": _references(new)}
                }
            )
    token = resolving_problem.set(locked)
    try:
        for ticket in incidents:
            if ticket.status == TicketStatus.NEW:
                people = assignable_people(ticket)
                assignee = (
                    next(
                        (
                            person
                            for person in (locked.assignee, actor)
                            if person is not None and people.filter(pk=person.pk).exists()
                        ),
                        None,
                    )
                    or people.first()
                )
                if assignee is None:
                    raise ValidationError(
                        {
                            "solution": _("Nobody in the chain can be given %(reference)s.")
                            % {"reference": ticket.reference}
                        }
                    )
                qualify_ticket(actor, ticket, assignee=assignee, at=at)
            resolver = actor if TicketAction.RESOLVE in allowed_actions(actor, ticket) else None
            resolve_ticket(
                resolver, ticket, solution=solution, resolution_code=resolution_code, at=at
            )
    finally:
        resolving_problem.reset(token)
    from_status = locked.status
    locked.status = S.RESOLVED
    locked.solution = solution
    locked.resolved_at = at
    _record(locked, actor, A.RESOLVE, from_status, at=at, comment=solution)
    if incidents:
        ProblemEvent.objects.bulk_create(
            ProblemEvent(
                problem=locked,
                actor=actor,
                action=A.RESOLVE,
                from_status=from_status,
                to_status=S.RESOLVED,
                ticket=ticket,
                comment=gettext("Incident resolved with the problem."),
                created_at=at,
            )
            for ticket in incidents
        )
    requesters: dict[User, list[Ticket]] = {}
    people = User.objects.in_bulk({t.requester_id for t in incidents})
    for ticket in incidents:
        requesters.setdefault(people[ticket.requester_id], []).append(ticket)

    def tell() -> None:
        problem_resolved.send(
            sender=Problem, problem=locked, actor=actor, incidents=incidents, requesters=requesters
        )

    transaction.on_commit(tell)
    return _refresh(problem, locked)


@transaction.atomic
def close_problem(
    actor: User,
    problem: Problem,
    *,
    comment: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Problem:
    """The fix has held: the problem is closed for good."""
    at = at or timezone.now()
    locked = _lock(problem, actor, A.CLOSE, version)
    from_status = locked.status
    locked.status = S.CLOSED
    locked.closed_at = at
    _record(locked, actor, A.CLOSE, from_status, at=at, comment=comment)
    return _refresh(problem, locked)


@transaction.atomic
def attach_known_error_article(
    actor: User, problem: Problem, *, article, at: datetime | None = None
) -> Problem:
    """Remember the known-error article drafted from the problem (knowledge.services
    `draft_article_from_problem` calls this)."""
    at = at or timezone.now()
    locked = _lock(problem, actor, A.KNOWN_ERROR, None)
    locked.known_error_article = article
    _record(locked, actor, A.KNOWN_ERROR, locked.status, at=at, comment=article.title)
    return _refresh(problem, locked)
