"""One function per kind of e-mail: what it says, for one recipient, in the active language.

Each returns a `Content` (subject, paragraphs, an optional quoted text, links); `sending`
renders it into the HTML and plain-text templates. Only public text is ever quoted: a public
reply, the question asked of the requester, the solution, a rejection's reason. Internal notes
and internal history comments are never read here."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import Ticket, TicketAction, TicketEvent, TicketMessage
from . import links
from .kinds import MailKind
from .recipients import Recipient

A = TicketAction


@dataclass
class MailContext:
    kind: str
    recipient: Recipient
    user: object | None  # the recipient's account, when they have one
    ticket: Ticket | None = None
    event: TicketEvent | None = None
    problem: object | None = None
    tickets: list[Ticket] = field(default_factory=list)


@dataclass
class Content:
    references: list[str]
    subject: str
    paragraphs: list[str]
    quote: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


def _names(ticket: Ticket) -> dict[str, str]:
    return {"reference": ticket.reference, "title": ticket.title, "brique": ticket.brique.title}


def _is_requester(ctx: MailContext) -> bool:
    return ctx.user is not None and ctx.user.pk == ctx.ticket.requester_id


def _page(ctx: MailContext) -> str:
    """The staff screen for staff, the requester's page for the requester's side."""
    from ..policies import is_staff_for

    ticket = ctx.ticket
    if ctx.user is not None and not _is_requester(ctx) and is_staff_for(ctx.user, ticket):
        return links.staff_page(ticket)
    return links.requester_page(ticket)


def _public_message(event: TicketEvent) -> str:
    """The public message written with this history entry (never an internal note)."""
    message = (
        TicketMessage.objects.filter(
            ticket_id=event.ticket_id,
            internal=False,
            author_id=event.actor_id,
            created_at=event.created_at,
        )
        .order_by("-pk")
        .first()
    )
    return message.body if message else ""


def _author(event: TicketEvent) -> str:
    return str(event.actor) if event.actor_id else _("Guichet")


def _closing_days(ticket: Ticket) -> int:
    return ticket.brique.auto_close_days


def _decision_links(ctx: MailContext, event: TicketEvent) -> list[tuple[str, str]]:
    return [
        (_("Yes, my problem is solved: confirm"), links.resolution_link(event, links.CONFIRM)),
        (_("No, it is not solved: reopen my request"), links.resolution_link(event, links.REOPEN)),
    ]


def received(ctx: MailContext) -> Content:
    ticket = ctx.ticket
    names = _names(ticket)
    if _is_requester(ctx):
        text = _(
            "Your request “%(title)s” about %(brique)s has been received under the reference "
            "%(reference)s. A moderator will look at it shortly."
        )
    else:
        names["requester"] = str(ticket.requester)
        text = _(
            "%(requester)s filed the request “%(title)s” about %(brique)s, reference "
            "%(reference)s, and keeps you informed of it."
        )
    return Content(
        [ticket.reference],
        _("Request received: %(title)s") % names,
        [text % names],
        links=[(_("Follow the request"), _page(ctx))],
    )


def assigned(ctx: MailContext) -> Content:
    names = _names(ctx.ticket)
    return Content(
        [ctx.ticket.reference],
        _("Ticket assigned to you: %(title)s") % names,
        [_("Ticket %(reference)s “%(title)s” (%(brique)s) is now assigned to you.") % names],
        links=[(_("Open the ticket"), _page(ctx))],
    )


def reply(ctx: MailContext) -> Content:
    names = {**_names(ctx.ticket), "author": _author(ctx.event)}
    return Content(
        [ctx.ticket.reference],
        _("New reply: %(title)s") % names,
        [_("%(author)s replied about %(reference)s “%(title)s”:") % names],
        quote=_public_message(ctx.event),
        links=[(_("Read and answer"), _page(ctx))],
    )


def waiting(ctx: MailContext) -> Content:
    names = _names(ctx.ticket)
    question = "" if ctx.event.internal else ctx.event.comment
    return Content(
        [ctx.ticket.reference],
        _("Your answer is needed: %(title)s") % names,
        [
            _("To go on with your request %(reference)s “%(title)s”, we need your answer:") % names,
            _("Answer on the request's page: it goes back to the technician as soon as you do."),
        ],
        quote=question,
        links=[(_("Answer"), _page(ctx))],
    )


def resolved(ctx: MailContext) -> Content:
    ticket = ctx.ticket
    names = _names(ticket)
    paragraphs = [_("Request %(reference)s “%(title)s” has been resolved. The solution:") % names]
    found = []
    if _is_requester(ctx):
        days = _closing_days(ticket)
        paragraphs.append(
            ngettext(
                "Is your problem solved? Confirm it, or reopen the request if it is not. "
                "Without an answer, it will be closed in %(days)d day.",
                "Is your problem solved? Confirm it, or reopen the request if it is not. "
                "Without an answer, it will be closed in %(days)d days.",
                days,
            )
            % {"days": days}
        )
        found = _decision_links(ctx, ctx.event)
    return Content(
        [ticket.reference],
        _("Request resolved: %(title)s") % names,
        paragraphs,
        quote=ticket.solution,
        links=[*found, (_("See the request"), _page(ctx))],
    )


def close_reminder(ctx: MailContext) -> Content:
    ticket = ctx.ticket
    names = _names(ticket)
    return Content(
        [ticket.reference],
        _("Your request will be closed tomorrow: %(title)s") % names,
        [
            _(
                "Request %(reference)s “%(title)s” was resolved and waits for your answer. "
                "Without one, it will be closed tomorrow. The solution given:"
            )
            % names
        ],
        quote=ticket.solution,
        links=[*_decision_links(ctx, ctx.event), (_("See the request"), _page(ctx))],
    )


def reopened(ctx: MailContext) -> Content:
    names = _names(ctx.ticket)
    return Content(
        [ctx.ticket.reference],
        _("Ticket reopened: %(title)s") % names,
        [_("The requester reopened ticket %(reference)s “%(title)s”. Their explanation:") % names],
        quote=_public_message(ctx.event),
        links=[(_("Open the ticket"), _page(ctx))],
    )


def closed(ctx: MailContext) -> Content:
    event = ctx.event
    names = _names(ctx.ticket)
    texts = {
        A.REJECT: _("Request %(reference)s “%(title)s” has been rejected. The reason:"),
        A.MARK_DUPLICATE: _("Request %(reference)s “%(title)s” is closed as a duplicate:"),
        A.CONFIRM: _("The requester confirmed the resolution of %(reference)s “%(title)s”."),
    }
    text = texts.get(event.action, _("Request %(reference)s “%(title)s” is closed."))
    return Content(
        [ctx.ticket.reference],
        _("Request closed: %(title)s") % names,
        [text % names],
        quote="" if event.internal or event.action == A.CONFIRM else event.comment,
        links=[(_("See the request"), _page(ctx))],
    )


def _sla(ctx: MailContext, subject: str) -> Content:
    names = _names(ctx.ticket)
    names["detail"] = ctx.event.comment  # written by the service-level check, not a person
    return Content(
        [ctx.ticket.reference],
        subject % names,
        [_("Ticket %(reference)s “%(title)s” (%(brique)s): %(detail)s") % names],
        links=[(_("Open the ticket"), links.staff_page(ctx.ticket))],
    )


def sla_at_risk(ctx: MailContext) -> Content:
    return _sla(ctx, _("Service level at risk: %(title)s"))


def sla_breached(ctx: MailContext) -> Content:
    return _sla(ctx, _("Service level breached: %(title)s"))


def problem_resolved(ctx: MailContext) -> Content:
    problem = ctx.problem
    tickets = ctx.tickets
    count = len(tickets)
    days = tickets[0].brique.auto_close_days
    return Content(
        [ticket.reference for ticket in tickets],
        _("The problem behind your request is solved: %(title)s") % {"title": problem.title},
        [
            ngettext(
                "The problem “%(title)s”, which caused your request, is solved. The solution:",
                "The problem “%(title)s”, which caused your %(count)d requests, is solved. "
                "The solution:",
                count,
            )
            % {"title": problem.title, "count": count},
            ngettext(
                "Confirm on the request's page, or reopen it if the problem is still there. "
                "Without an answer, it will be closed in %(days)d day.",
                "Confirm on the request's page, or reopen it if the problem is still there. "
                "Without an answer, it will be closed in %(days)d days.",
                days,
            )
            % {"days": days},
        ],
        quote=problem.solution,
        links=[
            (_("Request %(reference)s") % {"reference": t.reference}, links.requester_page(t))
            for t in tickets
        ],
    )


BUILDERS = {
    MailKind.RECEIVED: received,
    MailKind.ASSIGNED: assigned,
    MailKind.REPLY: reply,
    MailKind.WAITING: waiting,
    MailKind.RESOLVED: resolved,
    MailKind.CLOSE_REMINDER: close_reminder,
    MailKind.REOPENED: reopened,
    MailKind.CLOSED: closed,
    MailKind.SLA_AT_RISK: sla_at_risk,
    MailKind.SLA_BREACHED: sla_breached,
    MailKind.PROBLEM_RESOLVED: problem_resolved,
}
