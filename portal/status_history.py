"""The published history of the briques' status, read from Wagtail's publish log: each
published revision whose status (or its message or dates) differs from the one before is a
change. Used by the status feeds."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import PageLogEntry

from .models import BriquePage, BriqueStatus

STATUS_FIELDS = ("status", "status_message", "status_start", "status_end")


@dataclass(frozen=True)
class StatusChange:
    brique: BriquePage
    at: datetime
    status: str
    message: str
    start: datetime | None
    end: datetime | None

    @property
    def label(self) -> str:
        return str(BriqueStatus(self.status).label)

    def key(self) -> tuple:
        return (self.status, self.message, self.start, self.end)


def _moment(value) -> datetime | None:
    if not value:
        return None
    moment = parse_datetime(value) if isinstance(value, str) else value
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _current(brique: BriquePage) -> StatusChange:
    return StatusChange(
        brique=brique,
        at=brique.last_published_at or brique.latest_revision_created_at or timezone.now(),
        status=brique.status,
        message=brique.status_message,
        start=brique.status_start,
        end=brique.status_end,
    )


def status_changes(briques: list[BriquePage], limit: int = 50) -> list[StatusChange]:
    """The last `limit` status changes of `briques`, newest first (two queries whatever the
    number of briques). A brique whose current status is not in its log (e.g. created by a
    script without a revision) shows its current status as its latest change."""
    by_id = {brique.pk: brique for brique in briques}
    entries = (
        PageLogEntry.objects.filter(
            page_id__in=by_id, action="wagtail.publish", revision__isnull=False
        )
        .select_related("revision")
        .order_by("page_id", "timestamp", "pk")
    )
    changes: list[StatusChange] = []
    previous: dict[int, tuple] = {}
    for entry in entries:
        content = entry.revision.content or {}
        change = StatusChange(
            brique=by_id[entry.page_id],
            at=entry.timestamp,
            status=content.get("status") or BriqueStatus.OPERATIONAL,
            message=content.get("status_message") or "",
            start=_moment(content.get("status_start")),
            end=_moment(content.get("status_end")),
        )
        if previous.get(entry.page_id) != change.key():
            changes.append(change)
            previous[entry.page_id] = change.key()
    for brique in briques:
        current = _current(brique)
        if previous.get(brique.pk) != current.key():
            changes.append(current)
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]
