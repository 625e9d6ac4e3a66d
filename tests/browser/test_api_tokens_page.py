"""A person creates a personal API token from their profile, copies it, uses it, revokes it.
axe-core checks each state of the page."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory, home_page

from .axe import assert_accessible


@pytest.fixture
def person(transactional_db):
    home_page()
    return UserFactory(username="camille")


def test_create_use_and_revoke_a_token(browser_page, live_server, person):
    page = browser_page
    page.goto(f"{live_server.url}/connexion/?next=/profil/")
    page.locator("#id_username").fill(person.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/profil/")

    page.get_by_role("link", name="Mes jetons d'API").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes jetons d'API")
    expect(page.get_by_text("Vous n'avez aucun jeton d'API.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Nom").fill("Intranet de la bibliothèque")
    page.get_by_label("Portée").select_option("read_write")
    page.get_by_role("button", name="Créer le jeton").click()
    secret_box = page.get_by_label("Votre nouveau jeton")
    expect(secret_box).to_be_visible()
    secret = secret_box.input_value()
    assert secret.startswith("gch_")
    assert_accessible(page)

    api = page.context.request
    headers = {"Authorization": f"Token {secret}"}
    assert api.get(f"{live_server.url}/api/v1/me/", headers=headers).json()["username"] == "camille"

    page.get_by_role("button", name="Révoquer le jeton « Intranet de la bibliothèque »").click()
    row = page.get_by_role("row", name="Intranet de la bibliothèque")
    expect(row).to_contain_text("Révoqué le")
    expect(page.get_by_label("Votre nouveau jeton")).to_have_count(0)
    assert_accessible(page)
    assert api.get(f"{live_server.url}/api/v1/me/", headers=headers).status == 401


def test_api_docs_render_without_any_outside_request(browser_page, live_server, person):
    page = browser_page
    addresses = []
    page.on("request", lambda request: addresses.append(request.url))
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Guichet API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    outside = [url for url in addresses if not url.startswith(live_server.url)]
    assert outside == [] and addresses
