"""A problem resolving its incidents: each requester hears of it once (whatever the number of
their tickets), and not once more per ticket. The problems service sends `problem_resolved`
after its commit; the test sends the signal as that service does."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from helpdesk import services
from helpdesk.models import Problem
from helpdesk.services.problems import problem_resolved, resolving_problem
from tests.factories import UserFactory
from tests.helpdesk.factories import submit
from tests.helpdesk.mail_fixtures import SECRET, assert_well_formed, make_mail_desk, speaks, to

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(settings):
    return make_mail_desk(settings)


def test_each_requester_is_told_once(desk, django_capture_on_commit_callbacks):
    english = speaks(UserFactory(username="visiting", establishment=desk.school), "en")
    tickets = [submit(desk), submit(desk), submit(desk, requester=english)]
    problem = Problem.objects.create(
        brique=desk.brique,
        title="Stockage saturé",
        solution="Disque remplacé.",
        created_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        token = resolving_problem.set(problem)
        try:
            for ticket in tickets:
                services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
                services.add_note(desk.technician, ticket, body=SECRET)
                services.resolve_ticket(
                    desk.technician, ticket, solution=problem.solution, resolution_code="fixed"
                )
        finally:
            resolving_problem.reset(token)
    assert [m for m in mail.outbox if "résolue" in m.subject or "resolved" in m.subject] == []
    before = len(mail.outbox)

    problem.status, problem.resolved_at = "resolved", timezone.now()
    problem.save()
    requesters = {desk.requester: tickets[:2], english: tickets[2:]}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # a repeated signal sends nothing more
            problem_resolved.send(
                sender=Problem,
                problem=problem,
                actor=desk.moderator,
                incidents=tickets,
                requesters=requesters,
            )
    sent = mail.outbox[before:]
    assert sorted(m.to[0] for m in sent) == sorted([desk.requester.email, english.email])
    [french] = to(desk.requester.email)[-1:]
    refs = f"{tickets[0].reference}, {tickets[1].reference}"
    assert french.subject.startswith(f"[{refs}] Le problème à l’origine de votre demande")
    assert "vos 2 demandes" in french.body and "Disque remplacé." in french.body
    for ticket in tickets[:2]:
        assert f"/demandes/{ticket.reference}/" in french.body
    [english_mail] = to(english.email)[-1:]
    assert english_mail.subject.startswith(f"[{tickets[2].reference}] The problem behind")
    for message in sent:
        assert_well_formed(
            message, tickets[0].reference if message is french else tickets[2].reference
        )
