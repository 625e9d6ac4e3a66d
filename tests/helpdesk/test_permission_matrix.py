"""Every role against every ticket page and every action, with the expected answer written out
here, independently of `helpdesk.policies`: a change of rule must change this table too.

Deny means 404 where the ticket is invisible, and otherwise a refused action with the ticket
unchanged (its version does not move)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from helpdesk import services
from helpdesk.models import PendingReason, ResolutionCode, Ticket, TicketStatus
from helpdesk.policies import ActionNotAllowed
from portal.models import BriqueProvider, ChainRole
from tests.factories import ProviderFactory, UserFactory, add_to_chain
from tests.helpdesk.factories import make_desk, submit

pytestmark = pytest.mark.django_db
S = TicketStatus

ROLES = [
    "anonymous",
    "requester",
    "watcher",
    "other_requester",
    "moderator",
    "chain_technician",
    "other_school_technician",
    "assignee",
    "admin",
]
STATES = [S.NEW, S.ASSIGNED, S.PENDING]
ACTIONS = [
    "qualify",
    "take",
    "reject",
    "mark_duplicate",
    "reassign",
    "reply",
    "note",
    "put_on_hold",
    "resume",
    "escalate",
    "resolve",
    "cancel",
]

OK, DENY = "ok", "deny"

_MODERATE_NEW = {"qualify", "take", "reject", "mark_duplicate", "reply", "note"}
_MODERATE_ASSIGNED = {
    "mark_duplicate",
    "reassign",
    "reply",
    "note",
    "put_on_hold",
    "escalate",
    "resolve",
}
_MODERATE_PENDING = {"mark_duplicate", "reassign", "reply", "note", "resume", "escalate", "resolve"}

# EXPECTED[state][role] = the actions that succeed; every other action is denied.
EXPECTED: dict[str, dict[str, set[str]]] = {
    S.NEW: {
        "anonymous": set(),
        "requester": {"reply", "cancel"},
        "watcher": {"reply"},
        "other_requester": set(),
        "moderator": _MODERATE_NEW,
        "chain_technician": {"reply", "note"},
        "other_school_technician": set(),
        "assignee": {"reply", "note"},  # not assigned yet: a chain technician like the others
        # An admin outside the chain cannot be assigned the ticket, so cannot take it.
        "admin": _MODERATE_NEW - {"take"},
    },
    S.ASSIGNED: {
        "anonymous": set(),
        "requester": {"reply", "cancel"},
        "watcher": {"reply"},
        "other_requester": set(),
        "moderator": _MODERATE_ASSIGNED,
        "chain_technician": {"reply", "note"},
        "other_school_technician": set(),
        "assignee": {"reply", "note", "put_on_hold", "escalate", "resolve", "reassign"},
        "admin": _MODERATE_ASSIGNED,
    },
    S.PENDING: {
        "anonymous": set(),
        "requester": {"reply", "cancel"},
        "watcher": {"reply"},
        "other_requester": set(),
        "moderator": _MODERATE_PENDING,
        "chain_technician": {"reply", "note"},
        "other_school_technician": set(),
        "assignee": {"reply", "note", "resume", "escalate", "resolve", "reassign"},
        "admin": _MODERATE_PENDING,
    },
}

# Who sees the ticket at all, and who reaches the staff screen in the admin.
SEES_TICKET = {"requester", "watcher", "moderator", "chain_technician", "assignee", "admin"}
STAFF_SCREEN = {"moderator", "chain_technician", "assignee", "admin"}
HAS_ADMIN_ACCESS = STAFF_SCREEN | {"other_school_technician"}
# Requester-side steps have no form on the staff screen.
NOT_ON_STAFF_SCREEN = {"cancel"}


def expected(state: str, role: str, action: str) -> str:
    return OK if action in EXPECTED[state][role] else DENY


class World:
    """One brique, its chain, a second school, a provider, and a person for every role."""

    def __init__(self):
        desk = make_desk()
        self.desk = desk
        chain_technician = UserFactory(username="tech-bis", affiliation="staff")
        add_to_chain(desk.brique, chain_technician)
        rennes_technician = UserFactory(username="tech-rennes", affiliation="staff")
        add_to_chain(desk.brique, rennes_technician, ChainRole.TECHNICIAN, desk.other_school)
        self.provider = ProviderFactory(name="Hébergeur")
        BriqueProvider.objects.create(brique=desk.brique, provider=self.provider)
        self.people = {
            "anonymous": None,
            "requester": desk.requester,
            "watcher": UserFactory(username="watcher", email="watcher@insa-lyon.fr"),
            "other_requester": desk.outsider,
            "moderator": desk.moderator,
            "chain_technician": chain_technician,
            "other_school_technician": rennes_technician,
            "assignee": desk.technician,
            "admin": desk.admin,
        }
        self.original = submit(desk, title="Même demande, déjà suivie")

    def ticket(self, state: str) -> Ticket:
        desk = self.desk
        ticket = submit(desk, watchers=["watcher@insa-lyon.fr"])
        if state in (S.ASSIGNED, S.PENDING):
            services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
        if state == S.PENDING:
            services.put_on_hold(
                desk.technician,
                ticket,
                reason=PendingReason.THIRD_PARTY,
                comment="Attente de la DSI.",
            )
        return ticket

    def service_call(self, action: str, actor, ticket: Ticket) -> None:
        desk = self.desk
        version = ticket.version
        calls = {
            "qualify": lambda: services.qualify_ticket(
                actor, ticket, assignee=desk.technician, version=version
            ),
            "take": lambda: services.take_ticket(actor, ticket, version=version),
            "reject": lambda: services.reject_ticket(
                actor, ticket, reason="Hors périmètre.", version=version
            ),
            "mark_duplicate": lambda: services.mark_duplicate(
                actor, ticket, original=self.original, version=version
            ),
            "reassign": lambda: services.reassign_ticket(
                actor, ticket, assignee=desk.school_technician, version=version
            ),
            "reply": lambda: services.add_reply(actor, ticket, body="Réponse.", version=version),
            "note": lambda: services.add_note(actor, ticket, body="Note.", version=version),
            "put_on_hold": lambda: services.put_on_hold(
                actor, ticket, reason=PendingReason.REQUESTER, comment="Précisez ?", version=version
            ),
            "resume": lambda: services.resume_ticket(actor, ticket, version=version),
            "escalate": lambda: services.escalate_to_provider(
                actor, ticket, provider=self.provider, provider_reference="C-1", version=version
            ),
            "resolve": lambda: services.resolve_ticket(
                actor,
                ticket,
                solution="Corrigé.",
                resolution_code=ResolutionCode.FIXED,
                version=version,
            ),
            "cancel": lambda: services.cancel_ticket(actor, ticket, version=version),
        }
        calls[action]()

    def action_fields(self, action: str) -> dict:
        """What a person fills in to take `action` (the ticket screen's form, the API's body)."""
        desk = self.desk
        return {
            "qualify": {
                "assignee": desk.technician.pk,
                "kind": "incident",
                "impact": 3,
                "urgency": 2,
            },
            "take": {},
            "reject": {"reason": "Hors périmètre."},
            "mark_duplicate": {"original": self.original.reference},
            "reassign": {"assignee": desk.school_technician.pk},
            "reply": {"body": "Réponse."},
            "note": {"body": "Note."},
            "put_on_hold": {"reason": PendingReason.REQUESTER, "comment": "Précisez ?"},
            "resume": {},
            "escalate": {"provider": self.provider.pk, "provider_reference": "C-1"},
            "resolve": {"solution": "Corrigé.", "resolution_code": ResolutionCode.FIXED},
            "cancel": {},
        }[action]

    def form_data(self, action: str, ticket: Ticket) -> dict:
        data = {"action": action, f"{action}-version": ticket.version}
        data.update(
            {f"{action}-{name}": value for name, value in self.action_fields(action).items()}
        )
        return data


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def public_url(ticket: Ticket) -> str | None:
    """The requester's ticket page, when that side of the site is installed."""
    try:
        return reverse("helpdesk:ticket", args=[ticket.reference])
    except NoReverseMatch:
        return None


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_pages(role, state):
    world = World()
    ticket = world.ticket(state)
    client = client_for(world.people[role])

    staff_screen = client.get(f"/admin/tickets/{ticket.reference}/")
    if role in STAFF_SCREEN:
        assert staff_screen.status_code == 200
    elif role in HAS_ADMIN_ACCESS:
        assert staff_screen.status_code == 404
    else:  # no admin access at all: Wagtail sends them to its login page
        assert staff_screen.status_code == 302
        assert "/admin/login/" in staff_screen["Location"]
    assert ticket.title.encode() not in staff_screen.content or role in STAFF_SCREEN

    url = public_url(ticket)
    if url is None:
        return
    public = client.get(url)
    if role in SEES_TICKET:
        assert public.status_code == 200
    elif role == "anonymous":
        assert public.status_code == 302
    else:
        assert public.status_code == 404


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_actions_through_the_services(role, state):
    world = World()
    actor = world.people[role]
    for action in ACTIONS:
        ticket = world.ticket(state)
        before = ticket.version
        outcome = expected(state, role, action)
        if actor is None:
            # Services take a real person; `None` is the system. Anonymous visitors never get
            # this far: every page refuses them first (see test_pages and the admin POSTs).
            continue
        if outcome == OK:
            world.service_call(action, actor, ticket)
            ticket.refresh_from_db()
            assert ticket.version > before, (role, state, action)
        else:
            with pytest.raises(ActionNotAllowed):
                world.service_call(action, actor, ticket)
            ticket.refresh_from_db()
            assert ticket.version == before and ticket.status == state, (role, state, action)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_actions_through_the_staff_screen(role, state):
    world = World()
    client = client_for(world.people[role])
    for action in ACTIONS:
        ticket = world.ticket(state)
        before = ticket.version
        response = client.post(
            f"/admin/tickets/{ticket.reference}/", world.form_data(action, ticket)
        )
        done = (
            expected(state, role, action) == OK
            and role in STAFF_SCREEN
            and action not in NOT_ON_STAFF_SCREEN
        )
        ticket.refresh_from_db()
        if done:
            assert response.status_code == 302, (role, state, action)
            assert ticket.version > before, (role, state, action)
        else:
            assert ticket.version == before and ticket.status == state, (role, state, action)
            if role in HAS_ADMIN_ACCESS and role not in STAFF_SCREEN:
                assert response.status_code == 404
