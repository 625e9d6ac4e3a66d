"""Index updates that failed, kept in the database until the search engine takes them.

When Elasticsearch is down, `tasks.update_index` records the object here (once per object,
with the number of attempts). `catch_up()` retries them oldest first: after the next update
that succeeds, from `manage.py search_index --catch-up` and from the `catch_up_index` task.
A complete rebuild forgets those recorded before it started.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F
from django.utils import timezone

from .contract import SearchEngine, SearchUnavailable
from .models import PendingIndexOperation

logger = logging.getLogger(__name__)

# Retried after one successful update at most: bounded work in a single job.
CATCH_UP_BATCH = 50


@dataclass(frozen=True)
class CatchUp:
    done: int
    remaining: int
    # Why it stopped early: the engine is still unavailable.
    error: str = ""


def record_failure(kind: str, object_id: int, error: BaseException) -> None:
    message = f"{type(error).__name__}: {error}"[:2000]
    updated = PendingIndexOperation.objects.filter(kind=kind, object_id=object_id).update(
        attempts=F("attempts") + 1, last_error=message, last_failed_at=timezone.now()
    )
    if not updated:
        PendingIndexOperation.objects.get_or_create(
            kind=kind, object_id=object_id, defaults={"last_error": message}
        )


def catch_up(engine: SearchEngine | None = None, *, limit: int | None = None) -> CatchUp:
    """Retry the pending updates, oldest first; stop at the first one the engine cannot
    take (it is still down), leaving it and the rest for later."""
    from .indexing import update

    pending = PendingIndexOperation.objects.order_by("first_failed_at", "pk")
    batch = list(pending[:limit] if limit else pending.all())
    done = 0
    for operation in batch:
        try:
            update(operation.kind, operation.object_id, engine)
        except SearchUnavailable as error:
            record_failure(operation.kind, operation.object_id, error)
            return CatchUp(done, PendingIndexOperation.objects.count(), str(error))
        except Exception as error:  # a broken object: keep it, go on with the others
            logger.exception("Search index catch-up failed for %s", operation)
            record_failure(operation.kind, operation.object_id, error)
            continue
        # Unless it failed again meanwhile (a newer change to retry).
        PendingIndexOperation.objects.filter(
            pk=operation.pk, last_failed_at=operation.last_failed_at
        ).delete()
        done += 1
    return CatchUp(done, PendingIndexOperation.objects.count())


def forget_before(moment: datetime) -> int:
    """After a complete rebuild started at `moment`: what failed before it is in the index."""
    deleted, _ = PendingIndexOperation.objects.filter(last_failed_at__lt=moment).delete()
    return deleted
