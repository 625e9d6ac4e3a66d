"""The session engine (`SESSION_ENGINE = "portal.sessions"`): Django's database sessions,
stored in `UserSession`, whose row also names the person signed in, so that reading the
session reads the person in the same query (portal/models/sessions.py).

`signed_in_user(request)` is Django's `auth.get_user` taking the person from that row when it
can: the same person, signed in through a backend still in the settings, who may still sign
in, and whose session hash matches their current password. Any other case (no session, an
old session without the column, a changed password, a rotated secret) goes through Django's
own `get_user`, which decides as always.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils.crypto import constant_time_compare


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls):
        from portal.models.sessions import UserSession

        return UserSession

    def create_model_instance(self, data):
        row = super().create_model_instance(data)
        try:
            row.user_id = int(data.get(SESSION_KEY))
        except (TypeError, ValueError):
            row.user_id = None
        return row

    def _get_session_from_db(self):
        # Django's own, read by the prepared statement of `SessionManager.current`.
        row = self.model.objects.current(self.session_key) if self.session_key else None
        if row is None:
            self._session_key = None
        # Read with the session (the person's columns come in the same row): no query here.
        self.person = row.user if row is not None and row.user_id is not None else None
        return row


def signed_in_user(request):
    session = request.session
    try:
        user_id = session[SESSION_KEY]
        backend_path = session[BACKEND_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)
    person = getattr(session, "person", None)
    if (
        person is None
        or str(person.pk) != str(user_id)
        or backend_path not in settings.AUTHENTICATION_BACKENDS
    ):
        return auth.get_user(request)
    backend = auth.load_backend(backend_path)
    may_sign_in = getattr(backend, "user_can_authenticate", None)
    session_hash = session.get(HASH_SESSION_KEY)
    if (
        (may_sign_in is not None and not may_sign_in(person))
        or not session_hash
        or not constant_time_compare(session_hash, person.get_session_auth_hash())
    ):
        return auth.get_user(request)
    return person


def cached_signed_in_user(request):
    """As `django.contrib.auth.middleware.get_user`: once per request."""
    if not hasattr(request, "_cached_user"):
        request._cached_user = signed_in_user(request)
    return request._cached_user
