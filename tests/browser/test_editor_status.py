"""Journey (c): a functional admin changes a brique's status in the Wagtail admin and the
public page shows the new banner.

axe-core checks the public pages only: the admin is Wagtail's own interface, audited by the
Wagtail project, and its findings would not be ours to fix."""

import re

import pytest
from playwright.sync_api import expect

from portal.roles import Role
from portal.services.roles import ensure_role_groups, grant_role
from tests.factories import PASSWORD, UserFactory, home_page, make_brique

from .axe import assert_accessible

NEW_MESSAGE = "Maintenance d'urgence : Moodle est indisponible jusqu'à 14 h."


@pytest.fixture
def editor(transactional_db):
    # The transactional flush removes Wagtail's root page and the role groups made by the
    # data migrations and post_migrate: rebuild both.
    home_page()
    ensure_role_groups()
    user = UserFactory(username="admin-fonctionnel-test")
    grant_role(user, Role.FUNCTIONAL_ADMIN)
    return user


def test_editor_sets_an_outage_and_the_public_page_shows_it(browser_page, live_server, editor):
    brique = make_brique("Moodle", status="operational")
    page = browser_page

    page.goto(f"{live_server.url}/briques/moodle/")
    expect(page.locator(".status-banner")).to_have_count(0)
    assert_accessible(page)

    page.goto(f"{live_server.url}/admin/login/")
    page.locator("#id_username").fill(editor.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/pages/{brique.pk}/edit/")
    page.get_by_role("tab", name=re.compile(r"^(Status|Statut)$")).click()
    page.locator("#id_status").select_option("outage")
    page.locator("#id_status_message").fill(NEW_MESSAGE)
    # "Publish" sits in the action menu below the default "Save draft" button.
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()
    page.locator("button[name='action-publish']").click()
    expect(page.locator(".messages")).to_contain_text(re.compile(r"publi", re.IGNORECASE))

    page.goto(f"{live_server.url}/briques/moodle/")
    banner = page.locator(".status-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text(NEW_MESSAGE)
    assert_accessible(page)

    page.goto(f"{live_server.url}/")
    moodle_card = page.locator(".card").filter(has=page.get_by_role("link", name="Moodle"))
    expect(moodle_card.locator(".badge")).to_have_class(re.compile(r"\bbadge-outage\b"))
    assert_accessible(page)
