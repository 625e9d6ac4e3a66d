"""Index updates run after the commit, as background tasks: a publish or a ticket change never
waits for the search engine, and a failure there never fails the user's request."""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def update_index(kind: str, object_id: int) -> None:
    """Index or remove one object. When the engine fails (Elasticsearch down), the update is
    recorded (`search.pending`) and retried once the engine takes updates again; after a
    success, earlier failures are retried (a bounded batch)."""
    from .indexing import update
    from .models import PendingIndexOperation
    from .pending import CATCH_UP_BATCH, catch_up, record_failure

    try:
        update(kind, object_id)
    except Exception as error:
        logger.warning("Search index update failed for %s %s", kind, object_id, exc_info=True)
        record_failure(kind, object_id, error)
        return
    if PendingIndexOperation.objects.exists():
        catch_up(limit=CATCH_UP_BATCH)


@task()
def catch_up_index() -> None:
    """Retry every pending index update (see `manage.py search_index --catch-up`)."""
    from .pending import catch_up

    result = catch_up()
    if result.remaining:
        logger.warning(
            "Search index: %s updates still pending (%s)", result.remaining, result.error
        )


def schedule(kind: str, object_id: int) -> None:
    """Queue an index update of one object once the current transaction commits (once, even
    when a business step saves the ticket and its messages several times)."""
    job = _IndexJob(str(kind), int(object_id))
    for pending in getattr(connection, "run_on_commit", []):
        if pending[1] == job and not pending[1].done:
            return
    transaction.on_commit(job, robust=True)


class _IndexJob:
    def __init__(self, kind: str, object_id: int):
        self.kind, self.object_id, self.done = kind, object_id, False

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _IndexJob) and (self.kind, self.object_id) == (
            other.kind,
            other.object_id,
        )

    # Compared by value but mutable (`done`): unhashable, as Python makes such classes.
    __hash__ = None  # type: ignore[assignment]  (typeshed declares __hash__ as a method)

    def __call__(self) -> None:
        self.done = True
        update_index.enqueue(self.kind, self.object_id)
