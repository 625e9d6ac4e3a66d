"""The help widget in real Chromium, across two origins: the mock intranet page is served from
http://127.0.0.1:<port> and Guichet from http://localhost:<port> (the same live server, two
origins for the browser), so the script, the frame, its CSP and the cookies behave as on a
real school intranet.

A reader opens "Besoin d'aide ?" with the keyboard, searches the brique's articles, reads one,
closes the panel with Escape (focus back on the button), then opens a request from the panel:
the ticket form opens in a new tab, after signing in, with the intranet page's address and the
browser in the description; the moderator of the brique then finds the ticket in their queue.
On an origin that is not allowed, the widget does not start and the console says why. axe-core
checks the intranet page with the panel open, and the panel's own page inside the frame.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from helpdesk.models import Ticket, TicketKind
from portal.services.roles import ensure_role_groups
from tests.factories import PASSWORD, home_page
from tests.helpdesk.factories import make_desk
from tests.knowledge.factories import make_article

from .axe import assert_accessible

ARTICLE = "Déposer un devoir sur Moodle"
SYMPTOMS = "<p>Le bouton « Déposer » reste grisé sur la page du cours.</p>"
DESCRIPTION = "Le bouton reste grisé même après avoir suivi la fiche."


@pytest.fixture
def origins(live_server, settings):
    """Guichet on localhost, the intranet on 127.0.0.1: two origins, one live server."""
    guichet = live_server.url.replace("127.0.0.1", "localhost")
    intranet = guichet.replace("localhost", "127.0.0.1")
    settings.GUICHET_BASE_URL = guichet
    settings.GUICHET_WIDGET_ORIGINS = [intranet]
    return guichet, intranet


@pytest.fixture
def desk(transactional_db):
    home_page()
    ensure_role_groups()
    desk = make_desk("Moodle")
    make_article(desk.brique, ARTICLE, slug="depot-devoir", symptoms=SYMPTOMS)
    make_article(desk.brique, "Changer la langue de Moodle", slug="langue")
    return desk


def _panel_frame(page):
    return page.frame_locator("iframe.guichet-help-frame")


def _frame(page):
    """The panel's frame as a Playwright Frame (for axe-core inside it)."""
    for frame in page.frames:
        if "/aide/widget/" in frame.url:
            return frame
    raise AssertionError("the help panel's frame is not loaded")


def test_widget_on_an_intranet_page_from_search_to_a_ticket_in_the_queue(
    origins, desk, _playwright_browser
):
    guichet, intranet = origins
    context = _playwright_browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text))
    intranet_page = f"{intranet}/demo/intranet/?brique=moodle"
    page.goto(intranet_page)

    # --- The launcher, opened with the keyboard: the search field takes the focus. -----------
    launcher = page.locator("button.guichet-help-launcher")
    expect(launcher).to_have_text("Besoin d'aide\u00a0?")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.focus()
    page.keyboard.press("Enter")
    panel = page.get_by_role("dialog", name="Besoin d'aide\u00a0?")
    expect(panel).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    frame = _panel_frame(page)
    search = frame.locator("#widget-q")
    expect(search).to_be_focused()
    # Without a search: the brique's articles by title.
    expect(frame.locator(".widget-list a")).to_have_count(2)
    assert_accessible(page)
    assert_accessible(_frame(page))

    # --- Search, read an article in the panel. -----------------------------------------------
    search.fill("devoir grisé")
    search.press("Enter")
    expect(frame.get_by_test_id("widget-count")).to_contain_text("1 fiche")
    frame.locator(".widget-list a", has_text=ARTICLE).click()
    expect(frame.locator("h1")).to_have_text(ARTICLE)
    expect(frame.locator("article")).to_contain_text("reste grisé sur la page du cours")
    assert_accessible(_frame(page))

    # --- Escape closes the panel, the focus goes back to the launcher. ----------------------
    frame.locator("h1").click()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    launcher.click()
    expect(panel).to_be_visible()

    # --- "Ouvrir une demande": a new tab, sign in, the form with the context. ---------------
    with context.expect_page() as opened:
        frame.locator(".widget-ask a").click()
    form = opened.value
    form.wait_for_load_state()
    assert form.url.startswith(f"{guichet}/connexion/")
    form.locator("#id_username").fill(desk.requester.username)
    form.locator("#id_password").fill(PASSWORD)
    form.locator("main form[method=post] button[type=submit]").click()
    form.wait_for_url(re.compile(rf"/demandes/nouvelle/{desk.brique.pk}/\?"))
    expect(form.locator('input[name="title"]')).to_have_value(ARTICLE)
    prefilled = form.locator('textarea[name="description"]').input_value()
    assert f"Page\u00a0: {intranet_page}" in prefilled
    assert "Navigateur\u00a0: Mozilla/5.0" in prefilled
    form.locator(f'input[name="kind"][value="{TicketKind.INCIDENT}"]').check()
    form.locator('textarea[name="description"]').fill(DESCRIPTION + prefilled)
    with form.expect_navigation():
        form.locator('main form[enctype="multipart/form-data"] button[type=submit]').click()
    expect(form).to_have_url(re.compile(r"/demandes/[^/]+/$"))
    ticket = Ticket.objects.get(requester=desk.requester)
    assert ticket.brique_id == desk.brique.pk
    assert intranet_page in ticket.description

    # --- The brique's moderator finds it in the queue to qualify. ---------------------------
    moderator = _playwright_browser.new_context(locale="fr-FR").new_page()
    queue = "/admin/tickets/queue/new/"
    moderator.goto(f"{guichet}/connexion/?next={queue}")
    moderator.locator("#id_username").fill(desk.moderator.username)
    moderator.locator("#id_password").fill(PASSWORD)
    moderator.locator("main form[method=post] button[type=submit]").click()
    moderator.wait_for_url(f"{guichet}{queue}")
    expect(moderator.locator("table.helpdesk-queue")).to_contain_text(ticket.reference)
    moderator.context.close()

    assert not [text for text in errors if "GUICHET_WIDGET_ORIGINS" in text]
    context.close()


def test_widget_refuses_an_origin_that_is_not_allowed(origins, desk, browser_page, settings):
    _guichet, intranet = origins
    settings.GUICHET_WIDGET_ORIGINS = ["https://intranet.insa-lyon.fr"]
    messages = []
    browser_page.on("console", lambda message: messages.append((message.type, message.text)))
    browser_page.goto(f"{intranet}/demo/intranet/?brique=moodle")
    browser_page.wait_for_load_state("load")
    expect(browser_page.locator("h1")).to_be_visible()
    browser_page.wait_for_function("() => document.readyState === 'complete'")
    assert browser_page.locator("button.guichet-help-launcher").count() == 0
    assert browser_page.locator("iframe").count() == 0
    refusals = [text for kind, text in messages if kind == "error"]
    assert any(intranet in text and "GUICHET_WIDGET_ORIGINS" in text for text in refusals), messages
