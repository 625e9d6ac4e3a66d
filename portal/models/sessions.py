"""The sessions, each with the person signed in to it.

Django's database sessions keep the person's id inside the encoded data, so every signed-in
request read the session, then the person: two queries before anything else. Here the person
is also a column of the session row, and the session is read with the person joined
(`portal.sessions`): one query. The data, expiry and sign-out behave as Django's own; deleting
a person deletes their sessions.
"""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionManager(BaseSessionManager):
    use_in_migrations = True

    def get_queryset(self):
        # The session store reads a session by its key only: the person comes with it.
        return super().get_queryset().select_related("user")


class UserSession(AbstractBaseSession):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
    )

    objects = SessionManager()

    class Meta(AbstractBaseSession.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from portal.sessions import SessionStore

        return SessionStore
