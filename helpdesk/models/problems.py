"""Problems: the one root cause behind several incidents of a brique (iTop's Problem).

A problem has its own lifecycle (new → assigned → resolved → closed), a root cause, a
workaround and a solution. Incidents point to it (`Ticket.problem`); resolving it resolves
every open linked incident through the ticket services (helpdesk.services.problems)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from portal.models import User

PROBLEM_REFERENCE_PREFIX = "P-"


class ProblemStatus(models.TextChoices):
    NEW = "new", _("new")
    ASSIGNED = "assigned", _("assigned")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


OPEN_PROBLEM_STATUSES = (ProblemStatus.NEW, ProblemStatus.ASSIGNED)


class ProblemAction(models.TextChoices):
    """Every change of a problem, as written to its history."""

    CREATE = "create", _("created")
    LINK = "link", _("incident linked")
    UNLINK = "unlink", _("incident unlinked")
    ASSIGN = "assign", _("assigned")
    ANALYSE = "analyse", _("cause or workaround recorded")
    RESOLVE = "resolve", _("resolved")
    CLOSE = "close", _("closed")
    KNOWN_ERROR = "known_error", _("known-error article drafted")


class ProblemQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ProblemQuerySet:
        """Admins see every problem; moderators and technicians those of the briques whose
        live chain names them (a problem may span schools, so any entry of the brique counts);
        anyone else none."""
        from .querysets import chain_entries, is_helpdesk_admin

        if not user.is_authenticated:
            return self.none()
        if is_helpdesk_admin(user):
            return self.all()
        briques = {brique_id for brique_id, _school, _role in chain_entries(user)}
        return self.filter(brique_id__in=sorted(briques))

    def open(self) -> ProblemQuerySet:
        return self.filter(status__in=OPEN_PROBLEM_STATUSES)


class Problem(models.Model):
    """The root cause shared by incidents of one brique."""

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, editable=False
    )
    brique = models.ForeignKey(
        "portal.BriquePage",
        verbose_name=_("brique"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProblemStatus.choices, default=ProblemStatus.NEW
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_problems",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    root_cause = models.TextField(_("root cause"), blank=True)
    workaround = models.TextField(_("workaround"), blank=True)
    solution = models.TextField(_("solution"), blank=True)
    known_error_article = models.ForeignKey(
        "knowledge.ArticlePage",
        verbose_name=_("known-error article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="known_error_problems",
    )

    created_at = models.DateTimeField(_("created at"), db_index=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    assigned_at = models.DateTimeField(_("first assigned at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Optimistic concurrency, as on tickets: a form posting an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "brique", "-created_at"], name="problem_list_idx"),
            models.Index(fields=["brique", "-created_at"], name="problem_brique_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.reference or '—'} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PROBLEM_STATUSES


class ProblemEvent(models.Model):
    """The append-only history of a problem: who did what, when, to which incident."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30, choices=ProblemAction.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=ProblemStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ProblemStatus.choices, blank=True)
    ticket = models.ForeignKey(
        "helpdesk.Ticket",
        verbose_name=_("incident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("problem history entry")
        verbose_name_plural = _("problem history")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["problem", "created_at"], name="problem_event_idx")]

    def __str__(self) -> str:
        return f"{self.problem_id} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The problem history is append-only.")
        super().save(*args, **kwargs)
