"""The monthly summary e-mail to brique owners: on known tickets moved by the real services at
chosen instants (business hours on the default calendar, Monday to Friday 08:00-18:00 Paris,
a reopening), the figures of November 2026 beside those of October; one message per owner,
brique and month however often the jobs run; the owner's language and choice; briques without
an owner or not live left out; the absolute link to the dashboard on that brique and month."""

from __future__ import annotations

from datetime import datetime, timedelta
from html import unescape
from io import StringIO
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from helpdesk import services
from helpdesk.automation import run_automatic_steps
from helpdesk.mail.models import SentNotification
from helpdesk.models import PendingReason, ResolutionCode, Ticket
from helpdesk.reports.summary_mail import deliver_summary, send_monthly_summaries
from helpdesk.services import problems
from knowledge.models import AttemptOutcome, SelfServiceAttempt
from portal.models import BriquePage, SlaTarget
from tests.factories import UserFactory, make_brique
from tests.helpdesk.factories import make_desk, submit
from tests.helpdesk.mail_fixtures import BASE, html, links_of, speaks
from tests.helpdesk.test_mail_smtp import free_port, start_server

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NBSP = "\u00a0"
FIRST_OF_DECEMBER = datetime(2026, 12, 1, 6, tzinfo=PARIS)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def resolve(ticket, at):
    return services.resolve_ticket(
        Ticket.objects.get(pk=ticket.pk).assignee,
        ticket,
        solution="Le cache du navigateur bloquait le dépôt.",
        resolution_code=ResolutionCode.FIXED,
        at=at,
    )


def own(desk, ticket, at):
    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician, at=at)


def set_owner(brique, owner):
    BriquePage.objects.filter(pk=brique.pk).update(brique_owner=owner)


@pytest.fixture
def desk(settings):
    """Moodle, owned by Odile (French), targets of 2.5 h to own and 8 h to resolve at the
    priority of these tickets; October and November 2026 tickets with known delays."""
    settings.GUICHET_BASE_URL = BASE
    desk = make_desk("Moodle")
    desk.owner = UserFactory(username="odile", email="odile.proprio@insa.example")
    set_owner(desk.brique, desk.owner)
    SlaTarget.objects.create(
        brique=desk.brique, priority=3, time_to_own_hours="2.5", time_to_resolve_hours=8
    )
    # October. T0: owned in 1 h, resolved in 4 h, closed rated 3.
    t0 = submit(desk, at=paris(2026, 10, 15, 9))
    own(desk, t0, paris(2026, 10, 15, 10))
    resolve(t0, paris(2026, 10, 15, 13))
    services.confirm_resolution(desk.requester, t0, rating=3, at=paris(2026, 10, 16, 9))
    # T5: submitted 28 October, owned in 1 h, open at the end of October, resolved on Monday
    # 2 November after 30 business hours (8 + 10 + 10 + 2).
    t5 = submit(desk, at=paris(2026, 10, 28, 10))
    own(desk, t5, paris(2026, 10, 28, 11))
    resolve(t5, paris(2026, 11, 2, 10))

    # November. T1: owned in 2 h, resolved in 6 h, closed rated 4.
    t1 = submit(desk, at=paris(2026, 11, 2, 9))
    own(desk, t1, paris(2026, 11, 2, 11))
    resolve(t1, paris(2026, 11, 2, 15))
    services.confirm_resolution(desk.requester, t1, rating=4, at=paris(2026, 11, 3, 9))
    # T2: owned in 3 h 30; waits for the requester an hour; resolved after 10 business hours,
    # reopened an hour later (the wait while resolved does not count), resolved again: 11 h.
    t2 = submit(desk, at=paris(2026, 11, 3, 9))
    own(desk, t2, paris(2026, 11, 3, 12, 30))
    services.put_on_hold(
        desk.technician,
        t2,
        reason=PendingReason.REQUESTER,
        comment="Quel navigateur ?",
        at=paris(2026, 11, 3, 14),
    )
    services.resume_ticket(desk.technician, t2, at=paris(2026, 11, 3, 15))
    resolve(t2, paris(2026, 11, 4, 10))
    services.reopen_ticket(desk.requester, t2, reason="Toujours grisé.", at=paris(2026, 11, 4, 11))
    resolve(t2, paris(2026, 11, 4, 12))
    # T3: new at the end of November, grouped in an open problem.
    t3 = submit(desk, at=paris(2026, 11, 20, 10))
    problems.create_problem(
        desk.technician, incidents=[t3], title="Dépôts bloqués", at=paris(2026, 11, 20, 11)
    )
    # The self-service funnel: two visits to the form in November, one solved without a ticket.
    for outcome in (AttemptOutcome.SOLVED, AttemptOutcome.SUBMITTED):
        SelfServiceAttempt.objects.create(
            brique=desk.brique,
            establishment=desk.school,
            outcome=outcome,
            started_at=paris(2026, 11, 10, 10),
        )
    desk.tickets = {"t0": t0, "t1": t1, "t2": t2, "t3": t3, "t5": t5}
    return desk


