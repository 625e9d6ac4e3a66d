"""A real OpenID Connect provider for the tests: `tests/oidc/provider.mjs` (npm oidc-provider)
started as a subprocess on 127.0.0.1, and helpers that walk through its sign-in forms.

Fixtures: `oidc_provider` (one provider for the session, its client redirecting to the test
client's http://testserver), `oidc_settings` (points Guichet's OIDC_* settings at it for one
test). `start_provider()` starts another one, e.g. for a live server's URL.
"""

import contextlib
import html
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "guichet-tests"
CLIENT_SECRET = "guichet-tests-secret"
TEST_SERVER = "http://testserver"


@dataclass
class OIDCProvider:
    """A running provider: its issuer, its discovery document and a few test-only controls."""

    issuer: str
    configuration: dict[str, Any]
    redirect_uris: list[str]
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    process: subprocess.Popen | None = field(default=None, repr=False)

    def settings(self) -> dict[str, Any]:
        """Guichet's OIDC_* settings for this provider."""
        return {
            "OIDC_ENABLED": True,
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": "RS256",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.configuration["authorization_endpoint"],
            "OIDC_OP_TOKEN_ENDPOINT": self.configuration["token_endpoint"],
            "OIDC_OP_USER_ENDPOINT": self.configuration["userinfo_endpoint"],
            "OIDC_OP_JWKS_ENDPOINT": self.configuration["jwks_uri"],
            "OIDC_OP_LOGOUT_ENDPOINT": self.configuration.get("end_session_endpoint", ""),
        }

    @property
    def wrong_jwks_uri(self) -> str:
        """A key set with the same `kid` as the real key but another key."""
        return f"{self.issuer}/test/wrong-jwks"

    def set_claims(self, login: str, **claims: Any) -> dict[str, Any]:
        """Replace some claims of `login` (None removes one); returns all its claims."""
        response = requests.put(f"{self.issuer}/test/accounts/{login}", json=claims, timeout=5)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        requests.post(f"{self.issuer}/test/reset", timeout=5).raise_for_status()

    def authorize(self, authorization_url: str, login: str) -> str:
        """Play the person in the provider's development forms: type `login` (any password),
        consent, and return the URL the provider sends the browser back to (our callback)."""
        browser = requests.Session()
        response = browser.get(authorization_url, allow_redirects=False, timeout=10)
        for _step in range(12):
            if response.is_redirect:
                location = urljoin(response.url, response.headers["location"])
                if any(location.startswith(uri) for uri in self.redirect_uris):
                    return location
                response = browser.get(location, allow_redirects=False, timeout=10)
                continue
            response.raise_for_status()
            page = response.text
            action = re.search(r'<form[^>]*action="([^"]+)"', page)
            if action is None:
                raise AssertionError(f"No form on the provider's page:\n{page[:2000]}")
            if 'name="login"' in page:
                data = {"prompt": "login", "login": login, "password": "any"}
            else:
                data = {"prompt": "consent"}
            response = browser.post(
                urljoin(response.url, html.unescape(action.group(1))),
                data=data,
                allow_redirects=False,
                timeout=10,
            )
        raise AssertionError("The provider never sent the browser back.")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def node_available() -> bool:
    return bool(shutil.which("node")) and (ROOT / "node_modules" / "oidc-provider").is_dir()


@contextlib.contextmanager
def start_provider(
    redirect_uris: list[str], post_logout_redirect_uris: list[str], code_ttl: int = 60
) -> Iterator[OIDCProvider]:
    """Start provider.mjs on a free port, wait for its discovery document, stop it after."""
    if not node_available():
        # Fail rather than skip: a run that never met a real provider must not pass.
        pytest.fail(
            "The OIDC tests need node and the npm package oidc-provider: run `make test` "
            "(or `npm ci`).",
            pytrace=False,
        )
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "OIDC_TEST_CLIENT_ID": CLIENT_ID,
        "OIDC_TEST_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_TEST_REDIRECT_URIS": ",".join(redirect_uris),
        "OIDC_TEST_POST_LOGOUT_REDIRECT_URIS": ",".join(post_logout_redirect_uris),
        "OIDC_TEST_CODE_TTL": str(code_ttl),
    }
    process = subprocess.Popen(
        ["node", str(PROVIDER_SCRIPT), str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        configuration = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"oidc-provider exited:\n{process.stdout.read()}")
            try:
                response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
                if response.ok:
                    configuration = response.json()
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        if configuration is None:
            raise RuntimeError("oidc-provider did not start within 30 seconds")
        yield OIDCProvider(
            issuer=issuer,
            configuration=configuration,
            redirect_uris=redirect_uris,
            process=process,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[OIDCProvider]:
    """One provider for the whole session; its client sends back to the Django test client."""
    with start_provider([f"{TEST_SERVER}/oidc/callback/"], [f"{TEST_SERVER}/"]) as provider:
        yield provider


@pytest.fixture
def oidc_settings(settings, oidc_provider: OIDCProvider) -> OIDCProvider:
    """Guichet configured for `oidc_provider`, whose accounts have their default claims."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    oidc_provider.reset()
    return oidc_provider


def sign_in_through_provider(client, provider: OIDCProvider, login: str, next_url: str = ""):
    """The whole authorization-code flow as a browser would do it, with the Django test client
    on our side: returns the response of our callback."""
    callback_url = start_sign_in(client, provider, login, next_url)
    return client.get(callback_url.removeprefix(TEST_SERVER))


def start_sign_in(client, provider: OIDCProvider, login: str, next_url: str = "") -> str:
    """Click "sign in with my school", sign in at the provider: returns the callback URL
    (with its code and state) without visiting it."""
    query = f"?next={next_url}" if next_url else ""
    response = client.get(f"/oidc/authenticate/{query}")
    assert response.status_code == 302, response
    return provider.authorize(response["Location"], login)
