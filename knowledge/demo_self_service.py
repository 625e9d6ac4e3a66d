"""Demo activity of the knowledge base over the last sixty days, so that the reports have a
self-service funnel and article rankings to show: visits to each brique's ticket form (some
solved by an article, some ending in a ticket, some abandoned), the articles opened on the
way, and "did it help you" votes. Seeded, so every `make run` shows the same figures; added
only when there is no attempt yet (running `load_demo` again changes nothing)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from portal.demo import Log, demo_step
from portal.models import Affiliation, BriquePage, Establishment

from .models import (
    ArticlePage,
    ArticleVote,
    AttemptOutcome,
    SelfServiceAttempt,
    SelfServiceOpening,
)

DAYS = 60
# Visits per brique over the period, and how they end (weights).
VISITS = (12, 40)
OUTCOMES = {AttemptOutcome.SOLVED: 3, AttemptOutcome.SUBMITTED: 4, AttemptOutcome.ABANDONED: 2}
QUERIES = ("mot de passe", "connexion", "dépôt devoir", "inscription", "export", "vidéo")


@demo_step("self-service activity", order=960)
def load_self_service(log: Log) -> None:
    if SelfServiceAttempt.objects.exists():
        return
    rng = random.Random(2026)
    now = timezone.now()
    schools = list(Establishment.objects.order_by("pk"))
    publics = [Affiliation.STAFF, Affiliation.FACULTY, Affiliation.STUDENT]
    attempts = openings = votes = 0
    for brique in BriquePage.objects.live().order_by("pk"):
        articles = list(ArticlePage.objects.live().child_of(brique).order_by("pk"))
        if not articles:
            continue
        # A few articles do most of the work, as in real knowledge bases.
        weights = [1 / (rank + 1) for rank in range(len(articles))]
        for _ in range(rng.randint(*VISITS)):
            started = now - timedelta(minutes=rng.randint(60, DAYS * 24 * 60))
            outcome = rng.choices(list(OUTCOMES), list(OUTCOMES.values()))[0]
            opened = rng.choices(articles, weights, k=rng.randint(0, 2))
            attempt = SelfServiceAttempt.objects.create(
                brique=brique,
                establishment=rng.choice(schools) if schools else None,
                affiliation=rng.choice(publics),
                query=rng.choice(QUERIES),
                suggestions_offered=rng.randint(1, 5),
                outcome=outcome,
                solved_by=opened[0] if opened and outcome == AttemptOutcome.SOLVED else None,
                started_at=started,
                updated_at=started + timedelta(minutes=3),
                ended_at=started + timedelta(minutes=3),
            )
            attempts += 1
            for article in dict.fromkeys(opened):
                SelfServiceOpening.objects.create(
                    attempt=attempt, article=article, opened_at=started + timedelta(minutes=1)
                )
                openings += 1
                if rng.random() < 0.4:
                    ArticleVote.objects.create(
                        article=article,
                        helpful=outcome == AttemptOutcome.SOLVED or rng.random() < 0.3,
                        session_key=f"demo-{attempt.pk}-{article.pk}",
                        created_at=started + timedelta(minutes=2),
                    )
                    votes += 1
    log(f"  {attempts} visits to ticket forms, {openings} articles opened, {votes} votes")
