"""The sessions, each with the person signed in to it.

Django's database sessions keep the person's id inside the encoded data, so every signed-in
request read the session, then the person: two queries before anything else. Here the person
is also a column of the session row, and the session is read with the person joined
(`portal.sessions`): one query. The data, expiry and sign-out behave as Django's own; deleting
a person deletes their sessions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.db import connections, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The session key the prepared statement is compiled with, then replaced by each request's.
_PROBE = "guichet-session-probe"


@dataclass(frozen=True)
class _Statement:
    """The session query as Django compiles it: its SQL, which columns make the session and
    which the person, and the converters the backend applies to them."""

    sql: str
    session_fields: list[str]
    person_fields: list[str]
    person_pk: int  # the position of the person's id among their columns
    converters: dict

    @classmethod
    def prepare(cls, manager: SessionManager) -> _Statement:
        query = manager.filter(session_key=_PROBE).query
        compiler = query.get_compiler(manager.db)
        sql, params = compiler.as_sql()
        if list(params) != [_PROBE]:
            raise AssertionError(f"The session query's parameters changed: {params!r}")
        columns = [expression for expression, _sql, _alias in compiler.select]
        session_info = compiler.klass_info
        (person_info,) = session_info["related_klass_infos"]

        def names(info) -> list[str]:
            return [columns[index].target.attname for index in info["select_fields"]]

        if session_info["select_fields"] != list(range(len(names(session_info)))):
            raise AssertionError("The session's columns no longer come first.")
        return cls(
            sql=sql,
            session_fields=names(session_info),
            person_fields=names(person_info),
            person_pk=names(person_info).index(person_info["model"]._meta.pk.attname),
            converters=compiler.get_converters(columns),
        )

    def load(self, using: str, connection, row) -> UserSession | None:
        row = list(row)
        for position, (converters, expression) in self.converters.items():
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        split = len(self.session_fields)
        session = UserSession.from_db(using, self.session_fields, row[:split])
        if session.expire_date <= timezone.now():
            return None
        person_row = row[split:]
        person = None
        if session.user_id is not None and person_row[self.person_pk] is not None:
            person = UserSession.user.field.related_model.from_db(
                using, self.person_fields, person_row
            )
        UserSession.user.field.set_cached_value(session, person)
        return session


class SessionManager(BaseSessionManager):
    use_in_migrations = True

    def get_queryset(self):
        # The session store reads a session by its key only: the person comes with it.
        return super().get_queryset().select_related("user")

    def current(self, session_key: str) -> UserSession | None:
        """The unexpired session with this key, its person loaded with it.

        Every signed-in request starts here, and Django spends four times longer preparing
        this two-table query than the database running it. So its SQL, the columns' order
        and their converters are prepared once per database connection (from this manager's
        own queryset, so they follow the models) and only executed here."""
        connection = connections[self.db]
        statement = getattr(connection, "_guichet_session_statement", None)
        if statement is None:
            statement = connection._guichet_session_statement = _Statement.prepare(self)
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, [session_key])
            row = cursor.fetchone()
        if row is None:
            return None
        return statement.load(self.db, connection, row)


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
