"""Journey: "search before you submit", in real Chromium.

A student types "mot de passe moodle" on the Moodle form; the matching article appears in the
live region (a staff-only one never does), they open it in place, read the resolution, and
click "Cela a résolu mon problème": no ticket is created and the funnel records the attempt as
solved, with the suggestions offered and the article opened. axe-core checks the form with the
suggestions shown, the article opened and the thank-you page.

The same journey without JavaScript (a browser context with scripts off): the search step
comes first, lists the article server-side, the article opens on a page of its own, and
"solved" ends the attempt the same way. axe-core cannot run in a page with scripts off: the
first test audits that article page in its place.

Selectors use ids, names, data attributes and form targets, never the visible words, since the
interface language follows the catalogs.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from helpdesk.models import Ticket
from knowledge.models import AttemptOutcome, Audience, SelfServiceAttempt
from portal.services.roles import ensure_role_groups
from tests.factories import PASSWORD, home_page
from tests.helpdesk.factories import make_desk
from tests.knowledge.factories import make_article

from .axe import assert_accessible
from .conftest import DEFAULT_TIMEOUT_MS

RESOLUTION = "Cliquez sur « Mot de passe oublié » sous le formulaire de connexion de Moodle."
RESOLUTION_BODY = [{"type": "text", "value": f"<p>{RESOLUTION}</p>"}]


@pytest.fixture
def moodle(transactional_db):
    """Moodle with an article for everyone and a staff-only one, both published: indexing
    follows the commit, as in production (the immediate task backend runs it at once)."""
    home_page()
    ensure_role_groups()
    desk = make_desk("Moodle")
    article = make_article(
        desk.brique,
        "Réinitialiser son mot de passe Moodle",
        slug="mdp-moodle",
        summary="Que faire quand Moodle refuse votre mot de passe.",
        symptoms="<p>Moodle affiche « Identifiant ou mot de passe incorrect ».</p>",
        resolution=RESOLUTION_BODY,
    )
    staff_only = make_article(
        desk.brique,
        "Mot de passe Moodle des comptes de service",
        slug="mdp-moodle-service",
        summary="Procédure interne pour les comptes de service Moodle.",
        audience=Audience.STAFF,
    )
    return desk, article, staff_only


def _context(browser, **options):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, **options
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context


def _sign_in(page, base_url: str, user, next_path: str) -> None:
    page.goto(f"{base_url}/connexion/?next={next_path}")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"{base_url}{next_path}")


def test_a_student_solves_their_problem_from_the_suggestions(live_server, moodle, browser_page):
    desk, article, staff_only = moodle
    page = browser_page
    base = live_server.url
    form_path = f"/demandes/nouvelle/{desk.brique.pk}/"
    _sign_in(page, base, desk.requester, form_path)

    # With JavaScript the search step and the form are one page.
    expect(page.locator("[data-search-step]")).to_be_hidden()
    expect(page.locator("form[data-ticket-form]")).to_be_visible()
    panel = page.locator("[data-self-service]")
    expect(panel).to_be_visible()
    status = panel.locator("[data-self-service-status]")
    expect(status).to_have_attribute("aria-live", "polite")
    assert_accessible(page)

    page.locator('input[name="title"]').press_sequentially("mot de passe moodle", delay=30)
    suggestion = panel.locator("li.suggestion", has=page.locator(f'a[href="{article.url}"]'))
    expect(suggestion).to_be_visible()
    expect(status).to_contain_text("1")
    # The staff-only article is never offered to a student.
    expect(panel.locator(f'a[href="{staff_only.url}"]')).to_have_count(0)
    expect(panel.locator("li.suggestion")).to_have_count(1)
    choices = panel.locator("[data-self-service-choices]")
    expect(choices).to_be_visible()
    assert_accessible(page)

    # Opened in place, from the keyboard.
    opener = suggestion.locator("button[aria-controls]")
    expect(opener).to_have_attribute("aria-expanded", "false")
    opener.focus()
    page.keyboard.press("Enter")
    expect(opener).to_have_attribute("aria-expanded", "true")
    body = suggestion.locator(".suggestion-body")
    expect(body).to_be_visible()
    expect(body).to_contain_text(RESOLUTION)
    assert_accessible(page)

    with page.expect_navigation():
        choices.locator("button[data-self-service-solved]").click()
    expect(page.get_by_test_id("self-service-thanks")).to_be_visible()
    expect(page.locator(f'main a[href="{desk.brique.url}"]')).to_be_visible()
    assert_accessible(page)
    # The article's own page, where the search step leads without JavaScript (no token: it
    # records nothing).
    page.goto(f"{base}/demandes/nouvelle/{desk.brique.pk}/fiches/{article.pk}/")
    expect(page.locator("main")).to_contain_text(RESOLUTION)
    assert_accessible(page)

    assert not Ticket.objects.exists()
    attempt = SelfServiceAttempt.objects.get()
    assert attempt.outcome == AttemptOutcome.SOLVED
    assert attempt.suggestions_offered >= 1
    assert list(attempt.articles_opened.values_list("pk", flat=True)) == [article.pk]
    assert attempt.solved_by_id == article.pk
    assert attempt.query == "mot de passe moodle"
    assert (attempt.brique_id, attempt.establishment_id, attempt.affiliation) == (
        desk.brique.pk,
        desk.school.pk,
        "student",
    )


def test_without_javascript_the_search_step_comes_first(live_server, moodle, _playwright_browser):
    desk, article, staff_only = moodle
    context = _context(_playwright_browser, java_script_enabled=False)
    try:
        page = context.new_page()
        base = live_server.url
        form_path = f"/demandes/nouvelle/{desk.brique.pk}/"
        _sign_in(page, base, desk.requester, form_path)

        expect(page.locator("form[data-ticket-form]")).to_be_hidden()
        step = page.locator("[data-search-step]")
        expect(step).to_be_visible()
        step.locator('input[name="q"]').fill("mot de passe moodle")
        with page.expect_navigation():
            step.locator("form[role=search] button[type=submit]").click()
        link = step.locator(f'a[href^="/demandes/nouvelle/{desk.brique.pk}/fiches/{article.pk}/"]')
        expect(link).to_be_visible()
        expect(step.locator(f'a[href*="/fiches/{staff_only.pk}/"]')).to_have_count(0)

        with page.expect_navigation():
            link.click()
        expect(page.locator("main")).to_contain_text(RESOLUTION)
        with page.expect_navigation():
            page.locator('main button[form="self-service-solved"]').click()
        expect(page.get_by_test_id("self-service-thanks")).to_be_visible()
    finally:
        context.close()

    assert not Ticket.objects.exists()
    attempt = SelfServiceAttempt.objects.get()
    assert attempt.outcome == AttemptOutcome.SOLVED
    assert attempt.suggestions_offered == 1
    assert attempt.solved_by_id == article.pk
    assert attempt.articles_opened.count() == 1
