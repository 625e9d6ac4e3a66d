"""Independent report queries run side by side, each on its own PostgreSQL connection.

A year's dashboard over a million tickets spends most of its time in three scans that the
daily roll-up cannot hold: the two delay percentiles (one sort of a year of delays each) and
the backlog (benchmarks/README.md). PostgreSQL runs one process per connection, so giving
each scan its own connection uses the machine's other cores: the dashboard waits for the
slowest scan instead of their sum.

Only where it is safe: on PostgreSQL, when the report's caller was not inside a transaction
(worker connections see committed rows only: inside a transaction, such as a test's, they
would miss the caller's own rows) and GUICHET_REPORT_QUERY_WORKERS is above one. Otherwise,
and always on SQLite, the same functions run one after the other on the caller's connection.
Each worker opens its connection with the report session's settings, runs in the caller's
time zone and language, and closes its connection when done.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

_ALLOWED: ContextVar[bool] = ContextVar("guichet_report_parallel", default=False)


@contextmanager
def allowed_here() -> Iterator[None]:
    """Mark the report about to run as one whose queries may use worker connections: call it
    before the report opens its own transaction."""
    allowed = (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and settings.GUICHET_REPORT_QUERY_WORKERS > 1
    )
    token = _ALLOWED.set(allowed)
    try:
        yield
    finally:
        _ALLOWED.reset(token)


def run_side_by_side(*calls: Callable[[], Any], session: Callable[[], None]) -> list[Any]:
    """The results of `calls`, in order: each on a worker connection prepared by `session`
    (run first in the worker's transaction) when allowed, else one after the other here."""
    if not _ALLOWED.get() or len(calls) < 2:
        return [call() for call in calls]
    zone, language = timezone.get_current_timezone(), translation.get_language()

    def work(call: Callable[[], Any]) -> Any:
        try:
            with timezone.override(zone), translation.override(language), transaction.atomic():
                session()
                return call()
        finally:
            connection.close()  # this thread's own connection

    workers = min(len(calls), settings.GUICHET_REPORT_QUERY_WORKERS)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="report") as pool:
        return list(pool.map(work, calls))