def jobs(at: datetime) -> str:
    out = StringIO()
    with time_machine.travel(at, tick=False):
        call_command("helpdesk_jobs", stdout=out)
    return out.getvalue().strip()


def summaries() -> list:
    return [m for m in mail.outbox if "Guichet — " in m.subject]


def lines(message) -> list[str]:
    return [line.replace(NBSP, " ") for line in message.body.splitlines()]


def test_the_stored_delays_behind_the_figures(desk):
    stored = {key: Ticket.objects.get(pk=t.pk) for key, t in desk.tickets.items()}
    hours = 3600
    assert {k: t.time_to_own_seconds for k, t in stored.items()} == {
        "t0": 1 * hours, "t1": 2 * hours, "t2": 3.5 * hours, "t3": None, "t5": 1 * hours,
    }  # fmt: skip
    assert {k: t.time_to_resolve_seconds for k, t in stored.items()} == {
        "t0": 4 * hours, "t1": 6 * hours, "t2": 11 * hours, "t3": None, "t5": 30 * hours,
    }  # fmt: skip


def test_the_owner_gets_november_beside_october(desk):
    # (T5 and T2, resolved in early November and not answered, are closed by the same run)
    assert jobs(FIRST_OF_DECEMBER) == "resolved 0, closed 2, reminded 0, monthly summaries 1"
    [message] = summaries()
    assert message.to == [desk.owner.email]
    assert message.subject == f"Guichet — Moodle{NBSP}: résumé du mois de novembre 2026"
    assert message.extra_headers["Content-Language"] == "fr"
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    figures = [line for line in lines(message) if line.startswith("- ")]
    assert figures == [
        "- Tickets déposés dans le mois : 3 (octobre 2026 : 2)",
        "- Tickets résolus dans le mois : 3 (octobre 2026 : 1)",
        "- Tickets clos dans le mois : 1 (octobre 2026 : 1)",
        "- Tickets ouverts en fin de mois : 1 (octobre 2026 : 1)",
        # Owned in 2 h and 3 h 30 (T3 not yet owned); in October 1 h and 1 h.
        "- Délai médian de prise en charge (heures ouvrées) : 2 h 45 min (octobre 2026 : 1 h)",
        # Resolved in November: T1 6 h, T2 11 h, T5 30 h.
        "- Délai médian de résolution (heures ouvrées) : 11 h (octobre 2026 : 4 h)",
        "- Prises en charge dans le délai cible : 50 % (1 sur 2) (octobre 2026 : 100 % (2 sur 2))",
        "- Résolutions dans le délai cible : 33 % (1 sur 3) (octobre 2026 : 100 % (1 sur 1))",
        "- Réouvertures après résolution : 33 % (1 sur 3) (octobre 2026 : 0 % (0 sur 1))",
        "- Satisfaction (de 1 à 4) : 4,0 (1 avis) (octobre 2026 : 3,0 (1 avis))",
        "- Résolu sans ticket (libre-service) : 50 % (1 sur 2) (octobre 2026 : —)",
        "- Problèmes ouverts en fin de mois : 1 (octobre 2026 : 0)",
    ]
    body = html(message)
    assert '<html lang="fr">' in body
    assert body.count('<th scope="row"') == 12
    assert ">Novembre 2026</th>" in body and ">Octobre 2026</th>" in body
    assert "<strong>2 h 45 min</strong>" in body.replace(NBSP, " ")

    # Every link is absolute; the dashboard's names the brique and the whole of November.
    found = links_of(message)
    assert found and all(link.startswith(BASE + "/") for link in found), found
    dashboards = {unescape(link) for link in found if "/rapports/" in link}
    assert len(dashboards) == 1
    url = urlsplit(dashboards.pop())
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{BASE}/admin/tickets/rapports/"
    assert parse_qs(url.query) == {
        "period": ["custom"],
        "start": ["2026-11-01"],
        "end": ["2026-11-30"],
        "brique": [str(desk.brique.pk)],
    }
    assert f"{BASE}/profil/" in found


