"""Problem services: creation from incidents, linking, assignment, analysis, resolution that
resolves the open incidents once each through the ticket services, closure, stale versions."""

import pytest
from django.core.exceptions import ValidationError
from viewflow.workflow.status import STATUS

from helpdesk import services
from helpdesk.flows import TicketFlow
from helpdesk.models import (
    Problem,
    ProblemAction,
    ProblemEvent,
    ProblemStatus,
    TicketAction,
    TicketEvent,
    TicketKind,
    TicketStatus,
)
from helpdesk.policies import ActionNotAllowed
from helpdesk.services import problems as problem_services
from helpdesk.services.problems import StaleProblem
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db

S = TicketStatus
P = ProblemStatus


@pytest.fixture
def desk():
    return make_desk()


def three_incidents(desk):
    other_requester = UserFactory(username="req-2", establishment=desk.school)
    return [
        ticket_in(desk, S.ASSIGNED),
        ticket_in(desk, S.PENDING),
        submit(desk, requester=other_requester, title="Devoir refusé"),  # still new
    ]


def test_create_problem_links_incidents_gives_reference_and_history(desk):
    incidents = three_incidents(desk)
    problem = problem_services.create_problem(
        desk.technician, incidents=incidents, title="Dépôt de devoirs en erreur"
    )
    assert problem.reference == f"P-{problem.pk:06d}"
    assert problem.status == P.NEW
    assert problem.brique_id == desk.brique.pk
    assert set(problem.incidents.values_list("pk", flat=True)) == {t.pk for t in incidents}
    actions = list(problem.events.values_list("action", flat=True))
    assert actions == [ProblemAction.CREATE] + [ProblemAction.LINK] * 3


def test_create_refuses_bad_input(desk):
    incident = ticket_in(desk, S.ASSIGNED)
    with pytest.raises(ValidationError):
        problem_services.create_problem(desk.moderator, incidents=[incident], title="  ")
    with pytest.raises(ValidationError):
        problem_services.create_problem(desk.moderator, incidents=[], title="Panne")
    request = submit(desk, kind=TicketKind.SERVICE_REQUEST, title="Ouvrir un cours")
    with pytest.raises(ValidationError):
        problem_services.create_problem(desk.moderator, incidents=[request], title="Panne")
    resolved = ticket_in(desk, S.RESOLVED)
    with pytest.raises(ValidationError):
        problem_services.create_problem(desk.moderator, incidents=[resolved], title="Panne")
    other = make_desk("Scenari")
    foreign = ticket_in(other, S.ASSIGNED)
    with pytest.raises(ValidationError):  # two briques
        problem_services.create_problem(desk.admin, incidents=[incident, foreign], title="Panne")
    problem_services.create_problem(desk.moderator, incidents=[incident], title="Panne")
    with pytest.raises(ValidationError):  # already in a problem
        problem_services.create_problem(desk.moderator, incidents=[incident], title="Autre")
    assert Problem.objects.count() == 1


def test_outsiders_and_other_brique_technicians_may_not_create_or_link(desk):
    incident = ticket_in(desk, S.ASSIGNED)
    other = make_desk("Scenari")
    with pytest.raises(ActionNotAllowed):
        problem_services.create_problem(other.technician, incidents=[incident], title="Panne")
    with pytest.raises(ActionNotAllowed):
        problem_services.create_problem(desk.requester, incidents=[incident], title="Panne")
    problem = problem_services.create_problem(desk.moderator, incidents=[incident], title="Panne")
    foreign = ticket_in(other, S.ASSIGNED)
    with pytest.raises(ActionNotAllowed):
        problem_services.link_incidents(other.technician, problem, incidents=[foreign])
    with pytest.raises(ActionNotAllowed):  # the brique's technician does not see it
        problem_services.link_incidents(desk.technician, problem, incidents=[foreign])
    assert foreign.__class__.objects.get(pk=foreign.pk).problem_id is None


def test_link_unlink_assign_and_analyse(desk):
    first, second = ticket_in(desk, S.ASSIGNED), ticket_in(desk, S.NEW)
    problem = problem_services.create_problem(desk.technician, incidents=[first], title="Panne")
    problem_services.link_incidents(desk.technician, problem, incidents=[second])
    assert problem.incidents.count() == 2
    problem_services.unlink_incident(desk.technician, problem, incident=first)
    assert list(problem.incidents.all()) == [second]
    with pytest.raises(ValidationError):
        problem_services.unlink_incident(desk.technician, problem, incident=first)
    with pytest.raises(ValidationError):
        problem_services.assign_problem(desk.moderator, problem, assignee=desk.requester)
    problem_services.assign_problem(desk.moderator, problem, assignee=desk.technician)
    assert (problem.status, problem.assignee) == (P.ASSIGNED, desk.technician)
    problem_services.record_analysis(
        desk.technician, problem, root_cause="Certificat expiré.", workaround="Passer par le VPN."
    )
    problem.refresh_from_db()
    assert problem.root_cause == "Certificat expiré."
    assert problem.workaround == "Passer par le VPN."
    assert problem.version == 5  # 1 at creation, then link, unlink, assign, analyse
    assert problem.events.filter(action=ProblemAction.UNLINK, ticket=first).exists()


