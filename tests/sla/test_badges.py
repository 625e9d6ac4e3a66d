"""The badge says the state in words (colour is never the only sign) and gives due dates."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.utils import translation

from helpdesk import services
from helpdesk.sla.badges import badge_html, queue_cell_html
from portal.models import SlaTarget
from tests.helpdesk.factories import make_desk, submit

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def ticket():
    desk = make_desk()
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours=2, time_to_resolve_hours=8
    )
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    ticket.desk = desk
    return ticket


@pytest.mark.parametrize(
    ("now", "words", "state"),
    [
        (paris(2026, 3, 9, 10), "Dans les délais", "on_time"),
        (paris(2026, 3, 9, 10, 30), "À risque", "at_risk"),
        (paris(2026, 3, 9, 11), "Dépassé", "breached"),
    ],
)
def test_badge_in_words(ticket, now, words, state):
    with translation.override("fr"):
        html = badge_html(ticket, now)
    assert f'data-sla-state="{state}"' in html
    assert f"</span>{words}</span>" in html
    assert 'aria-hidden="true"' in html  # the symbol is decoration


def test_queue_cell_gives_the_next_due_date(ticket):
    with translation.override("fr"):
        cell = queue_cell_html(ticket, paris(2026, 3, 9, 10))
        assert "Prise en charge avant le" in cell
        assert '<time datetime="2026-03-09T11:00+01:00">09/03/2026 11:00</time>' in cell
        services.take_ticket(ticket.desk.moderator, ticket, at=paris(2026, 3, 9, 10))
        cell = queue_cell_html(ticket, paris(2026, 3, 9, 10))
        assert "Résolution avant le" in cell and "09/03/2026 17:00" in cell
        services.put_on_hold(
            ticket.desk.moderator, ticket, reason="requester", comment="?", at=paris(2026, 3, 9, 11)
        )
        assert "Délai suspendu" in queue_cell_html(ticket, paris(2026, 3, 9, 12))


def test_no_service_level_no_badge():
    desk = make_desk()
    ticket = submit(desk, at=paris(2026, 3, 9, 9))
    assert badge_html(ticket, paris(2026, 3, 9, 10)) == ""
    assert queue_cell_html(ticket, paris(2026, 3, 9, 10)) == "—"


def test_template_tags(ticket):
    template = Template(
        "{% load sla %}{% sla_badge ticket %}|{% sla_due ticket %}|{% sla_details ticket %}"
    )
    with translation.override("fr"), time_machine.travel(paris(2026, 3, 9, 10, 40), tick=False):
        html = template.render(Context({"ticket": ticket}))
    badge, due, details = html.split("|")
    assert "À risque" in badge
    assert "09/03/2026 11:00" in due
    assert "Niveau de service" in details
    assert "Échéance de prise en charge" in details and "Échéance de résolution" in details


def test_ticket_details_show_the_escalation(ticket):
    from helpdesk.sla.escalation import check_service_levels

    check_service_levels(paris(2026, 3, 9, 11, 5))
    ticket.refresh_from_db()
    template = Template("{% load sla %}{% sla_details ticket %}")
    with translation.override("fr"), time_machine.travel(paris(2026, 3, 9, 12), tick=False):
        html = template.render(Context({"ticket": ticket}))
    assert "Dépassé" in html
    assert "Escaladé le" in html and "09/03/2026 11:05" in html
