"""OIDC access tokens of the group's provider as API credentials, against the real test
provider (tests/oidc/provider.mjs): the token is obtained by a real authorization-code flow,
then checked by our API at the provider's userinfo endpoint."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from portal.models import User
from tests.oidc.fixtures import TEST_SERVER, start_sign_in

pytestmark = pytest.mark.django_db


def access_token_for(client, provider, login: str) -> str:
    callback = start_sign_in(client, provider, login)
    code = parse_qs(urlsplit(callback).query)["code"][0]
    response = requests.post(
        provider.configuration["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": f"{TEST_SERVER}/oidc/callback/",
        },
        auth=(provider.client_id, provider.client_secret),
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["access_token"]


def test_bearer_token_of_the_provider_signs_in_to_the_api(client, api_client, oidc_settings):
    token = access_token_for(client, oidc_settings, "alix")
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 200, response.content
    assert response.json()["authentication"] == "bearer"
    assert response.json()["email"] == "alix@insa-lyon.fr"
    assert User.objects.get(oidc_subject="alix").email == "alix@insa-lyon.fr"


def test_unknown_bearer_token_is_refused(api_client, oidc_settings):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token-of-the-provider")
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert not User.objects.filter(oidc_subject__isnull=False).exists()


def test_bearer_tokens_are_ignored_while_oidc_is_off(api_client, settings):
    settings.OIDC_ENABLED = False
    api_client.credentials(HTTP_AUTHORIZATION="Bearer whatever")
    assert api_client.get("/api/v1/me/").status_code == 401
    assert api_client.get("/api/v1/briques/").status_code == 200
