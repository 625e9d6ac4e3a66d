"""The marker of the tests that only PostgreSQL can run (row locks, concurrent transactions,
worker connections): skipped on SQLite with the reason, run by `make test-postgres` and CI."""

import pytest
from django.db import connection


def only_on_postgresql(why: str) -> pytest.MarkDecorator:
    """Skip unless the tests run on PostgreSQL; `why` says what needs it."""
    return pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=f"needs PostgreSQL: {why} (set DATABASE_URL=postgres://...)",
    )
