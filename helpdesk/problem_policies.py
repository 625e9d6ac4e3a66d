"""Who may do what to a problem, in which state. Like `helpdesk.policies` for tickets: the
screens show only what `allowed_problem_actions` returns and every service checks
`ensure_problem_allowed` again.

Moderators and technicians named in the brique's live chain (for any school: a problem may
group incidents of several schools) and helpdesk admins work on its problems; for anyone else
a problem does not exist (404)."""

from __future__ import annotations

from portal.models import User

from .models import Problem, ProblemAction, ProblemStatus
from .models.querysets import chain_entries, is_helpdesk_admin
from .policies import ActionNotAllowed

A = ProblemAction
S = ProblemStatus

PROBLEM_ACTION_STATES: dict[str, set[str]] = {
    A.LINK: {S.NEW, S.ASSIGNED},
    A.UNLINK: {S.NEW, S.ASSIGNED},
    A.ASSIGN: {S.NEW, S.ASSIGNED},
    A.ANALYSE: {S.NEW, S.ASSIGNED, S.RESOLVED},
    A.RESOLVE: {S.NEW, S.ASSIGNED},
    A.CLOSE: {S.RESOLVED},
    A.KNOWN_ERROR: {S.NEW, S.ASSIGNED, S.RESOLVED, S.CLOSED},
}


def works_on_brique(user: User | None, brique_id: int) -> bool:
    """True for admins and for the moderators and technicians of the brique's live chain."""
    if user is None or not user.is_authenticated:
        return False
    if is_helpdesk_admin(user):
        return True
    return any(entry_brique == brique_id for entry_brique, _school, _role in chain_entries(user))


def allowed_problem_actions(user: User, problem: Problem) -> set[str]:
    if not works_on_brique(user, problem.brique_id):
        return set()
    return {action for action, states in PROBLEM_ACTION_STATES.items() if problem.status in states}


def ensure_problem_allowed(user: User | None, problem: Problem, action: str) -> None:
    """Raise ActionNotAllowed unless `user` may do `action` now; `None` is the system, held to
    the state rules only."""
    if problem.status not in PROBLEM_ACTION_STATES[action]:
        raise ActionNotAllowed()
    if user is not None and not works_on_brique(user, problem.brique_id):
        raise ActionNotAllowed()
