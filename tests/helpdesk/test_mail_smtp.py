"""E-mail through a real SMTP server on 127.0.0.1 (aiosmtpd, started by the test), and what
happens while the server is down: the ticket's change is kept, the job retries later with
backoff, a bounded number of times, and the message goes out once when the server is back."""

from __future__ import annotations

import email
import socket
from datetime import timedelta
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from helpdesk import services
from helpdesk.mail.models import SentNotification
from helpdesk.mail.sending import ALREADY_SENT, FAILED, GAVE_UP, SENT
from helpdesk.models import Ticket, TicketStatus
from tests.helpdesk.factories import submit
from tests.helpdesk.mail_fixtures import BASE, SECRET, make_mail_desk

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def desk(settings):
    return make_mail_desk(settings)


@pytest.fixture
def smtp_settings(settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return settings


def start_server(port: int) -> tuple[Controller, Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox


def test_a_message_through_a_real_smtp_server(
    desk, smtp_settings, django_capture_on_commit_callbacks
):
    controller, inbox = start_server(smtp_settings.EMAIL_PORT)
    try:
        ticket = submit(desk)
        services.add_note(desk.moderator, ticket, body=SECRET)
        services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
        with django_capture_on_commit_callbacks(execute=True):
            services.add_reply(desk.technician, ticket, body="Quel navigateur utilisez-vous ?")
    finally:
        controller.stop()
    [(rcpt, raw)] = inbox.messages
    assert rcpt == [desk.requester.email]
    message = email.message_from_bytes(raw, policy=default_policy)
    # (the header folding of the parser turns the no-break space into a space)
    subject = message["Subject"].replace("\u00a0", " ").strip()
    assert subject == f"[{ticket.reference}] Nouvelle réponse : {ticket.title}"
    assert message["To"] == desk.requester.email
    assert "guichet@insa.example" in message["From"]
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == "fr"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for part in (text, html):
        assert "Quel navigateur utilisez-vous ?" in part
        assert f"{BASE}/demandes/{ticket.reference}/" in part
        assert SECRET not in part
    assert '<html lang="fr">' in html


def test_mail_server_down_retries_with_backoff(
    desk, smtp_settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    smtp_settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    smtp_settings.GUICHET_MAIL_RETRY_DELAYS = [60, 300]
    ticket = submit(desk)
    services.qualify_ticket(desk.moderator, ticket, assignee=desk.technician)
    with django_capture_on_commit_callbacks(execute=True):
        services.resolve_ticket(desk.technician, ticket, solution="Fait.", resolution_code="fixed")
    # The action itself is done whatever the mail server does.
    assert Ticket.objects.get(pk=ticket.pk).status == TicketStatus.RESOLVED
    [job] = [r for r in default_task_backend.results if r.kwargs["email"] == desk.requester.email]

    def run(result):
        return result.task.call(*result.args, **result.kwargs)

    before = timezone.now()
    assert run(job) == FAILED  # nobody listens on the port
    retry = default_task_backend.results[-1]
    assert retry.kwargs["attempt"] == 1
    assert (
        before + timedelta(seconds=59)
        < retry.task.run_after
        < timezone.now() + timedelta(seconds=61)
    )
    record = SentNotification.objects.get(recipient=desk.requester.email, kind="resolved")
    assert record.sent_at is None and record.attempts == 1 and "Error" in record.last_error

    assert run(retry) == FAILED
    second = default_task_backend.results[-1]
    assert second.kwargs["attempt"] == 2
    assert second.task.run_after > timezone.now() + timedelta(seconds=299)

    controller, inbox = start_server(smtp_settings.EMAIL_PORT)
    try:
        assert run(second) == SENT
        assert run(second) == ALREADY_SENT  # a replay, or a second worker
        assert run(retry) == ALREADY_SENT
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    record.refresh_from_db()
    assert record.sent_at is not None and record.attempts == 3


def test_retries_are_bounded(desk, smtp_settings, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    smtp_settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    smtp_settings.GUICHET_MAIL_RETRY_DELAYS = [1]
    with django_capture_on_commit_callbacks(execute=True):
        submit(desk)

    def deliveries():
        return [r for r in default_task_backend.results if r.kwargs.get("kind") == "received"]

    [job] = deliveries()
    assert job.task.call(*job.args, **job.kwargs) == FAILED
    retry = deliveries()[-1]
    assert retry.kwargs["attempt"] == 1
    assert retry.task.call(*retry.args, **retry.kwargs) == GAVE_UP
    assert len(deliveries()) == 2
