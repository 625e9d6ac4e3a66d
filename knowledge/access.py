"""Who may read which article. Students never see staff articles; technician-only articles
are for the brique's chain alone, everywhere (pages, lists, search, suggestions, API)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.models import Affiliation, ChainMember, User

from .models import ArticlePage, Audience


def _staff_affiliation(user: User) -> bool:
    return user.affiliation in (Affiliation.STAFF, Affiliation.FACULTY)


def _is_admin(user: User) -> bool:
    from helpdesk.models.querysets import is_helpdesk_admin

    return is_helpdesk_admin(user)


def chain_brique_paths(user: User) -> list[str]:
    """Tree paths of the live briques whose chain names `user`."""
    return list(
        ChainMember.objects.filter(user=user, brique__live=True)
        .values_list("brique__path", flat=True)
        .distinct()
    )


def readable_articles(user, queryset: QuerySet | None = None) -> QuerySet:
    """Filter `queryset` (default: every article) down to what `user` may read."""
    articles = queryset if queryset is not None else ArticlePage.objects.all()
    if not user.is_authenticated:
        return articles.filter(audience=Audience.EVERYONE)
    if _is_admin(user):
        return articles
    allowed = [Audience.EVERYONE]
    if _staff_affiliation(user):
        allowed.append(Audience.STAFF)
    if user.affiliation == Affiliation.STUDENT:
        allowed.append(Audience.STUDENTS)
    scope = Q(audience__in=allowed)
    paths = chain_brique_paths(user)
    if paths:
        # Chain members are staff of the brique: they read all its articles.
        in_chain = Q(pk__in=[])
        for path in paths:
            in_chain |= Q(path__startswith=path)
        scope |= in_chain
    return articles.filter(scope)


def can_read(user, article: ArticlePage) -> bool:
    return readable_articles(user, ArticlePage.objects.filter(pk=article.pk)).exists()
