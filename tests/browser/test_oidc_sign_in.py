"""Journey (b): a person signs in with their school's credentials through a real OpenID Connect
provider, in real Chromium, and their profile shows the school and public from the claims."""

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst

from portal.models import Affiliation, User
from tests.browser.axe import assert_accessible
from tests.factories import EstablishmentFactory, home_page
from tests.oidc.fixtures import start_provider

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server):
    """The site's home page (recreated after a transactional flush)."""
    return home_page()


@pytest.fixture
def live_provider(live_server, settings):
    """A provider whose client sends the browser back to the live server."""
    with start_provider([f"{live_server.url}/oidc/callback/"], [f"{live_server.url}/"]) as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        yield provider


def test_sign_in_with_school_credentials_shows_school_and_public(
    live_server, site, live_provider, browser_page
):
    EstablishmentFactory(
        name="INSA Lyon",
        short_code="lyon",
        email_domains="insa-lyon.fr",
        idp_claim_values="{UAI}0690192J",
    )
    page = browser_page
    # The provider's development pages load a web font: no Internet here, do not wait for it.
    page.route(
        re.compile(r"^https://fonts\.(googleapis|gstatic)\.com/"), lambda route: route.abort()
    )

    page.goto(f"{live_server.url}/connexion/?next=/profil/")
    assert_accessible(page)
    page.locator('a[href^="/oidc/authenticate/"]').click()

    # At the provider: its development login form accepts any login, then asks for consent.
    page.wait_for_url(f"{live_provider.issuer}/**")
    page.locator('input[name="login"]').fill("alice")
    page.locator('input[name="password"]').fill("any password")
    page.locator('button[type="submit"]').click()
    page.locator('input[name="prompt"][value="consent"]').wait_for(state="attached")
    page.locator('button[type="submit"]').click()

    page.wait_for_url(f"{live_server.url}/profil/")
    with translation.override("fr"):
        expected_public = capfirst(str(Affiliation.FACULTY.label))
    assert page.get_by_test_id("profile-establishment").inner_text().strip() == "INSA Lyon"
    assert page.get_by_test_id("profile-affiliation").inner_text().strip() == expected_public
    assert_accessible(page)

    user = User.objects.get(oidc_subject="alice")
    assert (user.email, user.establishment.short_code) == ("alice@insa-lyon.fr", "lyon")


def test_refused_sign_in_page_is_accessible(live_server, site, browser_page):
    browser_page.goto(f"{live_server.url}/oidc/callback/?code=replayed&state=unknown")
    assert browser_page.get_by_test_id("oidc-error").get_attribute("data-reason") == "state"
    assert_accessible(browser_page)
