""" "Search before you submit": the deflection funnel, one function per step of an attempt.

An attempt starts when a requester opens a brique's ticket form; the form then carries a
signed token (`token_for`) instead of the attempt's id. The token names the attempt *and* the
requester, so it cannot be forged nor replayed by someone else: `attempt_from_token` gives
back the attempt only to the person it was issued to, within `ABANDON_AFTER`. Attempts store
no user (the funnel is anonymous: brique, school, public, search text), so the token is the
only link between a person and their attempt.

Every step is idempotent: offering the same list twice, opening an article twice, confirming
twice change nothing more. An attempt ends once: solved (without a ticket) or submitted (a
ticket linked). A requester who said "solved" and then files a ticket anyway is counted as
submitted: the ticket is the stronger fact. An attempt without an outcome after
`ABANDON_AFTER` is abandoned (read from the stored dates, see `deflection_stats`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from .models import (
    ATTEMPT_QUERY_MAX_LENGTH,
    ArticlePage,
    AttemptOutcome,
    SelfServiceAttempt,
    SelfServiceOpening,
)

if TYPE_CHECKING:
    from helpdesk.models import Ticket
    from portal.models import BriquePage, User

# An attempt with no outcome after this long is abandoned; its token stops working then.
ABANDON_AFTER = timedelta(hours=24)
_SALT = "knowledge.self-service-attempt"


# --- the token the form carries ---------------------------------------------------------------


def token_for(attempt: SelfServiceAttempt, user: User) -> str:
    """A signed, URL-safe token naming this attempt for this requester."""
    return signing.dumps({"a": attempt.pk, "u": user.pk}, salt=_SALT, compress=False)


def attempt_from_token(
    token: str, user: User, *, brique: BriquePage | None = None
) -> SelfServiceAttempt | None:
    """The attempt a token names, if it was issued to `user` (and is about `brique`, when
    given) less than `ABANDON_AFTER` ago. Anything else, forged, expired, someone else's or
    garbage, gives None: callers then simply record nothing."""
    if not token or not user.is_authenticated or len(token) > 200:
        return None
    try:
        data = signing.loads(token, salt=_SALT, max_age=ABANDON_AFTER)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("u") != user.pk:
        return None
    attempts = SelfServiceAttempt.objects.filter(pk=data.get("a"))
    if brique is not None:
        attempts = attempts.filter(brique_id=brique.pk)
    return attempts.first()


# --- the steps --------------------------------------------------------------------------------


def start(user: User, brique: BriquePage) -> SelfServiceAttempt:
    """The requester opens a brique's ticket form: a new attempt, with their school and public
    (as they stand today: reports keep the figures even if the person moves)."""
    return SelfServiceAttempt.objects.create(
        brique=brique,
        establishment_id=user.establishment_id,
        affiliation=user.affiliation or "",
    )


def resume_or_start(user: User, brique: BriquePage, *tokens: str) -> SelfServiceAttempt:
    """The first still-open attempt among `tokens` (from the form, then from the session), or
    a new one: reloading the form or coming back to it does not count a second attempt."""
    for token in tokens:
        attempt = attempt_from_token(token, user, brique=brique)
        if attempt is not None and not attempt.outcome:
            return attempt
    return start(user, brique)


def record_offered(attempt: SelfServiceAttempt, query: str, count: int) -> None:
    """Suggestions were shown for `query`: keep the text (cut) and the largest list offered.
    Nothing changes once the attempt has ended."""
    now = timezone.now()
    # NUL characters cannot be stored in PostgreSQL text: a search text never needs them.
    text = " ".join((query or "").replace("\x00", "").split())[:ATTEMPT_QUERY_MAX_LENGTH]
    SelfServiceAttempt.objects.filter(pk=attempt.pk, outcome="").update(
        query=text,
        suggestions_offered=Greatest(F("suggestions_offered"), Value(max(0, count))),
        updated_at=now,
    )


def record_opened(attempt: SelfServiceAttempt, article: ArticlePage) -> None:
    """The requester opened `article` in place (each article counts once per attempt). The
    caller has checked that they may read it."""
    try:
        with transaction.atomic():
            SelfServiceOpening.objects.get_or_create(attempt=attempt, article=article)
    except IntegrityError:
        pass  # opened at the same instant by a second request: already recorded
    SelfServiceAttempt.objects.filter(pk=attempt.pk).update(updated_at=timezone.now())


def record_solved(attempt: SelfServiceAttempt, article: ArticlePage | None = None) -> bool:
    """ "Cela a résolu mon problème": the attempt ends without a ticket. Only an attempt still
    open ends this way (a second click, or one after a ticket, changes nothing). `article`,
    when given, is the one the requester had open (checked readable by the caller). Returns
    whether this call ended the attempt."""
    now = timezone.now()
    ended = SelfServiceAttempt.objects.filter(pk=attempt.pk, outcome="").update(
        outcome=AttemptOutcome.SOLVED,
        solved_by=article,
        ended_at=now,
        updated_at=now,
    )
    if ended and article is not None:
        record_opened(attempt, article)
    return bool(ended)


def record_submitted(attempt: SelfServiceAttempt, ticket: Ticket) -> bool:
    """ "Ma demande n'est pas résolue", then the ticket was filed: link it. An attempt already
    linked to a ticket keeps its first one (a second form sent with the same token)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            linked = (
                SelfServiceAttempt.objects.filter(pk=attempt.pk, ticket__isnull=True)
                .filter(Q(outcome="") | Q(outcome=AttemptOutcome.SOLVED))
                .update(
                    outcome=AttemptOutcome.SUBMITTED, ticket=ticket, ended_at=now, updated_at=now
                )
            )
    except IntegrityError:
        return False  # this ticket is already linked to another attempt
    return bool(linked)
