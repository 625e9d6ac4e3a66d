"""Keep the index in step with the site: page publish, unpublish and delete; ticket and
message saves (so helpdesk services need no search code)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .contract import Kind
from .tasks import schedule


def _page_kind(page) -> str | None:
    from knowledge.models import ArticlePage
    from portal.models import BriquePage

    page = page.specific_deferred if hasattr(page, "specific_deferred") else page
    if isinstance(page, ArticlePage):
        return Kind.ARTICLE
    if isinstance(page, BriquePage):
        return Kind.BRIQUE
    return None


@receiver(page_published)
@receiver(page_unpublished)
def page_changed(sender, instance, **kwargs):
    kind = _page_kind(instance)
    if kind is None:
        return
    schedule(kind, instance.pk)
    if kind == Kind.BRIQUE:
        # Its articles carry its title and follow its liveness.
        from knowledge.models import ArticlePage

        for article_id in ArticlePage.objects.child_of(instance).values_list("pk", flat=True):
            schedule(Kind.ARTICLE, article_id)


def page_deleted(sender, instance, **kwargs):
    kind = _page_kind(instance)
    if kind is not None:
        schedule(kind, instance.pk)


def ticket_saved(sender, instance, **kwargs):
    schedule(Kind.TICKET, instance.pk)


def message_saved(sender, instance, **kwargs):
    schedule(Kind.TICKET, instance.ticket_id)


def connect() -> None:
    from helpdesk.models import Ticket, TicketMessage
    from knowledge.models import ArticlePage
    from portal.models import BriquePage

    for model in (ArticlePage, BriquePage):
        post_delete.connect(page_deleted, sender=model, dispatch_uid=f"search-delete-{model}")
    post_save.connect(ticket_saved, sender=Ticket, dispatch_uid="search-ticket-saved")
    post_delete.connect(ticket_saved, sender=Ticket, dispatch_uid="search-ticket-deleted")
    post_save.connect(message_saved, sender=TicketMessage, dispatch_uid="search-message-saved")
