"""Two agents acting on the same ticket at the same moment, with real concurrent transactions.

Each thread has its own database connection (Django's connections are per thread) and its own
transaction; a barrier releases them together. Only PostgreSQL has the row locks
(`select_for_update`) this is about: SQLite locks the whole file, so the test would prove
nothing there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connections
from viewflow.workflow.status import STATUS

from helpdesk import services
from helpdesk.flows import TicketFlow
from helpdesk.models import Ticket, TicketAction, TicketMessage, TicketStatus
from helpdesk.policies import ActionNotAllowed
from helpdesk.services import StaleTicket
from tests.helpdesk.factories import make_desk, submit
from tests.postgresql import only_on_postgresql

pytestmark = [
    pytest.mark.django_db(transaction=True),
    only_on_postgresql("row locks and concurrent transactions are what is tested"),
]

TAKE_EVENTS = (TicketAction.QUALIFY, TicketAction.TAKE)


def race(*actions: Callable[[], object]) -> list[object]:
    """Run each action in its own thread and connection, all released at the same instant;
    return what each returned or raised, in order."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = action()
        except Exception as error:  # the outcome under test, checked by the caller
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a transaction never finished"
    return outcomes


def fresh(ticket: Ticket) -> Ticket:
    """A ticket as another agent's page would have loaded it: its own instance."""
    return Ticket.objects.get(pk=ticket.pk)


@pytest.mark.parametrize("attempt", range(3))
def test_two_moderators_taking_the_same_version_one_wins_the_other_is_told(attempt):
    desk = make_desk()
    ticket = submit(desk)
    version = ticket.version

    outcomes = race(
        lambda: services.take_ticket(desk.moderator, fresh(ticket), version=version),
        lambda: services.qualify_ticket(
            desk.admin, fresh(ticket), assignee=desk.technician, version=version
        ),
    )

    winners = [o for o in outcomes if isinstance(o, Ticket)]
    losers = [o for o in outcomes if isinstance(o, Exception)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], StaleTicket), outcomes
    stored = fresh(ticket)
    assert stored.status == TicketStatus.ASSIGNED
    assert stored.version == version + 1
    assert stored.assignee_id == winners[0].assignee_id
    assert stored.events.filter(action__in=TAKE_EVENTS).count() == 1


def test_without_a_version_the_second_finds_the_state_changed():
    desk = make_desk()
    ticket = submit(desk)

    outcomes = race(
        lambda: services.take_ticket(desk.moderator, fresh(ticket)),
        lambda: services.qualify_ticket(desk.admin, fresh(ticket), assignee=desk.technician),
    )

    assert sum(isinstance(o, Ticket) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, ActionNotAllowed) for o in outcomes) == 1, outcomes
    stored = fresh(ticket)
    assert stored.status == TicketStatus.ASSIGNED
    assert stored.events.filter(action__in=TAKE_EVENTS).count() == 1
    # The process moved on once: the triage task done once, the treatment task open.
    tasks = stored.process.task_set
    assert tasks.filter(flow_task=TicketFlow.triage, status=STATUS.DONE).count() == 1
    assert [t.flow_task for t in tasks.filter(status=STATUS.NEW)] == [TicketFlow.treat]


def test_two_replies_at_once_both_land():
    desk = make_desk()
    ticket = submit(desk)
    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
    before = fresh(ticket).version

    outcomes = race(
        lambda: services.add_reply(desk.requester, fresh(ticket), body="J'ai joint la capture."),
        lambda: services.add_reply(desk.technician, fresh(ticket), body="Nous regardons."),
    )

    assert all(isinstance(o, TicketMessage) for o in outcomes), outcomes
    stored = fresh(ticket)
    assert stored.version == before + 2
    assert sorted(stored.messages.values_list("body", flat=True)) == [
        "J'ai joint la capture.",
        "Nous regardons.",
    ]
    assert stored.events.filter(action=TicketAction.REPLY).count() == 2
