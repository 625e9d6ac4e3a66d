"""Who sees which ticket: decided in the database by Ticket.objects.visible_to."""

import pytest
from django.contrib.auth.models import AnonymousUser

from helpdesk.models import Ticket, TicketStatus
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db


def visible(user):
    return set(Ticket.objects.visible_to(user).values_list("pk", flat=True))


def test_requester_sees_own_and_followed_tickets_only():
    desk = make_desk()
    colleague = UserFactory(username="collegue", email="collegue@insa-lyon.fr")
    own = submit(desk)
    followed = submit(desk, requester=desk.outsider, watchers=["COLLEGUE@insa-lyon.fr"])
    assert visible(desk.requester) == {own.pk}
    assert visible(colleague) == {followed.pk}
    assert visible(desk.outsider) == {followed.pk}
    assert visible(AnonymousUser()) == set()


def test_chain_members_see_their_briques_with_school_limits():
    desk = make_desk()
    lyon = submit(desk)
    rennes = submit(desk, requester=desk.outsider)
    assert visible(desk.moderator) == {lyon.pk, rennes.pk}
    assert visible(desk.technician) == {lyon.pk, rennes.pk}
    assert visible(desk.school_technician) == {lyon.pk}


def test_other_briques_staff_see_nothing_but_admins_see_all():
    desk = make_desk("Moodle")
    other = make_desk("Scenari")
    ticket = submit(desk)
    assert visible(other.moderator) == set()
    assert ticket.pk in visible(desk.admin)


def test_assignee_keeps_seeing_a_ticket_outside_their_chain():
    desk = make_desk()
    ticket = ticket_in(desk, TicketStatus.ASSIGNED)
    helper = UserFactory(username="renfort")
    Ticket.objects.filter(pk=ticket.pk).update(assignee=helper)
    assert visible(helper) == {ticket.pk}


def test_unpublished_brique_chain_grants_nothing():
    desk = make_desk()
    ticket = submit(desk)
    desk.brique.unpublish()
    assert ticket.pk not in visible(desk.technician)
