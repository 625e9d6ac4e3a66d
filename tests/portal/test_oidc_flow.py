"""The authorization-code flow against a real OpenID Connect provider (tests/oidc/provider.mjs):
the Django test client on our side, `requests` playing the browser at the provider."""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from django.test import Client

from portal.models import Affiliation, User
from tests.factories import EstablishmentFactory, UserFactory
from tests.oidc.fixtures import TEST_SERVER, sign_in_through_provider, start_provider, start_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools():
    lyon = EstablishmentFactory(
        name="INSA Lyon",
        short_code="lyon",
        email_domains="insa-lyon.fr",
        idp_claim_values="{UAI}0690192J",
    )
    rennes = EstablishmentFactory(
        name="INSA Rennes",
        short_code="rennes",
        email_domains="insa-rennes.fr",
        idp_claim_values="{UAI}0350097R",
    )
    return lyon, rennes


def assert_error_page(response, status: int, reason: str) -> None:
    assert response.status_code == status
    page = response.content.decode()
    assert 'data-testid="oidc-error"' in page
    assert f'data-reason="{reason}"' in page
    assert "/oidc/authenticate/" in page  # the "try again" link
    assert "_auth_user_id" not in response.wsgi_request.session


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return f"{parts.path}?{urlencode(query)}"


def test_first_sign_in_creates_the_account_with_school_and_public(client, oidc_settings, schools):
    response = sign_in_through_provider(client, oidc_settings, "alice", next_url="/profil/")
    assert response.status_code == 302
    assert response["Location"] == "/profil/"

    user = User.objects.get(oidc_subject="alice")
    assert user.email == "alice@insa-lyon.fr"
    assert (user.first_name, user.last_name) == ("Alice", "Testeur")
    assert user.establishment == schools[0]
    assert user.affiliation == Affiliation.FACULTY
    assert user.last_claims_at is not None

    profile = client.get("/profil/")
    assert profile.status_code == 200
    assert profile.context["user"] == user
    page = profile.content.decode()
    assert "INSA Lyon" in page
    assert 'name="establishment"' not in page


def test_second_sign_in_refreshes_the_claims(client, oidc_settings, schools):
    sign_in_through_provider(client, oidc_settings, "alice")
    first = User.objects.get(oidc_subject="alice")

    oidc_settings.set_claims(
        "alice",
        supannEtablissement="{UAI}0350097R",
        eduPersonAffiliation=["student", "member"],
        family_name="Durand",
        email="alice.durand@insa-rennes.fr",
    )
    client.logout()
    response = sign_in_through_provider(client, oidc_settings, "alice")
    assert response.status_code == 302

    assert User.objects.filter(oidc_subject="alice").count() == 1
    user = User.objects.get(oidc_subject="alice")
    assert user.pk == first.pk
    assert (user.establishment, user.affiliation) == (schools[1], Affiliation.STUDENT)
    assert (user.last_name, user.email) == ("Durand", "alice.durand@insa-rennes.fr")
    assert user.last_claims_at > first.last_claims_at


def test_unknown_school_signs_in_with_unknown_establishment(client, oidc_settings, schools):
    oidc_settings.set_claims("camille", supannEtablissement=None, email="camille@gmail.com")
    assert sign_in_through_provider(client, oidc_settings, "camille").status_code == 302
    user = User.objects.get(oidc_subject="camille")
    assert user.establishment is None
    assert 'name="establishment"' in client.get("/profil/").content.decode()


def test_wrong_state_is_refused_and_creates_nothing(client, oidc_settings, schools):
    callback = start_sign_in(client, oidc_settings, "alice")
    response = client.get(with_query(callback, state="forged-state"))
    assert_error_page(response, 400, "state")
    assert not User.objects.exists()


def test_callback_without_a_sign_in_started_here_is_refused(client, oidc_settings, schools):
    callback = start_sign_in(client, oidc_settings, "alice")
    response = Client().get(callback.removeprefix(TEST_SERVER))
    assert_error_page(response, 400, "state")
    assert not User.objects.exists()


def test_missing_state_or_code_is_refused(client, oidc_settings):
    assert_error_page(client.get("/oidc/callback/"), 400, "state")
    assert_error_page(client.get("/oidc/callback/?code=abc"), 400, "state")


