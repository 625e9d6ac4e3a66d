"""Personal API tokens through the API: authentication, revocation, expiry, scope."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from portal.models import ApiToken
from portal.services.api_tokens import create_api_token, hash_secret, revoke_api_token
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_token_works_and_only_its_hash_is_stored(token_client, user):
    client, token, secret = token_client()
    response = client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["username"] == user.username
    assert response.json()["authentication"] == "token"
    stored = ApiToken.objects.get(pk=token.pk)
    values = [str(getattr(stored, field.attname)) for field in ApiToken._meta.concrete_fields]
    assert all(secret not in value for value in values)
    assert stored.secret_hash == hash_secret(secret)
    assert secret.startswith(stored.prefix) and len(stored.prefix) < len(secret) / 3
    assert stored.last_used_at is not None


def test_revoked_token_is_refused(token_client):
    client, token, _secret = token_client()
    assert client.get("/api/v1/me/").status_code == 200
    revoke_api_token(token)
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response["WWW-Authenticate"] == 'Token realm="api"'


def test_expired_token_is_refused(token_client):
    client, _token, _secret = token_client(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/me/").status_code == 401


def test_unknown_token_is_refused(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token gch_not-a-real-token")
    assert api_client.get("/api/v1/me/").status_code == 401
    # even on an endpoint open to anonymous readers: wrong credentials are never ignored
    assert api_client.get("/api/v1/briques/").status_code == 401


def test_read_token_cannot_write(token_client):
    client, token, _secret = token_client(scope="read")
    response = client.delete(f"/api/v1/tokens/{token.pk}/")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    token.refresh_from_db()
    assert token.revoked_at is None


def test_read_token_cannot_post_where_a_write_token_meets_the_method_check(token_client):
    read, _t1, _s1 = token_client(scope="read")
    write, _t2, _s2 = token_client(scope="read_write")
    assert read.post("/api/v1/tokens/", {}, format="json").status_code == 403
    assert write.post("/api/v1/tokens/", {}, format="json").status_code == 405


def test_read_write_token_revokes_itself(token_client):
    client, token, _secret = token_client(scope="read_write")
    assert client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/me/").status_code == 401


def test_tokens_of_others_are_invisible(token_client):
    client, _token, _secret = token_client(scope="read_write")
    other = UserFactory()
    other_client = APIClient()
    other_client.force_authenticate(other)
    foreign = ApiToken.objects.create(user=other, name="x", prefix="gch_x", secret_hash="0" * 64)
    listed = client.get("/api/v1/tokens/").json()
    assert foreign.pk not in [item["id"] for item in listed["results"]]
    assert client.delete(f"/api/v1/tokens/{foreign.pk}/").status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked_at is None


def test_token_of_a_disabled_account_is_refused(token_client, user):
    client, _token, _secret = token_client()
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me/").status_code == 401


def test_session_needs_csrf_for_writes(user, token_client):
    _client, token, _secret = token_client()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/v1/me/").json()["authentication"] == "session"
    response = client.delete(f"/api/v1/tokens/{token.pk}/")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_the_token_list_is_paginated_and_its_query_count_does_not_grow(token_client, user):
    client, _token, _secret = token_client()

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/api/v1/tokens/").json()
        return len(queries), body["count"]

    count()  # the first request also stamps the token's last use (once a minute at most)
    few, total = count()
    assert total == 1
    for index in range(5):
        create_api_token(user, f"Intégration {index}", "read")
    many, total = count()
    assert (many, total) == (few, 6)