def test_stale_version_is_refused_and_nothing_changes(desk):
    problem = problem_services.create_problem(
        desk.moderator, incidents=[ticket_in(desk, S.ASSIGNED)], title="Panne"
    )
    shown = problem.version
    problem_services.record_analysis(desk.technician, problem, root_cause="A", version=shown)
    with pytest.raises(StaleProblem):
        problem_services.record_analysis(desk.moderator, problem, root_cause="B", version=shown)
    with pytest.raises(StaleProblem):
        problem_services.resolve_problem(desk.moderator, problem, solution="X", version=shown)
    problem.refresh_from_db()
    assert (problem.root_cause, problem.status) == ("A", P.NEW)


def test_resolving_resolves_each_open_incident_once_and_tells_requesters_once(
    desk, django_capture_on_commit_callbacks
):
    incidents = three_incidents(desk)
    already = ticket_in(desk, S.ASSIGNED)
    problem = problem_services.create_problem(
        desk.moderator, incidents=[*incidents, already], title="Dépôt de devoirs en erreur"
    )
    services.resolve_ticket(desk.technician, already, solution="Réglé.", resolution_code="fixed")
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    problem_services.problem_resolved.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            problem_services.resolve_problem(
                desk.moderator,
                problem,
                solution="Le certificat du serveur de dépôt a été renouvelé.",
                version=problem.version,
            )
    finally:
        problem_services.problem_resolved.disconnect(receiver)

    problem.refresh_from_db()
    assert problem.status == P.RESOLVED and problem.resolved_at is not None
    for ticket in incidents:
        ticket.refresh_from_db()
        assert ticket.status == S.RESOLVED
        assert ticket.solution == "Le certificat du serveur de dépôt a été renouvelé."
        assert ticket.events.filter(action=TicketAction.RESOLVE).count() == 1
        # Its Viewflow process moved on to the requester's confirmation, as for any resolution.
        open_tasks = ticket.process.task_set.filter(status=STATUS.NEW)
        assert [task.flow_task for task in open_tasks] == [TicketFlow.confirm]
    # The ticket resolved earlier is left alone.
    assert TicketEvent.objects.filter(ticket=already, action=TicketAction.RESOLVE).count() == 1
    assert len(received) == 1
    told = received[0]
    assert {t.pk for t in told["incidents"]} == {t.pk for t in incidents}
    # Two incidents share a requester: told once, about both.
    assert {user.username: len(t) for user, t in told["requesters"].items()} == {
        desk.requester.username: 2,
        "req-2": 1,
    }
    assert ProblemEvent.objects.filter(
        problem=problem, action=ProblemAction.RESOLVE
    ).count() == 1 + len(incidents)


def test_technician_resolves_as_system_for_tickets_not_theirs_but_needs_new_ones_qualified(desk):
    assigned = ticket_in(desk, S.ASSIGNED)  # assigned to desk.technician
    services.reassign_ticket(desk.moderator, assigned, assignee=desk.school_technician)
    new = submit(desk)
    problem = problem_services.create_problem(
        desk.technician, incidents=[assigned, new], title="Panne"
    )
    with pytest.raises(ValidationError):
        problem_services.resolve_problem(desk.technician, problem, solution="Corrigé.")
    problem_services.unlink_incident(desk.technician, problem, incident=new)
    problem_services.resolve_problem(desk.technician, problem, solution="Corrigé.")
    event = TicketEvent.objects.get(ticket=assigned, action=TicketAction.RESOLVE)
    assert event.actor is None  # done on the problem's behalf; the problem names who
    assert problem.events.filter(action=ProblemAction.RESOLVE, actor=desk.technician).exists()


def test_closed_problem_accepts_no_change(desk):
    problem = problem_services.create_problem(
        desk.moderator, incidents=[ticket_in(desk, S.ASSIGNED)], title="Panne"
    )
    with pytest.raises(ActionNotAllowed):
        problem_services.close_problem(desk.moderator, problem)  # not resolved yet
    problem_services.resolve_problem(desk.moderator, problem, solution="Corrigé.")
    problem_services.close_problem(desk.moderator, problem, comment="Stable depuis une semaine.")
    assert problem.status == P.CLOSED and problem.closed_at is not None
    fresh = ticket_in(desk, S.ASSIGNED)
    for call in (
        lambda: problem_services.link_incidents(desk.moderator, problem, incidents=[fresh]),
        lambda: problem_services.resolve_problem(desk.moderator, problem, solution="Encore."),
        lambda: problem_services.assign_problem(desk.moderator, problem, assignee=desk.technician),
        lambda: problem_services.close_problem(desk.moderator, problem),
    ):
        with pytest.raises(ActionNotAllowed):
            call()


def test_history_is_append_only(desk):
    problem = problem_services.create_problem(
        desk.moderator, incidents=[ticket_in(desk, S.ASSIGNED)], title="Panne"
    )
    event = problem.events.first()
    event.comment = "réécrit"
    with pytest.raises(ValueError):
        event.save()