def test_replayed_code_is_refused_and_changes_nothing(client, oidc_settings, schools):
    callback = start_sign_in(client, oidc_settings, "alice")
    assert client.get(callback.removeprefix(TEST_SERVER)).status_code == 302
    User.objects.filter(oidc_subject="alice").update(first_name="Kept")
    before = User.objects.get(oidc_subject="alice")

    # An attacker (or a reload) replays the code with a state this browser did start.
    other = Client()
    fresh = other.get("/oidc/authenticate/")
    state = parse_qs(urlsplit(fresh["Location"]).query)["state"][0]
    response = other.get(with_query(callback, state=state))
    assert_error_page(response, 400, "code")

    after = User.objects.get(oidc_subject="alice")
    assert (after.first_name, after.last_claims_at) == ("Kept", before.last_claims_at)
    assert User.objects.count() == 1


def test_expired_code_is_refused(client, settings, schools):
    with start_provider(
        [f"{TEST_SERVER}/oidc/callback/"], [f"{TEST_SERVER}/"], code_ttl=1
    ) as provider:
        for name, value in provider.settings().items():
            setattr(settings, name, value)
        callback = start_sign_in(client, provider, "alice")
        time.sleep(2.5)
        response = client.get(callback.removeprefix(TEST_SERVER))
    assert_error_page(response, 400, "code")
    assert not User.objects.exists()


def test_claims_without_email_are_refused(client, oidc_settings, schools):
    response = sign_in_through_provider(client, oidc_settings, "noemail")
    assert_error_page(response, 403, "missing_email")
    assert not User.objects.exists()
    assert "oidc_id_token" not in client.session


def test_missing_email_leaves_an_existing_account_unchanged(client, oidc_settings, schools):
    sign_in_through_provider(client, oidc_settings, "alice")
    before = User.objects.get(oidc_subject="alice")
    client.logout()
    oidc_settings.set_claims("alice", email=None, family_name="Changed")
    response = sign_in_through_provider(client, oidc_settings, "alice")
    assert_error_page(response, 403, "missing_email")
    after = User.objects.get(pk=before.pk)
    assert (after.last_name, after.email, after.last_claims_at) == (
        before.last_name,
        before.email,
        before.last_claims_at,
    )


def test_id_token_failing_verification_is_refused(client, settings, oidc_settings, schools):
    settings.OIDC_OP_JWKS_ENDPOINT = oidc_settings.wrong_jwks_uri
    response = sign_in_through_provider(client, oidc_settings, "alice")
    assert_error_page(response, 400, "verification")
    assert not User.objects.exists()


def test_id_token_for_another_issuer_is_refused(client, settings, oidc_settings, schools):
    settings.OIDC_OP_ISSUER = "https://idp.example.org"
    response = sign_in_through_provider(client, oidc_settings, "alice")
    assert_error_page(response, 400, "verification")
    assert not User.objects.exists()


def test_error_sent_by_the_provider_is_explained(client, oidc_settings):
    response = client.get("/oidc/callback/?error=access_denied&state=whatever")
    assert_error_page(response, 400, "provider")


def test_unreachable_provider_is_explained(client, settings, oidc_settings, schools):
    callback = start_sign_in(client, oidc_settings, "alice")
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"
    response = client.get(callback.removeprefix(TEST_SERVER))
    assert_error_page(response, 502, "unavailable")
    assert not User.objects.exists()


def test_existing_local_account_is_linked_at_first_sign_in(client, oidc_settings, schools):
    local = UserFactory(username="amartin", email="alice@insa-lyon.fr")
    assert sign_in_through_provider(client, oidc_settings, "alice").status_code == 302
    local.refresh_from_db()
    assert local.oidc_subject == "alice"
    assert local.establishment == schools[0]
    assert User.objects.count() == 1


def test_sign_out_ends_the_provider_session(client, oidc_settings, schools):
    sign_in_through_provider(client, oidc_settings, "alice")
    id_token = client.session["oidc_id_token"]

    response = client.post("/deconnexion/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    end_session = urlsplit(oidc_settings.configuration["end_session_endpoint"])
    assert (location.netloc, location.path) == (end_session.netloc, end_session.path)
    query = parse_qs(location.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == [f"{TEST_SERVER}/"]
    assert "_auth_user_id" not in client.session

    # The provider accepts the request and asks to confirm the sign-out.
    page = requests.get(response["Location"], timeout=10)
    assert page.status_code == 200
    assert "logout" in page.text.lower()


def test_sign_out_without_end_session_endpoint_stays_here(client, settings, oidc_settings, schools):
    sign_in_through_provider(client, oidc_settings, "alice")
    settings.OIDC_OP_LOGOUT_ENDPOINT = ""
    response = client.post("/deconnexion/")
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_login_page_offers_the_school_button_only_when_enabled(client, settings):
    settings.OIDC_ENABLED = False
    assert "/oidc/authenticate/" not in client.get("/connexion/").content.decode()
    settings.OIDC_ENABLED = True
    assert "/oidc/authenticate/" in client.get("/connexion/").content.decode()
