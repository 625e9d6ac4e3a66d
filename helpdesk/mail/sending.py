"""Building one e-mail for one recipient, and sending it once.

`schedule` is called inside the transaction that made the change: it registers, for after
the commit, one background job per recipient (`tasks.deliver_task`). The job claims the
(key, recipient, kind) row of `SentNotification`, locked, sends, and marks it sent: a replay
or a second worker finds it sent and does nothing. When the mail server is down the job
records the error and enqueues itself again later (`GUICHET_MAIL_RETRY_DELAYS`); the ticket's
own change was committed long before and is not affected."""

from __future__ import annotations

import logging
import smtplib
import textwrap
from collections.abc import Iterable
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import Ticket, TicketEvent
from . import links
from .messages import BUILDERS, Content, MailContext
from .models import SentNotification
from .recipients import Recipient, account, language_of

logger = logging.getLogger(__name__)

SENT, ALREADY_SENT, FAILED, GAVE_UP, NOTHING = (
    "sent",
    "already sent",
    "will retry",
    "gave up",
    "nothing to send",
)


def schedule(kind: str, key: str, recipients: Iterable[Recipient], **refs) -> None:
    """After commit, enqueue one delivery per recipient. `refs`: ticket_id, event_id,
    problem_id, ticket_ids (plain values, as background jobs take JSON)."""
    jobs = [{"kind": str(kind), "key": key, **asdict(r), **refs} for r in recipients]
    if not jobs:
        return

    def enqueue() -> None:
        from .tasks import deliver_task

        for job in jobs:
            try:
                deliver_task.enqueue(**job)
            except Exception:  # a broken queue must not break the page that acted
                logger.exception("Could not enqueue the %s e-mail to %s", kind, job["email"])

    transaction.on_commit(enqueue)


def render(content: Content, language: str) -> tuple[str, str, str]:
    """Subject, plain text and HTML of a message, in `language`."""
    subject = "[{}] {}".format(", ".join(content.references), content.subject)
    quote = "\n".join("> " + line for line in textwrap.dedent(content.quote).strip().splitlines())
    context = {
        "content": content,
        "subject": subject,
        "quote_block": quote,
        "language": language,
        "profile_url": links.absolute(reverse("portal:profile")),
    }
    text = render_to_string("helpdesk/mail/message.txt", context)
    html = render_to_string("helpdesk/mail/message.html", context)
    return " ".join(subject.splitlines()), text, html  # no line breaks in a header


def build(
    kind: str,
    recipient: Recipient,
    *,
    ticket_id: int | None = None,
    event_id: int | None = None,
    problem_id: int | None = None,
    ticket_ids: list[int] | None = None,
) -> EmailMultiAlternatives | None:
    """The message as it reads now, in the recipient's language; None when its subject is
    gone (a deleted ticket)."""
    user = account(recipient)
    related = ("brique", "requester", "assignee")
    ctx = MailContext(kind=kind, recipient=recipient, user=user)
    if ticket_id is not None:
        ctx.ticket = Ticket.objects.select_related(*related).filter(pk=ticket_id).first()
        if ctx.ticket is None:
            return None
    if event_id is not None:
        ctx.event = TicketEvent.objects.select_related("actor").filter(pk=event_id).first()
        if ctx.event is None:
            return None
        ctx.event.ticket = ctx.ticket
    if problem_id is not None:
        from ..models import Problem

        ctx.problem = Problem.objects.filter(pk=problem_id).first()
        ctx.tickets = list(
            Ticket.objects.select_related("brique").filter(pk__in=ticket_ids or []).order_by("pk")
        )
        if ctx.problem is None or not ctx.tickets:
            return None
    language = language_of(user)
    with translation.override(language):
        subject, text, html = render(BUILDERS[kind](ctx), language)
    message = EmailMultiAlternatives(
        subject,
        text,
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message


def retry_delays() -> list[int]:
    return [int(seconds) for seconds in settings.GUICHET_MAIL_RETRY_DELAYS]


def deliver(
    kind: str, key: str, email: str, user_id: int | None = None, attempt: int = 0, **refs
) -> str:
    """Send one message once. Returns what happened (for the job's result)."""
    recipient = Recipient(email, user_id)
    with transaction.atomic():
        record, _created = SentNotification.objects.get_or_create(
            key=key, recipient=email, kind=kind
        )
        # Two workers on the same job: the second waits here, then finds it sent.
        record = SentNotification.objects.select_for_update().get(pk=record.pk)
        if record.sent_at is not None:
            return ALREADY_SENT
        message = build(kind, recipient, **refs)
        if message is None:
            return NOTHING
        record.attempts += 1
        try:
            message.send()
        except (OSError, smtplib.SMTPException) as error:
            record.last_error = f"{type(error).__name__}: {error}"[:1000]
            record.save(update_fields=["attempts", "last_error"])
            failed = True
        else:
            record.sent_at = timezone.now()
            record.last_error = ""
            record.save(update_fields=["attempts", "sent_at", "last_error"])
            failed = False
    if not failed:
        return SENT
    return _retry_later(kind, key, email, user_id, attempt, refs)


def _retry_later(kind, key, email, user_id, attempt, refs) -> str:
    """django-tasks does not retry by itself: enqueue the job again after the next delay,
    a bounded number of times."""
    from .tasks import deliver_task

    delays = retry_delays()
    if attempt >= len(delays):
        logger.error("Gave up sending the %s e-mail about %s to %s", kind, key, email)
        return GAVE_UP
    logger.warning("Mail server unavailable; the %s e-mail to %s will be retried", kind, email)
    task = deliver_task
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=delays[attempt]))
    task.enqueue(kind=kind, key=key, email=email, user_id=user_id, attempt=attempt + 1, **refs)
    return FAILED