def test_the_jobs_run_again_send_nothing_more_and_the_next_month_follows(desk):
    assert jobs(FIRST_OF_DECEMBER).endswith("monthly summaries 1")
    # Every quarter of an hour of December afterwards: nothing more.
    for later in (timedelta(minutes=15), timedelta(hours=2), timedelta(days=14)):
        assert jobs(FIRST_OF_DECEMBER + later) == "resolved 0, closed 0, reminded 0"
    assert deliver_summary(desk.brique.pk, "2026-11", desk.owner.email, desk.owner.pk) == (
        "already sent"
    )
    assert len(summaries()) == 1
    record = SentNotification.objects.get(kind="monthly_summary")
    assert (record.key, record.recipient) == (f"brique:{desk.brique.pk}:2026-11", desk.owner.email)
    assert record.attempts == 1 and record.sent_at is not None

    # In January, December's summary: nothing happened in December but T3 was still open.
    assert jobs(paris(2027, 1, 1, 0, 5)).endswith("monthly summaries 1")
    december = summaries()[-1]
    assert december.subject == f"Guichet — Moodle{NBSP}: résumé du mois de décembre 2026"
    assert "- Tickets déposés dans le mois : 0 (novembre 2026 : 3)" in lines(december)
    assert "- Tickets clos dans le mois : 2 (novembre 2026 : 1)" in lines(december)
    assert "- Tickets ouverts en fin de mois : 1 (novembre 2026 : 1)" in lines(december)


def test_an_empty_month_is_said_plainly(settings):
    settings.GUICHET_BASE_URL = BASE
    owner = speaks(UserFactory(username="owen", email="owen@insa.example"), "en")
    brique = make_brique("Scenari", brique_owner=owner)
    assert jobs(FIRST_OF_DECEMBER).endswith("monthly summaries 1")
    [message] = summaries()
    assert message.subject == "Guichet — Scenari: summary of November 2026"
    assert message.extra_headers["Content-Language"] == "en"
    text = " ".join(message.body.split())
    assert (
        "Nothing happened on the brique Scenari in November 2026: no ticket submitted, resolved "
        "or closed, none open at the end of the month, no self-service attempt and no open "
        "problem." in text
    )
    assert "<table" not in html(message)
    assert not [line for line in message.body.splitlines() if line.startswith("- ")]
    assert f"start=2026-11-01&end=2026-11-30&brique={brique.pk}" in message.body


def test_english_figures_for_an_english_owner(desk):
    speaks(desk.owner, "en")
    send_monthly_summaries(FIRST_OF_DECEMBER)
    [message] = summaries()
    assert message.subject == "Guichet — Moodle: summary of November 2026"
    assert "- Owned within the service level: 50% (1 of 2) (October 2026: 100% (2 of 2))" in (
        lines(message)
    )
    assert "- Satisfaction (1 to 4): 4.0 (1 rating) (October 2026: 3.0 (1 rating))" in (
        lines(message)
    )


