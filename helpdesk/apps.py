from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("help desk")

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from . import (
            filters,  # noqa: F401  (connects the cache invalidation of filter lists)
            standing,
        )
        from .admin_views import screen_cache
        from .reports.aggregates import register_sqlite_functions

        standing.connect()
        screen_cache.connect()
        connection_created.connect(register_sqlite_functions, dispatch_uid="guichet_sqlite_fns")
        # A connection opened before this app was ready (rare: a check at start-up) gets the
        # functions too.
        for connection in connections.all(initialized_only=True):
            if connection.connection is not None:
                register_sqlite_functions(None, connection)
