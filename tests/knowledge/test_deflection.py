"""The deflection funnel's service (knowledge.deflection) and the self-service rate
(knowledge.deflection_stats): one step per function, idempotent, tokens bound to their
requester, figures per brique, school and public in one query."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from knowledge import deflection
from knowledge.deflection_stats import self_service_rates
from knowledge.models import ATTEMPT_QUERY_MAX_LENGTH, AttemptOutcome, SelfServiceAttempt
from tests.factories import EstablishmentFactory, UserFactory, make_brique
from tests.helpdesk.factories import make_desk, submit
from tests.knowledge.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return make_desk()


def fresh(attempt):
    return SelfServiceAttempt.objects.get(pk=attempt.pk)


def test_start_keeps_brique_school_and_public_but_no_user(desk):
    attempt = deflection.start(desk.requester, desk.brique)
    assert attempt.brique_id == desk.brique.pk
    assert attempt.establishment_id == desk.school.pk
    assert attempt.affiliation == "student"
    assert not hasattr(attempt, "user_id")
    assert attempt.outcome == "" and attempt.suggestions_offered == 0


def test_token_gives_the_attempt_back_to_its_requester_only(desk):
    attempt = deflection.start(desk.requester, desk.brique)
    token = deflection.token_for(attempt, desk.requester)
    assert deflection.attempt_from_token(token, desk.requester) == attempt
    assert deflection.attempt_from_token(token, desk.requester, brique=desk.brique) == attempt
    # Someone else replaying the token, another brique, a forged or garbled token: nothing.
    assert deflection.attempt_from_token(token, desk.outsider) is None
    assert (
        deflection.attempt_from_token(token, desk.requester, brique=make_brique("Scenari")) is None
    )
    forged = signing.dumps({"a": attempt.pk, "u": desk.outsider.pk}, salt="another-salt")
    assert deflection.attempt_from_token(forged, desk.outsider) is None
    for garbage in ["", "x", token[:-2] + "zz", "é" * 500, "'; DROP TABLE x; --"]:
        assert deflection.attempt_from_token(garbage, desk.requester) is None


def test_token_expires_with_the_attempt(desk):
    attempt = deflection.start(desk.requester, desk.brique)
    token = deflection.token_for(attempt, desk.requester)
    with time_machine.travel(timezone.now() + deflection.ABANDON_AFTER + timedelta(minutes=1)):
        assert deflection.attempt_from_token(token, desk.requester) is None


def test_resume_or_start_reuses_an_open_attempt_only(desk):
    attempt = deflection.start(desk.requester, desk.brique)
    token = deflection.token_for(attempt, desk.requester)
    assert deflection.resume_or_start(desk.requester, desk.brique, "", token) == attempt
    deflection.record_solved(attempt)
    again = deflection.resume_or_start(desk.requester, desk.brique, token)
    assert again != attempt and SelfServiceAttempt.objects.count() == 2


def test_record_offered_keeps_the_cut_query_and_the_largest_list(desk):
    attempt = deflection.start(desk.requester, desk.brique)
    deflection.record_offered(attempt, "mot   de passe", 3)
    deflection.record_offered(attempt, "mot de passe moodle", 1)
    attempt = fresh(attempt)
    assert attempt.query == "mot de passe moodle"
    assert attempt.suggestions_offered == 3
    deflection.record_offered(attempt, "x" * 5000, 4)
    attempt = fresh(attempt)
    assert attempt.query == "x" * ATTEMPT_QUERY_MAX_LENGTH
    assert attempt.suggestions_offered == 4


def test_record_opened_counts_each_article_once(desk):
    article = make_article(desk.brique)
    attempt = deflection.start(desk.requester, desk.brique)
    deflection.record_opened(attempt, article)
    deflection.record_opened(attempt, article)
    assert list(fresh(attempt).articles_opened.all()) == [article.page_ptr.specific]


def test_solved_ends_the_attempt_once(desk):
    article = make_article(desk.brique)
    attempt = deflection.start(desk.requester, desk.brique)
    deflection.record_offered(attempt, "mot de passe", 1)
    assert deflection.record_solved(attempt, article) is True
    ended = fresh(attempt)
    assert ended.outcome == AttemptOutcome.SOLVED and ended.ended_at is not None
    assert ended.solved_by_id == article.pk
    assert list(ended.articles_opened.values_list("pk", flat=True)) == [article.pk]
    assert deflection.record_solved(attempt) is False
    assert fresh(attempt).solved_by_id == article.pk
    # Nothing more is offered on an ended attempt.
    deflection.record_offered(attempt, "autre chose", 5)
    assert fresh(attempt).query == "mot de passe"


def test_submitted_links_the_ticket_and_wins_over_solved(desk):
    attempt = deflection.start(desk.requester, desk.brique)
    deflection.record_solved(attempt)
    ticket = submit(desk)
    assert deflection.record_submitted(attempt, ticket) is True
    ended = fresh(attempt)
    assert ended.outcome == AttemptOutcome.SUBMITTED and ended.ticket == ticket
    # Idempotent: a second ticket with the same token does not replace the first.
    assert deflection.record_submitted(attempt, submit(desk)) is False
    assert fresh(attempt).ticket == ticket
    assert deflection.record_solved(attempt) is False
    assert fresh(attempt).outcome == AttemptOutcome.SUBMITTED


def test_a_ticket_links_one_attempt_only(desk):
    first = deflection.start(desk.requester, desk.brique)
    second = deflection.start(desk.requester, desk.brique)
    ticket = submit(desk)
    assert deflection.record_submitted(first, ticket) is True
    assert deflection.record_submitted(second, ticket) is False
    assert fresh(second).outcome == ""


def test_rates_per_brique_school_and_public(desk, django_assert_max_num_queries):
    video = make_brique("Plateforme vidéo")
    rennes = desk.other_school
    teacher = UserFactory(username="prof", affiliation="faculty", establishment=rennes)

    def attempt(user, brique, offered, outcome=None):
        made = deflection.start(user, brique)
        if offered:
            deflection.record_offered(made, "mot de passe", offered)
        if outcome == "solved":
            deflection.record_solved(made)
        elif outcome == "submitted":
            deflection.record_submitted(made, submit(desk, requester=user))
        return made

    attempt(desk.requester, desk.brique, 2, "solved")
    attempt(desk.requester, desk.brique, 1, "solved")
    attempt(desk.requester, desk.brique, 3, "submitted")
    attempt(desk.requester, desk.brique, 0, "submitted")
    attempt(teacher, desk.brique, 2, "submitted")
    attempt(teacher, video, 1, None)  # in progress
    old = attempt(teacher, video, 1, None)
    SelfServiceAttempt.objects.filter(pk=old.pk).update(
        started_at=timezone.now() - deflection.ABANDON_AFTER - timedelta(hours=1)
    )

    with django_assert_max_num_queries(1):
        by_brique = {row.key["brique__title"]: row for row in self_service_rates(("brique",))}
    moodle = by_brique["Moodle"]
    assert (moodle.attempts, moodle.offered, moodle.solved, moodle.submitted) == (5, 4, 2, 3)
    assert moodle.rate == pytest.approx(0.5)
    assert (moodle.abandoned, moodle.in_progress) == (0, 0)
    vid = by_brique["Plateforme vidéo"]
    assert (vid.attempts, vid.offered, vid.solved, vid.abandoned, vid.in_progress) == (
        2,
        2,
        0,
        1,
        1,
    )
    assert vid.rate == 0

    by_school = {
        row.key["establishment__name"]: row for row in self_service_rates(("establishment",))
    }
    assert by_school["INSA Lyon"].rate == pytest.approx(2 / 3)
    assert by_school["INSA Rennes"].solved == 0

    by_public = {row.key["affiliation"]: row for row in self_service_rates(("affiliation",))}
    assert set(by_public) == {"student", "faculty"}
    assert by_public["faculty"].attempts == 3

    [total] = self_service_rates(())
    assert (total.attempts, total.offered, total.solved) == (7, 6, 2)

    future = timezone.now() + timedelta(days=1)
    assert self_service_rates(("brique",), since=future) == []


def test_rates_with_nothing_offered_have_no_rate(desk):
    deflection.start(desk.requester, desk.brique)
    [row] = self_service_rates(("brique", "establishment"))
    assert row.rate is None and row.attempts == 1
    assert row.key["establishment_id"] == desk.school.pk


def test_rates_refuse_unknown_groups():
    with pytest.raises(ValueError):
        self_service_rates(("user",))


def test_school_and_public_are_those_at_start(desk):
    attempt = deflection.start(desk.requester, desk.brique)
    desk.requester.establishment = EstablishmentFactory(name="INSA Toulouse", short_code="tls")
    desk.requester.save()
    assert fresh(attempt).establishment_id == desk.school.pk
