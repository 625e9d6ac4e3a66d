"""The whole lifecycle through the services, and the Viewflow process that follows it."""

import pytest
from viewflow.workflow.status import PROCESS, STATUS

from helpdesk import services
from helpdesk.flows import TicketFlow
from helpdesk.models import ResolutionCode, TicketAction, TicketStatus
from tests.helpdesk.factories import make_desk, submit

pytestmark = pytest.mark.django_db


def open_tasks(ticket):
    return [task.flow_task for task in ticket.process.task_set.filter(status=STATUS.NEW)]


def test_submission_gives_a_reference_and_waits_for_triage():
    desk = make_desk()
    ticket = submit(desk, watchers=["Collegue@insa-lyon.fr", ""])
    assert ticket.reference == f"R-{ticket.pk:06d}"
    assert ticket.status == TicketStatus.NEW
    assert ticket.priority == 3  # impact "only me" x urgency "high" in iTop's matrix
    assert ticket.establishment == desk.school
    assert list(ticket.watchers.values_list("email", flat=True)) == ["collegue@insa-lyon.fr"]
    assert open_tasks(ticket) == [TicketFlow.triage]
    assert [e.action for e in ticket.events.all()] == [TicketAction.SUBMIT]


def test_full_journey_to_closure_with_reopening():
    desk = make_desk()
    ticket = submit(desk)
    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
    assert ticket.status == TicketStatus.ASSIGNED and ticket.assignee == desk.technician
    assert open_tasks(ticket) == [TicketFlow.treat]

    services.put_on_hold(desk.technician, ticket, reason="requester", comment="Quel navigateur ?")
    assert ticket.status == TicketStatus.PENDING
    services.add_reply(desk.requester, ticket, body="Firefox 140.")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.ASSIGNED  # the requester's answer resumes it

    services.resolve_ticket(
        desk.technician, ticket, solution="Vider le cache.", resolution_code=ResolutionCode.FIXED
    )
    assert open_tasks(ticket) == [TicketFlow.confirm]
    services.reopen_ticket(desk.requester, ticket, reason="Toujours grisé.")
    assert ticket.status == TicketStatus.ASSIGNED and ticket.reopen_count == 1
    assert open_tasks(ticket) == [TicketFlow.treat]

    services.resolve_ticket(
        desk.technician, ticket, solution="Quota augmenté.", resolution_code=ResolutionCode.FIXED
    )
    services.confirm_resolution(desk.requester, ticket, rating=3, comment="Merci")
    assert ticket.status == TicketStatus.CLOSED and ticket.satisfaction == 3
    ticket.process.refresh_from_db()
    assert ticket.process.status == PROCESS.DONE
    history = [(e.from_status, e.to_status) for e in ticket.events.all()]
    assert history[0] == ("", "new") and history[-1] == ("resolved", "closed")
