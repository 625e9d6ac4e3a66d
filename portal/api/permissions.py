from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..models import ApiToken


class TokenScope(BasePermission):
    """A personal token with the "read" scope may only read (GET, HEAD, OPTIONS)."""

    message = _("This API token may only read: its scope is read-only.")

    def has_permission(self, request, view):
        token = request.auth
        if isinstance(token, ApiToken) and request.method not in SAFE_METHODS:
            return token.can_write
        return True
