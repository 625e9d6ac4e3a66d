"""The service level on the staff screens: a column and a filter in the queues, the clocks on
the ticket screen; in words, in French."""

import html
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from helpdesk import services
from portal.models import SlaTarget
from tests.helpdesk.factories import make_desk, submit

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def rows(response) -> list[str]:
    return re.findall(r'href="/admin/tickets/(R-\d+)/"', response.content.decode())


@pytest.fixture
def desk():
    desk = make_desk()
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours=2, time_to_resolve_hours=8
    )
    return desk


@pytest.fixture
def tickets(desk):
    """Read on Monday 9 March 2026 at 12:00 (Paris): one filed at 11:00 (on time), one at
    10:15 (1 h 45 of 2 h: at risk), one at 8:00 (breached)."""
    noon = timezone.make_aware(timezone.datetime(2026, 3, 9, 12))
    on_time = submit(desk, at=noon - timedelta(hours=1))
    at_risk = submit(desk, at=noon - timedelta(minutes=105))
    breached = submit(desk, at=noon - timedelta(hours=4))
    return noon, on_time, at_risk, breached


def test_queue_column_and_filter(client, desk, tickets):
    noon, on_time, at_risk, breached = tickets
    client.force_login(desk.moderator)
    with time_machine.travel(noon, tick=False):
        response = client.get("/admin/tickets/queue/new/", **FRENCH)
        page = html.unescape(response.content.decode())
        assert ">niveau de service<" in page  # the column header, lower case like the others
        for state in ("on_time", "at_risk", "breached"):
            assert page.count(f'data-sla-state="{state}"') == 1
        assert "Dans les délais" in page and "À risque" in page and "Dépassé" in page
        assert re.search(r"Prise en charge avant le <time [^>]+>09/03/2026 13:00</time>", page)

        risky = client.get("/admin/tickets/queue/new/", {"sla": "at_risk"}, **FRENCH)
        assert rows(risky) == [at_risk.reference]
        late = client.get("/admin/tickets/queue/new/", {"sla": "breached"}, **FRENCH)
        assert rows(late) == [breached.reference]
        # Sorted by the resolution due date: the most urgent first.
        ordered = client.get("/admin/tickets/queue/new/", {"ordering": "ttr_due"}, **FRENCH)
        assert rows(ordered) == [breached.reference, at_risk.reference, on_time.reference]


def test_ticket_screen_shows_both_clocks(client, desk, tickets):
    noon, _on_time, at_risk, _breached = tickets
    services.take_ticket(desk.moderator, at_risk, at=noon - timedelta(minutes=5))
    client.force_login(desk.moderator)
    with time_machine.travel(noon, tick=False):
        response = client.get(f"/admin/tickets/{at_risk.reference}/", **FRENCH)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert 'data-testid="sla-details"' in page
    assert "Échéance de prise en charge\u00a0: " in page
    assert re.search(r"\), pris en charge le <time [^>]+>09/03/2026 11:55</time>", page)
    assert "Échéance de résolution\u00a0: " in page
    assert "Dans les délais" in page  # owned in time, resolution at 1 h 50 of 8 h


def test_requester_sees_the_expected_resolution_only(client, desk, tickets):
    noon, on_time, _at_risk, breached = tickets
    services.take_ticket(desk.moderator, on_time, at=noon - timedelta(minutes=30))
    client.force_login(desk.requester)
    with time_machine.travel(noon, tick=False):
        page = html.unescape(
            client.get(f"/demandes/{on_time.reference}/", **FRENCH).content.decode()
        )
        # Filed at 11:00 with 8 business hours: 7 on Monday, then Tuesday 10 March at 09:00.
        assert re.search(
            r"<dt>Résolution prévue</dt><dd>avant le <time [^>]+>10/03/2026 09:00", page
        )
        assert "data-sla-state" not in page  # no badge for the requester
        # Once the date has passed, the requester is not shown a date in the past.
        services.take_ticket(desk.moderator, breached, at=noon)
    with time_machine.travel(noon + timedelta(days=2), tick=False):
        page = client.get(f"/demandes/{breached.reference}/", **FRENCH).content.decode()
        assert "Résolution prévue" not in page
