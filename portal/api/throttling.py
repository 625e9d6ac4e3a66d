from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from ..models import ApiToken


class ApiRateThrottle(SimpleRateThrottle):
    """One rate per kind of client (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]): "token" counts
    each personal token apart, "user" each signed-in person (session or OIDC bearer), "anon"
    each address. The rates are read at each request, so that settings overrides apply."""

    def __init__(self):  # the scope is known only with the request
        pass

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if isinstance(request.auth, ApiToken):
            self.scope, self.ident = "token", str(request.auth.pk)
        elif request.user and request.user.is_authenticated:
            self.scope, self.ident = "user", str(request.user.pk)
        else:
            self.scope, self.ident = "anon", self.get_ident(request)
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}
