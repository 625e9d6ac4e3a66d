"""The staff queues in the Wagtail admin: who sees which tickets, filters, sorting, pagination,
and a query count that does not grow with the rows."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from helpdesk import services
from helpdesk.models import Ticket, TicketStatus
from tests.factories import UserFactory
from tests.helpdesk.factories import make_desk, submit, ticket_in

pytestmark = pytest.mark.django_db


def rows(response) -> list[str]:
    """The references listed, in order."""
    return re.findall(r'href="/admin/tickets/(R-\d+)/"', response.content.decode())


def queue(client, user, slug, **params):
    client.force_login(user)
    return client.get(f"/admin/tickets/queue/{slug}/", params)


@pytest.fixture
def desks():
    moodle = make_desk("Moodle")
    scenari = make_desk("Scenari")
    return moodle, scenari


def test_moderator_sees_the_new_tickets_of_their_briques_only(client, desks):
    moodle, scenari = desks
    lyon = submit(moodle)
    rennes = submit(moodle, requester=moodle.outsider)
    assigned = ticket_in(moodle, TicketStatus.ASSIGNED)
    elsewhere = submit(scenari)

    response = queue(client, moodle.moderator, "new")
    assert response.status_code == 200
    assert set(rows(response)) == {lyon.reference, rennes.reference}
    assert assigned.reference not in rows(response)
    assert elsewhere.reference not in rows(response)


def test_technician_sees_team_and_assigned_tickets_but_has_no_triage_queue(client, desks):
    moodle, scenari = desks
    new = submit(moodle)
    mine = ticket_in(moodle, TicketStatus.ASSIGNED)
    closed = ticket_in(moodle, TicketStatus.CLOSED)
    elsewhere = submit(scenari)

    assert queue(client, moodle.technician, "new").status_code == 404
    assert queue(client, moodle.technician, "all").status_code == 404
    team = rows(queue(client, moodle.technician, "team"))
    assert set(team) == {new.reference, mine.reference}
    assert closed.reference not in team and elsewhere.reference not in team
    assert rows(queue(client, moodle.technician, "mine")) == [mine.reference]


def test_school_technician_sees_only_their_schools_tickets(client, desks):
    moodle, _ = desks
    lyon = submit(moodle)
    rennes = submit(moodle, requester=moodle.outsider)
    team = rows(queue(client, moodle.school_technician, "team"))
    assert team == [lyon.reference]
    assert rennes.reference not in team
    client.force_login(moodle.school_technician)
    assert client.get(f"/admin/tickets/{rennes.reference}/").status_code == 404


def test_pending_queue_and_admin_queue(client, desks):
    moodle, scenari = desks
    pending = ticket_in(moodle, TicketStatus.PENDING)
    other = submit(scenari)
    assert rows(queue(client, moodle.technician, "pending")) == [pending.reference]
    assert rows(queue(client, scenari.technician, "pending")) == []
    everything = rows(queue(client, moodle.admin, "all"))
    assert set(everything) == {pending.reference, other.reference}
    assert set(rows(queue(client, moodle.admin, "new"))) == {other.reference}


def test_requester_cannot_reach_the_admin_queues(client, desks):
    moodle, _ = desks
    ticket = submit(moodle)
    client.force_login(moodle.requester)
    for url in (
        "/admin/tickets/",
        "/admin/tickets/queue/mine/",
        f"/admin/tickets/{ticket.reference}/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)
        assert ticket.title.encode() not in response.content
    client.logout()
    assert client.get("/admin/tickets/queue/mine/").status_code == 302


def test_menu_lists_only_the_queues_of_the_role(client, desks):
    moodle, _ = desks
    client.force_login(moodle.technician)
    menu = client.get("/admin/").content.decode()
    assert "/admin/tickets/queue/team/" in menu and "/admin/tickets/queue/mine/" in menu
    assert "/admin/tickets/queue/new/" not in menu and "/admin/tickets/queue/all/" not in menu
    client.force_login(moodle.moderator)
    assert "/admin/tickets/queue/new/" in client.get("/admin/").content.decode()


def test_filters(client, desks):
    moodle, scenari = desks
    now = timezone.now()
    old = submit(moodle, at=now - timedelta(days=40), title="Ancien")
    rennes = submit(moodle, requester=moodle.outsider)
    service_request = submit(moodle, kind="service_request")
    other = submit(scenari)
    admin = moodle.admin

    assert rows(queue(client, admin, "all", establishment=moodle.other_school.pk)) == [
        rennes.reference
    ]
    assert rows(queue(client, admin, "all", brique=scenari.brique.pk)) == [other.reference]
    assert rows(queue(client, admin, "all", kind="service_request")) == [service_request.reference]
    assert rows(queue(client, admin, "all", requester="out-moodle")) == [rennes.reference]
    since = (now - timedelta(days=50)).date().isoformat()
    until = (now - timedelta(days=30)).date().isoformat()
    assert rows(queue(client, admin, "all", created_at_from=since, created_at_to=until)) == [
        old.reference
    ]
    services.qualify_ticket(moodle.moderator, old, assignee=moodle.technician)
    assert rows(queue(client, admin, "all", status="assigned")) == [old.reference]
    high = rows(queue(client, admin, "all", priority=[1, 2]))
    assert high == []
    category = moodle.brique.categories.get()
    services.qualify_ticket(
        moodle.moderator, rennes, assignee=moodle.technician, category=category, priority=1
    )
    assert rows(queue(client, admin, "all", category=category.pk)) == [rennes.reference]
    assert rows(queue(client, admin, "all", priority=[1])) == [rennes.reference]
    assert rows(queue(client, admin, "all", q=service_request.reference)) == [
        service_request.reference
    ]


def test_sorting_by_whitelisted_columns_only(client, desks):
    moodle, _ = desks
    b = submit(moodle, title="Bravo")
    a = submit(moodle, title="Alpha")
    c = submit(moodle, title="Charlie")
    admin = moodle.admin
    assert rows(queue(client, admin, "all")) == [c.reference, a.reference, b.reference]
    assert rows(queue(client, admin, "all", ordering="title")) == [
        a.reference,
        b.reference,
        c.reference,
    ]
    assert rows(queue(client, admin, "all", ordering="-title")) == [
        c.reference,
        b.reference,
        a.reference,
    ]
    # Not a column: ignored, the default order applies.
    response = queue(client, admin, "all", ordering="requester__password")
    assert response.status_code == 200
    assert rows(response) == [c.reference, a.reference, b.reference]


def _many(desk, count, start=0):
    """Tickets with varied requesters, schools and assignees, as a real queue has."""
    made = []
    for i in range(start, start + count):
        requester = desk.requester if i % 2 else desk.outsider
        ticket = submit(desk, requester=requester, title=f"Ticket {i:03d}")
        if i % 3 == 0:
            services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
        made.append(ticket)
    return made


def test_pagination_in_the_database(client, desks):
    moodle, _ = desks
    _many(moodle, 30)
    first = rows(queue(client, moodle.admin, "all"))
    second = rows(queue(client, moodle.admin, "all", p=2))
    assert len(first) == 25 and len(second) == 5
    assert not set(first) & set(second)
    assert Ticket.objects.count() == 30


def test_query_count_does_not_grow_with_rows(
    client, desks, django_assert_max_num_queries, settings
):
    """Building the page (the kept body is turned off: tests/helpdesk/test_screen_cache.py
    counts the kept pages)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.GUICHET_SCREEN_CACHE_SECONDS = 0
    moodle, _ = desks
    _many(moodle, 3)
    client.force_login(moodle.technician)
    client.get("/admin/tickets/queue/team/")  # warm caches (site, menu, content types)
    with CaptureQueriesContext(connection) as few:
        response = client.get("/admin/tickets/queue/team/")
    assert len(rows(response)) == 3

    _many(moodle, 27, start=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/admin/tickets/queue/team/")
    assert len(rows(response)) == 25


def test_an_unrelated_admin_user_has_no_ticket_menu(client, desks):
    editor = UserFactory(username="editor", is_superuser=False)
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert "/admin/tickets/" not in client.get("/admin/").content.decode()
    assert client.get("/admin/tickets/").status_code == 404
    assert client.get("/admin/tickets/queue/mine/").status_code == 404


def test_filter_lists_follow_new_categories_and_schools(client, desks):
    """The brique, school and category lists are cached; a change shows on the next page."""
    from portal.models import Category
    from tests.factories import EstablishmentFactory

    moodle, _ = desks
    page = queue(client, moodle.admin, "all").content.decode()
    assert "Quiz et examens" not in page and "INSA Toulouse" not in page
    Category.objects.create(brique=moodle.brique, name="Quiz et examens")
    EstablishmentFactory(name="INSA Toulouse", short_code="toulouse")
    page = queue(client, moodle.admin, "all").content.decode()
    assert "Moodle · Quiz et examens" in page and "INSA Toulouse" in page


def test_invalid_filters_say_so_and_keep_the_list(client, desks):
    moodle, _ = desks
    ticket = submit(moodle)
    response = queue(client, moodle.admin, "all", brique="not-a-brique", created_at_from="hier")
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert rows(response) == [ticket.reference]


def test_queue_rows_escape_what_requesters_typed(client, desks):
    moodle, _ = desks
    submit(moodle, title='<script>alert("x")</script>')
    page = queue(client, moodle.admin, "all").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
