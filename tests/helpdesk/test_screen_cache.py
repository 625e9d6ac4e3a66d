"""The staff ticket screen and queue pages kept as HTML between two changes
(helpdesk/admin_views/screen_cache.py): each change shows on the next view, whoever made it
(a service, the service-level timer, a renamed person, a new chain member, the clock), readers
never share a body, the form token is the request's own, and a kept view costs a fixed, small
number of queries."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import Count, Max, Q, Sum
from django.test import Client

from helpdesk import services
from helpdesk.admin_views.queues import _fingerprint
from helpdesk.models import Ticket, TicketStatus
from helpdesk.sla.escalation import check_service_levels
from helpdesk.sla.state import next_change
from portal.models import ChainMember, ChainRole, SlaTarget
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db

S = TicketStatus
PARIS = ZoneInfo("Europe/Paris")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The admin's script settings carry the token too.
SCRIPT_TOKEN = re.compile(r'"CSRF_TOKEN": "[^"]+"')


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def client():
    return Client(headers={"accept-language": "fr"})


@pytest.fixture
def desk():
    return make_desk()


def screen(client, user, ticket) -> str:
    _sign_in(client, user)
    response = client.get(f"/admin/tickets/{ticket.reference}/")
    assert response.status_code == 200
    return response.content.decode()


def team_queue(client, user, **params) -> str:
    _sign_in(client, user)
    response = client.get("/admin/tickets/queue/team/", params)
    assert response.status_code == 200
    return response.content.decode()


def _sign_in(client, user) -> None:
    """Once per client and person: signing in again would count its own queries."""
    if getattr(client, "signed_in", None) != user.pk:
        client.force_login(user)
        client.signed_in = user.pk


def without_tokens(html: str) -> str:
    return SCRIPT_TOKEN.sub("", TOKEN.sub("", html))


# --- the ticket screen ----------------------------------------------------------------------


def test_a_kept_ticket_screen_reads_the_session_and_the_ticket_only(
    client, desk, django_assert_num_queries
):
    ticket = ticket_in(desk, S.ASSIGNED)
    first = screen(client, desk.technician, ticket)
    with django_assert_num_queries(2):  # the session with its person; the ticket's row
        second = screen(client, desk.technician, ticket)
    assert without_tokens(second) == without_tokens(first)
    assert "Impossible de déposer un devoir" in second


def test_each_service_action_shows_on_the_next_view(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    screen(client, desk.technician, ticket)
    services.add_reply(desk.requester, ticket, body="Toujours bloqué ce matin.")
    assert "Toujours bloqué ce matin." in screen(client, desk.technician, ticket)
    services.put_on_hold(desk.technician, ticket, reason="provider", comment="Ticket éditeur.")
    page = screen(client, desk.technician, ticket)
    assert 'data-status="pending"' in page and "Ticket éditeur." in page


def test_the_service_level_timer_shows_its_event_at_once(client, desk):
    """The timer writes history without a new version (agents' open forms stay valid); it
    moves the last change, which the kept screen is named by."""
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours=2, time_to_resolve_hours=8
    )
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    with time_machine.travel(paris(2026, 3, 9, 10, 40), tick=False):
        before = screen(client, desk.moderator, ticket)
        check_service_levels(paris(2026, 3, 9, 10, 40))
        after = screen(client, desk.moderator, ticket)
    assert "service level at risk" not in before.lower() and "à risque" in before.lower()
    ticket.refresh_from_db()
    assert ticket.version == 1
    assert after.count("Niveau de service à risque") == before.count("Niveau de service à risque")
    assert len(re.findall(r"<tr>", after)) == len(re.findall(r"<tr>", before)) + 1


def test_the_service_level_state_follows_the_clock(client, desk):
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours=2, time_to_resolve_hours=8
    )
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    with time_machine.travel(paris(2026, 3, 9, 9, 30), tick=False):
        assert 'data-sla-state="on_time"' in screen(client, desk.moderator, ticket)
    # 75 % of the two hours to own is reached at 10:30: the kept screen ends there.
    with time_machine.travel(paris(2026, 3, 9, 10, 31), tick=False):
        assert 'data-sla-state="at_risk"' in screen(client, desk.moderator, ticket)
    with time_machine.travel(paris(2026, 3, 9, 11, 1), tick=False):
        assert 'data-sla-state="breached"' in screen(client, desk.moderator, ticket)


def test_readers_never_share_a_screen(client, desk):
    ticket = ticket_in(desk, S.NEW)
    moderator = screen(client, desk.moderator, ticket)
    technician = screen(client, desk.technician, ticket)
    assert 'id="action-qualify"' in moderator and 'id="action-reject"' in moderator
    assert 'id="action-qualify"' not in technician and 'id="action-reject"' not in technician
    english = Client(headers={"accept-language": "en"})
    english.force_login(desk.moderator)
    desk.moderator.refresh_from_db()
    page = english.get(f"/admin/tickets/{ticket.reference}/").content.decode()
    assert "Conversation" in page and "Historique" not in page
    assert "Historique" in moderator


def test_a_renamed_person_and_a_new_chain_member_show_at_once(client, desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    assert "Nadia Lambert" not in screen(client, desk.moderator, ticket)
    newcomer = UserFactory(username="nlambert", first_name="Nadia", last_name="Lambert")
    ChainMember.objects.create(brique=desk.brique, user=newcomer, role=ChainRole.TECHNICIAN)
    assert "Nadia Lambert" in screen(client, desk.moderator, ticket)
    newcomer.last_name = "Lambert-Roche"
    newcomer.save()
    assert "Nadia Lambert-Roche" in screen(client, desk.moderator, ticket)


def test_the_problem_panel_shows_each_change_of_the_problem(client, desk):
    """The problem changes without its incidents: its panel is rendered on every view."""
    from helpdesk.services.problems import create_problem, record_analysis

    ticket = ticket_in(desk, S.ASSIGNED)
    assert "Créer un problème à partir de cet incident" in screen(client, desk.moderator, ticket)
    problem = create_problem(desk.moderator, incidents=[ticket], title="Dépôts bloqués")
    page = screen(client, desk.moderator, ticket)
    assert problem.reference in page and "Créer un problème" not in page
    record_analysis(desk.moderator, problem, workaround="Déposer depuis l'application mobile.")
    assert "Déposer depuis l&#x27;application mobile." in screen(client, desk.moderator, ticket)


def test_a_sign_in_keeps_the_kept_screens_a_new_name_renews_them(desk):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from helpdesk.admin_views.screen_cache import directory_generation

    person = get_user_model().objects.get(pk=desk.technician.pk)
    before = directory_generation()
    person.last_login = timezone.now()
    person.save()  # what a sign-in does
    assert directory_generation() == before
    person.first_name = "Thomas"
    person.save()
    assert directory_generation() != before


def test_the_form_token_is_the_requests_own(desk):
    ticket = ticket_in(desk, S.ASSIGNED)
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(desk.technician)
    second.force_login(desk.technician)
    first_page = first.get(f"/admin/tickets/{ticket.reference}/").content.decode()
    second_page = second.get(f"/admin/tickets/{ticket.reference}/").content.decode()
    assert without_tokens(first_page) == without_tokens(second_page)  # the kept body
    token = TOKEN.search(second_page)[1]
    assert token != TOKEN.search(first_page)[1]
    response = second.post(
        f"/admin/tickets/{ticket.reference}/",
        {
            "csrfmiddlewaretoken": token,
            "action": "note",
            "note-version": ticket.version,
            "note-body": "Vu avec l'éditeur.",
        },
    )
    assert response.status_code == 302
    assert (
        "Vu avec l&#x27;éditeur."
        in second.get(f"/admin/tickets/{ticket.reference}/").content.decode()
    )


def test_with_no_lifetime_every_view_is_rendered(
    client, desk, settings, django_assert_max_num_queries
):
    settings.GUICHET_SCREEN_CACHE_SECONDS = 0
    ticket = ticket_in(desk, S.ASSIGNED)
    screen(client, desk.technician, ticket)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        screen(client, desk.technician, ticket)
    assert len(queries) > 4  # thread, history, people...


# --- the queues -----------------------------------------------------------------------------


def test_a_kept_queue_reads_the_session_and_its_fingerprint_only(
    client, desk, django_assert_num_queries
):
    for _ in range(3):
        ticket_in(desk, S.ASSIGNED)
    first = team_queue(client, desk.technician)
    with django_assert_num_queries(2):  # the session with its person; the fingerprint
        second = team_queue(client, desk.technician)
    assert without_tokens(second) == without_tokens(first)
    assert "3 tickets" in second


def test_a_queue_shows_each_change_at_once(client, desk):
    kept = ticket_in(desk, S.ASSIGNED)
    leaving = ticket_in(desk, S.ASSIGNED)
    assert "2 tickets" in team_queue(client, desk.technician)
    services.resolve_ticket(desk.technician, leaving, solution="Réparé.", resolution_code="fixed")
    coming = submit(desk, title="Vidéo introuvable")
    page = team_queue(client, desk.technician)
    assert "2 tickets" in page  # one left, one came: the same count
    assert leaving.reference not in page and coming.reference in page
    services.qualify_ticket(desk.moderator, coming, assignee=desk.school_technician)
    page = team_queue(client, desk.technician)
    row = re.search(rf"<tr[^>]*>(?:(?!</tr>).)*{coming.reference}(?:(?!</tr>).)*</tr>", page, re.S)
    assert str(desk.school_technician) in row[0]
    assert kept.reference in page


def test_queue_badges_follow_the_clock(client, desk):
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours=2, time_to_resolve_hours=8
    )
    submit(desk, at=paris(2026, 3, 9, 9))
    with time_machine.travel(paris(2026, 3, 9, 9, 30), tick=False):
        assert 'data-sla-state="on_time"' in team_queue(client, desk.moderator)
    with time_machine.travel(paris(2026, 3, 9, 10, 31), tick=False):
        assert 'data-sla-state="at_risk"' in team_queue(client, desk.moderator)


def test_a_queue_filtered_by_service_level_is_never_kept(client, desk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ticket_in(desk, S.ASSIGNED)
    team_queue(client, desk.technician, sla="on_time")
    with CaptureQueriesContext(connection) as queries:
        team_queue(client, desk.technician, sla="on_time")
    assert len(queries) > 2


@pytest.mark.parametrize(
    "where",
    [
        Q(status__in=[S.NEW, S.ASSIGNED]),
        Q(),  # every ticket: no WHERE clause at all
        Q(pk__in=[]),  # nothing: Django refuses to write the query
        Q(requester__username__startswith="req"),  # a join: Django's own aggregate
        Q(title__icontains="devoir") | Q(reference__icontains="R-"),
    ],
)
def test_the_fingerprint_is_djangos_aggregate(desk, where):
    for status in (S.NEW, S.ASSIGNED, S.RESOLVED):
        ticket_in(desk, status)
    tickets = Ticket.objects.filter(where).order_by("-created_at")
    expected = tickets.order_by().aggregate(
        count=Count("pk"), ids=Sum("pk"), versions=Sum("version"), latest=Max("updated_at")
    )
    found = _fingerprint(tickets)
    assert found["count"] == expected["count"]
    assert (found["ids"] or 0) == (expected["ids"] or 0)
    assert (found["versions"] or 0) == (expected["versions"] or 0)
    # SQLite answers the latest change as text: a name for the state all the same.
    assert str(found["latest"])[:19] == str(expected["latest"])[:19].replace("T", " ")


def test_next_change_is_the_first_service_level_instant_ahead(desk):
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours=2, time_to_resolve_hours=8
    )
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    assert next_change([ticket], paris(2026, 3, 9, 9, 30)) == paris(2026, 3, 9, 10, 30)
    assert next_change([ticket], paris(2026, 3, 9, 10, 30)) == paris(2026, 3, 9, 11)
    assert next_change([Ticket()], paris(2026, 3, 9, 9)) is None  # no service level
