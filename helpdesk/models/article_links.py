"""Which knowledge articles helped solve which tickets ("Cette fiche a aidé à résoudre N
demandes")."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TicketArticle(models.Model):
    """An article the technician used to solve a ticket, chosen when resolving it. An article's
    source ticket counts as helped too (see `knowledge.helped`), without a row here."""

    ticket = models.ForeignKey(
        "helpdesk.Ticket",
        verbose_name=_("ticket"),
        on_delete=models.CASCADE,
        related_name="article_links",
    )
    article = models.ForeignKey(
        "knowledge.ArticlePage",
        verbose_name=_("knowledge article"),
        on_delete=models.CASCADE,
        related_name="ticket_links",
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("article used to solve a ticket")
        verbose_name_plural = _("articles used to solve tickets")
        constraints = [
            models.UniqueConstraint(fields=["article", "ticket"], name="ticket_article_unique")
        ]
        indexes = [models.Index(fields=["ticket"], name="ticket_article_ticket_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} ← {self.article_id}"
