"""The demo problem: one problem on Moodle with three incidents, loaded once however often
`load_demo` runs."""

import pytest

from helpdesk.demo_problems import TITLE, load_demo_problem
from helpdesk.models import Problem, ProblemStatus, Ticket, TicketStatus
from portal import demo
from tests.portal.test_demo import load_portal_demo

pytestmark = pytest.mark.django_db


def test_demo_problem_groups_three_incidents_and_is_loaded_once():
    load_portal_demo()
    problem = load_demo_problem()
    assert problem is not None and problem.title == TITLE
    assert problem.status == ProblemStatus.ASSIGNED
    assert problem.root_cause and problem.workaround
    incidents = list(problem.incidents.select_related("requester"))
    assert len(incidents) == 3
    assert {t.requester.username for t in incidents} == {"etudiant", "enseignant", "personnel"}
    assert {t.status for t in incidents} == {TicketStatus.ASSIGNED}
    tickets = Ticket.objects.count()
    assert load_demo_problem().pk == problem.pk
    assert (Problem.objects.count(), Ticket.objects.count()) == (1, tickets)


def test_the_step_is_registered_after_the_tickets():
    names = [step.name for step in demo.demo_steps()]
    assert names.index("tickets") < names.index("problem")
