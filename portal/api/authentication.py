"""Who calls the API: a personal token (`Authorization: Token <secret>`) or an access token of
the group's OpenID Connect provider (`Authorization: Bearer <token>`); the site session comes
after them in REST_FRAMEWORK (DRF's SessionAuthentication, which enforces CSRF)."""

import hmac
import logging

import requests
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.contrib.drf import OIDCAuthentication
from rest_framework import authentication, exceptions

from ..models import ApiToken
from ..oidc import GuichetOIDCBackend, SignInError
from ..services.api_tokens import hash_secret, note_token_use

logger = logging.getLogger(__name__)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """A personal token. The secret is looked up by its SHA-256 hash (the table holds no
    secret); a revoked or expired token, or the token of an inactive person, is a 401."""

    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid token header: give the token after the word Token, without spaces.")
            )
        try:
            secret = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        wanted = hash_secret(secret)
        token = ApiToken.objects.select_related("user").filter(secret_hash=wanted).first()
        # The lookup matched on the hash; compare again in constant time all the same.
        if token is None or not hmac.compare_digest(token.secret_hash, wanted):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        note_token_use(token)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class BearerTokenBackend(GuichetOIDCBackend):
    """An access token is checked by asking the provider's userinfo endpoint who it belongs to
    (the provider refuses an expired or revoked one); the claims then find or create the
    account exactly as a sign-in does."""

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, None, None)
        if not claims.get("sub"):
            raise SignInError("verification", "user info without a subject")
        return self.user_for_claims(claims)


class OIDCBearerAuthentication(OIDCAuthentication):
    """mozilla-django-oidc's DRF class with our backend; off while OIDC is not configured."""

    def __init__(self, backend=None):
        super().__init__(backend=backend or BearerTokenBackend())

    def authenticate(self, request):
        if not settings.OIDC_ENABLED:
            return None
        try:
            return super().authenticate(request)
        except SignInError as error:
            logger.info("API bearer token refused: %s", error)
            raise exceptions.AuthenticationFailed(_("This access token was refused.")) from None
        except requests.HTTPError as error:
            logger.info("API bearer token refused by the provider: %s", error)
            raise exceptions.AuthenticationFailed(_("This access token was refused.")) from None
        except requests.RequestException as error:
            logger.warning("OIDC provider unreachable for a bearer token: %s", error)
            raise exceptions.AuthenticationFailed(
                _("The identity provider cannot be reached; try again later.")
            ) from None


from . import schema  # noqa: E402, F401  (registers the schema's description of these classes)
