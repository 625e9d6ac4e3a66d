"""State changes of the knowledge base."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from portal.models import User

from .models import ArticlePage, ArticleVote


def record_vote(
    article: ArticlePage,
    *,
    helpful: bool,
    comment: str = "",
    user: User | None = None,
    session_key: str = "",
) -> ArticleVote:
    """ "Cette fiche vous a-t-elle aidé ?": one answer per person (or anonymous browser
    session); answering again replaces the earlier answer."""
    owner = (
        {"user": user}
        if user is not None and user.is_authenticated
        else {"user": None, "session_key": session_key}
    )
    if owner["user"] is None and not session_key:
        raise ValueError("An anonymous vote needs a session.")
    try:
        with transaction.atomic():
            vote, _ = ArticleVote.objects.update_or_create(
                article=article,
                **owner,
                defaults={"helpful": helpful, "comment": comment.strip()[:2000]},
            )
    except IntegrityError:  # two submissions at once: the other one won, keep it
        vote = ArticleVote.objects.get(article=article, **owner)
    return vote
