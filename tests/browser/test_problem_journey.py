"""Journey: a moderator groups two incidents into a problem from the ticket screen, records the
workaround, links the second incident from the problem screen's search, and resolves the
problem, which resolves both incidents. axe-core checks the problem list and screen.

Selectors rely on ids, names and test ids, never on visible words (the language follows the
catalogs)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpdesk.models import Problem, ProblemStatus, TicketStatus
from portal.services.roles import ensure_role_groups
from tests.factories import home_page
from tests.helpdesk.factories import make_desk, submit, ticket_in

from .test_ticket_journey import _sign_in, audit

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(transactional_db):
    home_page()
    ensure_role_groups()
    return make_desk("Moodle")


def test_problem_from_incidents_to_resolution(desk, live_server, browser_page):
    page = browser_page
    first = ticket_in(desk, TicketStatus.ASSIGNED)
    second = submit(desk, title="Vidéo de soutenance refusée au dépôt")
    base = live_server.url
    _sign_in(page, base, desk.moderator, f"/admin/tickets/{first.reference}/")

    panel = page.get_by_test_id("ticket-problem")
    panel.locator("#id_problem_title").fill("Dépôts de plus de 20 Mo refusés")
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    problem = Problem.objects.get()
    assert page.url == f"{base}/admin/tickets/problemes/{problem.reference}/"
    audit(page)

    analyse = page.locator("details#action-analyse")
    analyse.locator("summary").click()
    analyse.locator("#id_analyse-workaround").fill("Déposer un lien vers l'espace de partage.")
    with page.expect_navigation():
        analyse.locator("button[type=submit]").click()
    expect(page.get_by_test_id("problem-workaround")).to_contain_text("espace de partage")

    page.locator("#id_lq").fill(second.reference)
    with page.expect_navigation():
        page.locator("#id_lq").press("Enter")
    candidates = page.get_by_test_id("link-candidates")
    candidates.locator(f"input[value='{second.pk}']").check()
    with page.expect_navigation():
        page.locator("form:has([name=action][value=link]) button[type=submit]").click()
    expect(page.get_by_test_id("problem-incidents")).to_contain_text(second.reference)
    audit(page)

    resolve = page.locator("details#action-resolve")
    resolve.locator("summary").click()
    resolve.locator("#id_resolve-solution").fill("La limite du frontal web est remise à 500 Mo.")
    with page.expect_navigation():
        resolve.locator("button[type=submit]").click()
    expect(page.get_by_test_id("problem-status")).to_have_attribute(
        "data-status", ProblemStatus.RESOLVED
    )
    for ticket in (first, second):
        ticket.refresh_from_db()
        assert ticket.status == TicketStatus.RESOLVED

    page.goto(f"{base}/admin/tickets/problemes/")
    expect(page.get_by_test_id("problem-list")).to_contain_text(problem.reference)
    audit(page)
