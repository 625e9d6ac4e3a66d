"""The profile page where a person creates, lists and revokes their API tokens."""

import re

import pytest
from rest_framework.test import APIClient

from portal.models import ApiToken
from portal.services.api_tokens import create_api_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/profil/jetons-api/"


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/connexion/")


def test_create_shows_the_secret_once_and_it_works(client, user):
    client.force_login(user)
    response = client.post(PAGE, {"name": "Intranet", "scope": "read", "expires_in": "30"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r'value="(gch_[^"]+)"', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=user)
    assert token.name == "Intranet" and token.expires_at is not None
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/me/").status_code == 200
    listing = client.get(PAGE).content.decode()
    assert secret not in listing
    assert token.prefix in listing


def test_invalid_form_explains_and_creates_nothing(client, user):
    client.force_login(user)
    response = client.post(PAGE, {"name": "", "scope": "admin", "expires_in": "9999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Donnez un nom au jeton." in page
    assert not ApiToken.objects.exists()


def test_revoke_own_token_only(client, user):
    token, secret = create_api_token(user, "Script")
    other_token, _ = create_api_token(UserFactory(), "Autre")
    client.force_login(user)
    assert client.post(f"{PAGE}{other_token.pk}/revoquer/").status_code == 404
    assert client.get(f"{PAGE}{token.pk}/revoquer/").status_code == 405
    response = client.post(f"{PAGE}{token.pk}/revoquer/", follow=True)
    assert response.status_code == 200
    assert "Révoqué le" in response.content.decode()
    token.refresh_from_db()
    other_token.refresh_from_db()
    assert token.revoked_at is not None and other_token.revoked_at is None
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/me/").status_code == 401


def test_forms_are_csrf_protected(user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(PAGE, {"name": "x", "scope": "read", "expires_in": "30"}).status_code == 403
    assert not ApiToken.objects.exists()
