import pytest
from rest_framework.test import APIClient

from portal.services.api_tokens import create_api_token


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def token_client(user):
    """Returns a function: an API client authenticated with a new token of `user`."""

    def make(scope="read", **fields):
        token, secret = create_api_token(user, "Test integration", scope, **fields)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
        return client, token, secret

    return make