def test_owners_who_opted_out_get_nothing(desk, client):
    client.force_login(desk.owner)
    page = client.get("/profil/").content.decode()
    assert 'value="monthly_summary"' in page and "Résumé mensuel de mes briques" in page
    kept = ["assigned", "reopened", "closed", "sla_at_risk", "sla_breached", "problem_resolved"]
    assert client.post("/profil/", {"mail_preferences": "1", "receive": kept}).status_code == 302
    desk.owner.refresh_from_db()
    assert desk.owner.mail_opt_outs == ["monthly_summary"]
    assert jobs(FIRST_OF_DECEMBER) == "resolved 0, closed 2, reminded 0"
    assert summaries() == [] and not SentNotification.objects.exists()

    # Turned on again: the summary of the month ended goes out at the next run.
    kept.append("monthly_summary")
    client.post("/profil/", {"mail_preferences": "1", "receive": kept})
    assert jobs(FIRST_OF_DECEMBER + timedelta(minutes=15)).endswith("monthly summaries 1")
    assert [m.to for m in summaries()] == [[desk.owner.email]]


def test_the_choice_is_offered_to_brique_owners_only(desk, client):
    client.force_login(desk.technician)
    page = client.get("/profil/").content.decode()
    assert 'value="assigned"' in page and 'value="monthly_summary"' not in page
    # Saving the other choices leaves the hidden one as it was.
    desk.technician.mail_opt_outs = ["monthly_summary"]
    desk.technician.save()
    client.post("/profil/", {"mail_preferences": "1", "receive": ["closed"]})
    desk.technician.refresh_from_db()
    assert "monthly_summary" in desk.technician.mail_opt_outs
    assert "assigned" in desk.technician.mail_opt_outs and "closed" not in (
        desk.technician.mail_opt_outs
    )


def test_briques_without_owner_or_not_live_are_skipped(desk):
    set_owner(desk.brique, None)
    draft = make_brique("Videos", publish=False)
    set_owner(draft, UserFactory(username="victor", email="victor@insa.example"))
    unpublished = make_brique("Bot groupe")
    set_owner(unpublished, UserFactory(username="bea", email="bea@insa.example"))
    unpublished.unpublish()
    assert jobs(FIRST_OF_DECEMBER) == "resolved 0, closed 2, reminded 0"
    assert summaries() == []


def test_a_mail_server_down_is_tried_again_by_later_runs(desk, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.GUICHET_MAIL_RETRY_DELAYS = [60, 300]

    with time_machine.travel(FIRST_OF_DECEMBER, tick=False):
        assert send_monthly_summaries() == 1  # nobody listens on the port
    record = SentNotification.objects.get(kind="monthly_summary")
    assert record.sent_at is None and record.attempts == 1 and record.last_error
    # Within the first delay: not tried again.
    assert send_monthly_summaries(FIRST_OF_DECEMBER + timedelta(seconds=59)) == 0
    controller, inbox = start_server(settings.EMAIL_PORT)
    try:
        with time_machine.travel(FIRST_OF_DECEMBER + timedelta(seconds=61), tick=False):
            assert send_monthly_summaries() == 1
    finally:
        controller.stop()
    [(recipients, raw)] = inbox.messages
    assert recipients == [desk.owner.email] and b"novembre 2026" in raw
    record.refresh_from_db()
    assert record.sent_at is not None and record.attempts == 2 and record.last_error == ""
    assert send_monthly_summaries(FIRST_OF_DECEMBER + timedelta(hours=1)) == 0


def test_retries_are_bounded(desk, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    settings.GUICHET_MAIL_RETRY_DELAYS = [60]
    with time_machine.travel(FIRST_OF_DECEMBER, tick=False):
        assert run_automatic_steps().summaries == 1
    assert send_monthly_summaries(FIRST_OF_DECEMBER + timedelta(minutes=2)) == 1
    assert SentNotification.objects.get(kind="monthly_summary").attempts == 2
    assert send_monthly_summaries(FIRST_OF_DECEMBER + timedelta(days=1)) == 0
