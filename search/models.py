from django.db import models
from django.utils.translation import gettext_lazy as _

from .contract import Kind


class SearchEntry(models.Model):
    """One document of the database engine. `title_terms` and `body_terms` hold the French
    index terms (see `search.text`); the full-text index over them is database specific and
    created by the migrations: an FTS5 table on SQLite, a tsvector column with a GIN index on
    PostgreSQL."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    brique_id = models.PositiveBigIntegerField(_("brique"), null=True, blank=True)
    brique_title = models.CharField(_("brique title"), max_length=255, blank=True)
    audience = models.CharField(_("audience"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)
    establishment_id = models.PositiveBigIntegerField(_("establishment"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), null=True, blank=True)
    title_terms = models.TextField(blank=True, editable=False)
    body_terms = models.TextField(blank=True, editable=False)

    class Meta:
        db_table = "search_entry"
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique")
        ]
        indexes = [models.Index(fields=["kind", "brique_id"], name="search_entry_kind_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title}"


class Synonym(models.Model):
    """Words users treat as the same, e.g. "ENT, portail": a query for one finds the others,
    on every engine. Edited by functional admins as a snippet."""

    terms = models.CharField(
        _("equivalent terms"),
        max_length=500,
        unique=True,
        help_text=_('Comma-separated words or expressions, e.g. "ENT, portail".'),
    )

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["terms"]

    def __str__(self) -> str:
        return self.terms

    @property
    def term_list(self) -> list[str]:
        return [term.strip() for term in self.terms.split(",") if term.strip()]


class PendingIndexOperation(models.Model):
    """An index update that failed (search engine down or refusing): kept until it is done.

    Retried after the next successful update (`tasks.update_index`), by
    `manage.py search_index --catch-up` (to run from cron while the engine is back) and
    forgotten by a complete rebuild. Only the object is kept: the retry reads it afresh, so
    it indexes or removes it as it is then."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    first_failed_at = models.DateTimeField(_("first failure"), auto_now_add=True)
    last_failed_at = models.DateTimeField(_("last failure"), auto_now=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("pending index operation")
        verbose_name_plural = _("pending index operations")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_pending_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.attempts})"
