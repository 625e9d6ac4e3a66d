"""Journey (a): an anonymous visitor goes from the home page to a brique page and sees its
status banner. axe-core checks every page visited."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import home_page, make_brique

from .axe import assert_accessible

OUTAGE_MESSAGE = "Connexion impossible depuis 8 h : l'équipe rétablit le service."


@pytest.fixture
def briques(transactional_db):
    # The live server needs a transactional database, which is flushed between tests:
    # Wagtail's root page and default site are rebuilt here.
    home_page()
    return [
        make_brique("Moodle", status="outage", status_message=OUTAGE_MESSAGE),
        make_brique("Scenari", status="operational"),
        make_brique(
            "Plateforme vidéo", status="degraded", status_message="Mises en ligne ralenties."
        ),
    ]


def test_visitor_goes_from_home_to_a_brique_in_outage(browser_page, live_server, briques):
    page = browser_page
    page.goto(live_server.url + "/")
    assert_accessible(page)

    cards = page.locator(".card")
    expect(cards).to_have_count(3)
    moodle_card = cards.filter(has=page.get_by_role("link", name="Moodle"))
    expect(moodle_card.locator(".badge")).to_have_class(re.compile(r"\bbadge-outage\b"))
    scenari_card = cards.filter(has=page.get_by_role("link", name="Scenari"))
    expect(scenari_card.locator(".badge")).to_have_class(re.compile(r"\bbadge-operational\b"))

    page.get_by_role("link", name="Moodle").click()
    expect(page).to_have_url(re.compile(r"/briques/moodle/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Moodle")
    banner = page.locator(".status-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(OUTAGE_MESSAGE)
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/briques/moodle/", "/connexion/", "/recherche/?q=moodle"])
def test_pages_fit_a_320_pixel_screen(browser_page, live_server, briques, path):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + path)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} scrolls horizontally at 320 px ({scroll_width} px)"
    assert_accessible(page)


def test_skip_link_moves_focus_to_the_main_content(browser_page, live_server, briques):
    page = browser_page
    page.goto(live_server.url + "/briques/moodle/")
    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


@pytest.mark.parametrize(
    ("path", "status"),
    [("/connexion/", 200), ("/recherche/?q=moodle", 200), ("/cette-page-n-existe-pas/", 404)],
)
def test_other_public_pages_are_accessible(browser_page, live_server, briques, path, status):
    page = browser_page
    response = page.goto(live_server.url + path)
    assert response.status == status
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert_accessible(page)
