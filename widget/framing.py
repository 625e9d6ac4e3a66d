"""Who may frame Guichet, and who may read its public API from a browser.

Nothing may frame the site (`X-Frame-Options: DENY`, and the same in CSP: `frame-ancestors
'none'`), except the help widget's panel, which the origins of `GUICHET_WIDGET_ORIGINS` (and
Guichet itself) may frame. The same origins may read the public read API (articles, briques
and their status) from their pages' scripts: CORS through django-cors-headers, decided per
request here so that the setting is the only list.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from corsheaders.signals import check_request_enabled
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The API paths an allowed origin may read from a browser (public reads, no credentials).
CORS_PATHS = ("/api/v1/articles/", "/api/v1/briques/")


def normalise_origin(value: str) -> str:
    """`https://intranet.insa-lyon.fr` from a setting's entry; ImproperlyConfigured when the
    entry is not an origin (a scheme and a host, an optional port, no path)."""
    parts = urlsplit(value.strip())
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
    ):
        raise ImproperlyConfigured(
            f"GUICHET_WIDGET_ORIGINS: {value!r} is not an origin such as "
            "https://intranet.insa-lyon.fr (scheme, host and optional port, no path)."
        )
    return f"{parts.scheme}://{parts.netloc.lower()}"


def allowed_origins() -> list[str]:
    """The origins allowed to embed the help widget (read at each request: tests change it)."""
    return [normalise_origin(origin) for origin in settings.GUICHET_WIDGET_ORIGINS]


def frame_ancestors() -> str:
    """The CSP source list of the widget's panel: Guichet itself and the allowed origins."""
    return " ".join(["'self'", *allowed_origins()])


class FrameAncestorsMiddleware:
    """Says in CSP what `X-Frame-Options` says (browsers follow CSP's `frame-ancestors` when
    both are present, and some embedding checks read only CSP): DENY → 'none', SAMEORIGIN →
    'self' (Wagtail's preview). A response without X-Frame-Options (the widget's panel, which
    sets its own policy) is left as it is. Listed before XFrameOptionsMiddleware, so that it
    sees the header that middleware sets."""

    POLICIES = {"DENY": "frame-ancestors 'none'", "SAMEORIGIN": "frame-ancestors 'self'"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = self.POLICIES.get(response.headers.get("X-Frame-Options", "").upper())
        if policy and "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = policy
        return response


def _cors_allowed(sender, request, **kwargs) -> bool:
    """django-cors-headers asks this for each request: an allowed origin reading the public
    API. (Its own CORS_ALLOWED_ORIGINS stays empty: one list, GUICHET_WIDGET_ORIGINS.)"""
    origin = request.headers.get("Origin", "")
    return request.path.startswith(CORS_PATHS) and origin.lower() in allowed_origins()


check_request_enabled.connect(_cors_allowed, dispatch_uid="guichet-widget-cors")
