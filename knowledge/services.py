"""State changes of the knowledge base."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.models import Page
from wagtail.rich_text import RichText

from portal.models import User

from .models import ArticlePage, ArticleVote, Audience

if TYPE_CHECKING:
    from helpdesk.models import Problem, Ticket


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


# Personal data a requester may have typed: e-mail addresses and French phone numbers.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")


def scrub_personal_data(text: str, names: list[str] = ()) -> str:
    """Remove e-mail addresses, phone numbers and the given names from a ticket's text before
    it becomes an article that others read."""
    text = _EMAIL.sub("[adresse e-mail]", text)
    text = _PHONE.sub("[numéro de téléphone]", text)
    for name in names:
        if name and len(name) > 1:
            text = re.sub(rf"\b{re.escape(name)}\b", "[nom]", text, flags=re.IGNORECASE)
    return text


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{escape(part)}</p>" for part in text.split("\n") if part.strip())


@transaction.atomic
def draft_article_from_ticket(actor: User, ticket: Ticket) -> ArticlePage:
    """ "Publier dans la base de connaissances": a draft article under the ticket's brique,
    prefilled from the request (symptoms) and the solution (resolution), personal data left out,
    linked to the ticket. It is published later through the brique's moderation workflow."""
    from helpdesk.models import TicketStatus
    from helpdesk.policies import ActionNotAllowed, is_staff_for

    if not is_staff_for(actor, ticket) or ticket.status not in (
        TicketStatus.RESOLVED,
        TicketStatus.CLOSED,
    ):
        raise ActionNotAllowed()
    requester = ticket.requester
    names = [requester.first_name, requester.last_name, requester.username]
    brique = ticket.brique
    title = scrub_personal_data(ticket.title, names)[:255]
    article = ArticlePage(
        title=title,
        slug=_unique_slug(brique, title),
        summary=title,
        audience=Audience.EVERYONE,
        symptoms=_paragraphs(scrub_personal_data(ticket.description, names)),
        resolution=[("text", RichText(_paragraphs(scrub_personal_data(ticket.solution, names))))],
        source_ticket=ticket,
        live=False,
        owner=actor,
    )
    brique.add_child(instance=article)
    article.save_revision(user=actor, log_action=True)
    return article


@transaction.atomic
def draft_article_from_problem(actor: User, problem: Problem) -> ArticlePage:
    """ "Publier comme erreur connue": a draft article under the problem's brique from its
    description (symptoms), root cause, workaround and solution, personal data of the linked
    incidents' requesters left out, linked to the problem as its known-error article. Published
    later through the brique's moderation workflow, like an article drafted from a ticket."""
    from django.utils.translation import gettext

    from helpdesk.models import ProblemAction
    from helpdesk.problem_policies import ensure_problem_allowed
    from helpdesk.services.problems import attach_known_error_article

    ensure_problem_allowed(actor, problem, ProblemAction.KNOWN_ERROR)
    if not (problem.root_cause.strip() or problem.workaround.strip()):
        raise ValidationError(
            gettext("Record the root cause or the workaround before publishing a known error.")
        )
    names: list[str] = []
    for first, last, username in User.objects.filter(
        requested_tickets__problem=problem
    ).values_list("first_name", "last_name", "username"):
        names += [first, last, username]
    brique = problem.brique
    title = scrub_personal_data(problem.title, names)[:255]
    resolution = []
    if problem.workaround.strip():
        heading = gettext("Workaround")  # outside the f-string, where makemessages finds it
        text = f"<h3>{escape(heading)}</h3>" + _paragraphs(
            scrub_personal_data(problem.workaround, names)
        )
        resolution.append(("text", RichText(text)))
    if problem.solution.strip():
        heading = gettext("Solution")
        text = f"<h3>{escape(heading)}</h3>" + _paragraphs(
            scrub_personal_data(problem.solution, names)
        )
        resolution.append(("text", RichText(text)))
    article = ArticlePage(
        title=title,
        slug=_unique_slug(brique, title),
        summary=title,
        audience=Audience.EVERYONE,
        symptoms=_paragraphs(scrub_personal_data(problem.description, names)),
        cause=_paragraphs(scrub_personal_data(problem.root_cause, names)),
        resolution=resolution,
        live=False,
        owner=actor,
    )
    brique.add_child(instance=article)
    article.save_revision(user=actor, log_action=True)
    attach_known_error_article(actor, problem, article=article)
    return article


def _unique_slug(parent: Page, title: str) -> str:
    base = slugify(title)[:60] or "fiche"
    slug, counter = base, 2
    while Page.objects.child_of(parent).filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug
