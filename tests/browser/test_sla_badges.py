"""Service-level badges in real Chromium: a moderator's queue shows one ticket on time, one at
risk and one breached, in words, and the queue and the ticket screen pass axe-core (WCAG 2.1
A/AA, serious and critical findings)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helpdesk.sla.business_hours import hours, subtract_business_time
from helpdesk.sla.clock import calendar_for
from portal.models import SlaTarget
from portal.services.roles import ensure_role_groups
from tests.factories import PASSWORD, home_page
from tests.helpdesk.factories import make_desk, submit

from .test_ticket_journey import audit


@pytest.fixture
def desk(transactional_db):
    home_page()
    ensure_role_groups()
    desk = make_desk("Moodle")
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours=2, time_to_resolve_hours=8
    )
    return desk


def test_queue_badges_in_words_and_accessible(live_server, desk, browser_page):
    now = timezone.now()
    calendar = calendar_for(submit(desk, at=now))  # on time: just filed
    submit(desk, at=subtract_business_time(calendar, now, hours("1.6")))  # 80% of 2 h
    late = submit(desk, at=now - timedelta(days=15))  # long past its 2 h

    page = browser_page
    queue = "/admin/tickets/queue/new/"
    page.goto(f"{live_server.url}/connexion/?next={queue}")
    page.locator("#id_username").fill(desk.moderator.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}{queue}")

    for state, words in (
        ("on_time", "Dans les délais"),
        ("at_risk", "À risque"),
        ("breached", "Dépassé"),
    ):
        badge = page.locator(f'[data-sla-state="{state}"]')
        expect(badge).to_have_count(1)
        expect(badge).to_contain_text(words)
    audit(page)

    page.goto(f"{live_server.url}/admin/tickets/{late.reference}/")
    expect(page.get_by_test_id("sla-details")).to_contain_text("Dépassé")
    audit(page)
