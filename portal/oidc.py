"""Sign-in with the school's credentials through OpenID Connect (mozilla-django-oidc).

The backend finds the person by the provider's subject (or, the first time, by the e-mail of an
existing local account) and hands the claims to `services.accounts.apply_identity_claims`.
Anything that goes wrong between the provider and us ends on a French error page that says
what happened, with no account created or changed.
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from .models import User
from .services.accounts import MissingEmailClaim, apply_identity_claims

logger = logging.getLogger(__name__)


class SignInError(Exception):
    """A sign-in through the identity provider that cannot complete. `reason` is a key of
    ERRORS."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


# reason -> (HTTP status, title, what happened and what to do)
ERRORS: dict[str, tuple[int, str, str]] = {
    "state": (
        400,
        _("This sign-in link is no longer valid"),
        _(
            "The answer of the identity provider does not match a sign-in started from this "
            "browser: the page may have been reloaded, opened in another tab or kept too long. "
            "No account was changed. Start the sign-in again."
        ),
    ),
    "code": (
        400,
        _("This sign-in has expired"),
        _(
            "The identity provider refused the sign-in code: it was already used or has "
            "expired. No account was changed. Start the sign-in again."
        ),
    ),
    "verification": (
        400,
        _("The identity of the provider could not be verified"),
        _(
            "The answer received could not be verified as coming from your school's identity "
            "provider, so it was rejected. No account was changed. Try again; if this happens "
            "again, contact the support of your school."
        ),
    ),
    "provider": (
        400,
        _("The identity provider did not sign you in"),
        _(
            "The sign-in was cancelled or refused by the identity provider. No account was "
            "changed. You can try again."
        ),
    ),
    "missing_email": (
        403,
        _("Sign-in refused: no e-mail address"),
        _(
            "Your school's identity provider did not give your e-mail address. Guichet needs "
            "it to answer your requests, so no account was created. Ask your school's IT "
            "support to release your e-mail address to Guichet, then try again."
        ),
    ),
    "inactive": (
        403,
        _("This account is disabled"),
        _(
            "Your Guichet account has been disabled. Contact the support of your school if you "
            "think this is a mistake."
        ),
    ),
    "ambiguous": (
        403,
        _("Several accounts use this e-mail address"),
        _(
            "Guichet cannot tell which account is yours. No account was changed. Contact the "
            "support of your school so that they merge the accounts."
        ),
    ),
    "unavailable": (
        502,
        _("The identity provider cannot be reached"),
        _(
            "Guichet could not talk to your school's identity provider. No account was "
            "changed. Try again in a few minutes."
        ),
    ),
    "refused": (
        403,
        _("Sign-in refused"),
        _("The sign-in could not be completed. No account was changed. You can try again."),
    ),
}


class GuichetOIDCBackend(OIDCAuthenticationBackend):
    """Authenticates the callback of the authorization-code flow; every failure becomes a
    SignInError that the callback view turns into an explanation."""

    def authenticate(self, request, **kwargs):
        # Only the callback view passes a nonce: never exchange a code found on another page
        # (the local sign-in form also calls authenticate()).
        if request is None or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SignInError:
            raise
        except requests.HTTPError as error:
            status = getattr(error.response, "status_code", 0) or 0
            logger.warning("OIDC provider refused a request: %s", error)
            raise SignInError("code" if 400 <= status < 500 else "unavailable") from error
        except requests.RequestException as error:
            logger.warning("OIDC provider unreachable: %s", error)
            raise SignInError("unavailable") from error
        except (SuspiciousOperation, jwt.PyJWTError, KeyError) as error:
            logger.warning("OIDC ID token rejected: %s", error)
            raise SignInError("verification") from error

    def verify_token(self, token, **kwargs):
        """Beyond the signature and nonce: the ID token must come from our issuer, for us."""
        payload = super().verify_token(token, **kwargs)
        if "nonce" in kwargs:
            audience = payload.get("aud")
            audiences = [audience] if isinstance(audience, str) else list(audience or [])
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("ID token issued for another client.")
            issuer = self.get_settings("OIDC_OP_ISSUER", "")
            if issuer and payload.get("iss") != issuer:
                raise SuspiciousOperation("ID token from another issuer.")
        return payload

    def store_tokens(self, access_token, id_token):
        # Kept aside until the account is known: a refused sign-in leaves no token behind.
        self.pending_tokens = (access_token, id_token)

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not claims.get("sub") or claims.get("sub") != payload.get("sub"):
            raise SignInError("verification", "user info and ID token name different subjects")
        user = self.user_for_claims(claims)
        if user is not None and user.is_active:
            super().store_tokens(*self.pending_tokens)
        return user

    @transaction.atomic
    def user_for_claims(self, claims: dict) -> User | None:
        """The account these claims sign in to, created or refreshed from them."""
        email = str(claims.get(settings.OIDC_CLAIM_EMAIL) or "").strip()
        if not email:
            raise SignInError("missing_email")
        user = self.filter_users_by_claims(claims).first()
        if user is None and claims.get("email_verified") is not False:
            # First sign-in of a person who already has a local account: link it.
            candidates = list(
                User.objects.filter(email__iexact=email, oidc_subject__isnull=True)[:2]
            )
            if len(candidates) > 1:
                raise SignInError("ambiguous")
            user = candidates[0] if candidates else None
        if user is not None and not user.is_active:
            raise SignInError("inactive")
        if user is None and not self.get_settings("OIDC_CREATE_USER", True):
            return None
        try:
            return apply_identity_claims(user, claims)
        except MissingEmailClaim as error:
            raise SignInError("missing_email") from error

    def filter_users_by_claims(self, claims):
        subject = claims.get("sub")
        if not subject:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(oidc_subject=subject)

    def describe_user_by_claims(self, claims):
        return f"subject {claims.get('sub')}"


class GuichetCallbackView(OIDCAuthenticationCallbackView):
    """The provider sends the browser back here. Every failure is explained on a French page,
    without creating or changing an account."""

    def get(self, request):
        if request.GET.get("error"):
            self.failure_reason = "provider"
        elif not (request.GET.get("code") and request.GET.get("state")):
            self.failure_reason = "state"
        elif "oidc_states" not in request.session:
            # Another browser, an expired session or a bookmarked callback.
            self.failure_reason = "state"
        else:
            self.failure_reason = "refused"
        try:
            return super().get(request)
        except SuspiciousOperation as error:
            logger.warning("OIDC callback rejected: %s", error)
            return self.error_response("state")
        except SignInError as error:
            return self.error_response(error.reason)

    def login_failure(self):
        return self.error_response(self.failure_reason)

    def error_response(self, reason: str) -> HttpResponse:
        return render_sign_in_error(self.request, reason)


def render_sign_in_error(request: HttpRequest, reason: str) -> HttpResponse:
    status, title, message = ERRORS.get(reason, ERRORS["refused"])
    return render(
        request,
        "portal/oidc_error.html",
        {"title": title, "message": message, "reason": reason},
        status=status,
    )


def provider_logout_url(request: HttpRequest) -> str:
    """Where to send the browser so that the provider ends its session too (RP-initiated
    logout), coming back to our home page. Empty when the provider has no end-session
    endpoint. Read the ID token before our session is flushed."""
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if not endpoint:
        return ""
    params = {
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri("/"),
    }
    id_token = request.session.get("oidc_id_token")
    if id_token:
        params["id_token_hint"] = id_token
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(params)}"
