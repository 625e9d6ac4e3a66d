"""Who receives a ticket e-mail, and in which language."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from portal.models import ChainMember, ChainRole, User

from ..models import Ticket
from .kinds import ESSENTIAL


@dataclass(frozen=True)
class Recipient:
    email: str
    user_id: int | None = None


def brique_moderators(ticket: Ticket) -> list[User]:
    """The moderators of the ticket's brique who answer for the requester's school."""
    entries = ChainMember.objects.filter(
        brique_id=ticket.brique_id, role=ChainRole.MODERATOR, user__is_active=True
    ).select_related("user")
    return [
        entry.user for entry in entries if entry.establishment_id in (None, ticket.establishment_id)
    ]


def of_users(people: Iterable[User | None]) -> list[Recipient]:
    return [
        Recipient(person.email.lower(), person.pk)
        for person in people
        if person is not None and person.is_active and person.email
    ]


def watchers(ticket: Ticket) -> list[Recipient]:
    """Colleagues kept informed: an address, and the account behind it when there is one (for
    their language and preferences)."""
    emails = list(ticket.watchers.values_list("email", flat=True))
    accounts = {
        user.email.lower(): user.pk
        for user in User.objects.filter(email__in=emails, is_active=True).only("pk", "email")
    }
    return [Recipient(email.lower(), accounts.get(email.lower())) for email in emails]


def requester_side(ticket: Ticket) -> list[Recipient]:
    return [*of_users([ticket.requester]), *watchers(ticket)]


def staff_side(ticket: Ticket) -> list[Recipient]:
    """The assignee; the brique's moderators while nobody is assigned."""
    if ticket.assignee is not None:
        return of_users([ticket.assignee])
    return of_users(brique_moderators(ticket))


def sla_people(ticket: Ticket, *, breached: bool) -> list[Recipient]:
    """At risk: the assignee (the moderators while nobody is assigned). Breached: the
    brique's moderators and owner, and the assignee."""
    if breached:
        return of_users([*brique_moderators(ticket), ticket.brique.brique_owner, ticket.assignee])
    return staff_side(ticket)


def keep(
    recipients: Iterable[Recipient], kind: str, *, exclude: User | None = None
) -> list[Recipient]:
    """Each address once, never the person who acted, and only people who did not turn this
    kind off (essential kinds are always sent)."""
    chosen: dict[str, Recipient] = {}
    excluded = (exclude.email or "").lower() if exclude is not None else None
    for recipient in recipients:
        if recipient.email == excluded or (exclude and recipient.user_id == exclude.pk):
            continue
        chosen.setdefault(recipient.email, recipient)
    if kind in ESSENTIAL:
        return list(chosen.values())
    ids = [r.user_id for r in chosen.values() if r.user_id]
    opted_out = {
        pk
        for pk, outs in User.objects.filter(pk__in=ids).values_list("pk", "mail_opt_outs")
        if kind in (outs or [])
    }
    return [r for r in chosen.values() if r.user_id not in opted_out]


def account(recipient: Recipient) -> User | None:
    if recipient.user_id:
        return User.objects.filter(pk=recipient.user_id).first()
    return User.objects.filter(email__iexact=recipient.email, is_active=True).first()


def language_of(user: User | None) -> str:
    """The person's preferred language (Wagtail's profile), else the site's (French)."""
    available = {code for code, _name in settings.LANGUAGES}
    if user is not None:
        from wagtail.users.models import UserProfile

        preferred = (
            UserProfile.objects.filter(user=user)
            .values_list("preferred_language", flat=True)
            .first()
        )
        if preferred and preferred in available:
            return preferred
    return settings.LANGUAGE_CODE
