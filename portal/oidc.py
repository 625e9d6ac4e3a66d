"""Sign-in with the school's credentials through OpenID Connect (mozilla-django-oidc)."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView


class GuichetOIDCBackend(OIDCAuthenticationBackend):
    pass


class GuichetCallbackView(OIDCAuthenticationCallbackView):
    pass


def provider_logout_url(request) -> str:
    return "/"
