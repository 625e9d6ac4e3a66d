from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process

from portal.models import Priority

from .choices import (
    Impact,
    PendingReason,
    ResolutionCode,
    TicketAction,
    TicketKind,
    TicketStatus,
    Urgency,
)
from .querysets import TicketQuerySet
from .storage import private_storage

REFERENCE_PREFIX = "R-"


class TicketProcess(Process):
    """The Viewflow process of one ticket. The ticket keeps the searchable, reportable data;
    the process keeps where the ticket stands in the lifecycle chart."""

    class Meta:
        proxy = True
        verbose_name = _("ticket process")
        verbose_name_plural = _("ticket processes")

    @property
    def ticket(self) -> "Ticket":
        return self.ticket_record


class Ticket(models.Model):
    """A request for help about one brique: an incident or a service request."""

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, editable=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TicketKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=TicketStatus.choices, default=TicketStatus.NEW
    )
    brique = models.ForeignKey(
        "portal.BriquePage",
        verbose_name=_("brique"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    category = models.ForeignKey(
        "portal.Category",
        verbose_name=_("category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))

    impact = models.PositiveSmallIntegerField(_("impact"), choices=Impact.choices)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="requested_tickets",
    )
    # Snapshots at submission, so that reports by school and public stay true over time.
    establishment = models.ForeignKey(
        "portal.Establishment",
        verbose_name=_("establishment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    requester_affiliation = models.CharField(_("requester's public"), max_length=20, blank=True)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderated_tickets",
        help_text=_("Owns the ticket's lifecycle until closure."),
    )

    pending_reason = models.CharField(
        _("waiting for"), max_length=20, choices=PendingReason.choices, blank=True
    )
    provider = models.ForeignKey(
        "portal.Provider",
        verbose_name=_("provider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    provider_reference = models.CharField(_("provider's reference"), max_length=100, blank=True)

    solution = models.TextField(_("solution"), blank=True)
    resolution_code = models.CharField(
        _("resolution code"), max_length=30, choices=ResolutionCode.choices, blank=True
    )
    # An incident belongs to at most one problem (helpdesk.models.problems), which resolves it.
    problem = models.ForeignKey(
        "helpdesk.Problem",
        verbose_name=_("problem"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        help_text=_("1 (very dissatisfied) to 4 (very satisfied), as in iTop."),
    )
    satisfaction_comment = models.TextField(_("satisfaction comment"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    created_at = models.DateTimeField(_("submitted at"), db_index=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)
    assigned_at = models.DateTimeField(_("first assigned at"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    # Service levels (see helpdesk.sla.clock): targets copied at submission, due dates and
    # the 75% instants in business hours, pauses of the time to resolve, breach and warning
    # flags. Written only by the ticket services and the service-level check.
    sla_priority = models.PositiveSmallIntegerField(
        _("priority of the service level"), choices=Priority.choices, null=True, blank=True
    )
    sla_tto_hours = models.DecimalField(
        _("time to own target (business hours)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    sla_ttr_hours = models.DecimalField(
        _("time to resolve target (business hours)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    tto_due = models.DateTimeField(_("time to own due"), null=True, blank=True)
    tto_risk_at = models.DateTimeField(_("time to own at risk from"), null=True, blank=True)
    tto_stopped_at = models.DateTimeField(_("time to own stopped at"), null=True, blank=True)
    tto_breached = models.BooleanField(_("time to own breached"), default=False)
    tto_warned = models.BooleanField(_("time to own at-risk warning sent"), default=False)
    ttr_due = models.DateTimeField(_("time to resolve due"), null=True, blank=True)
    ttr_risk_at = models.DateTimeField(_("time to resolve at risk from"), null=True, blank=True)
    ttr_paused_since = models.DateTimeField(
        _("resolution clock paused since"), null=True, blank=True
    )
    ttr_paused_seconds = models.PositiveIntegerField(_("business seconds paused"), default=0)
    ttr_breached = models.BooleanField(_("time to resolve breached"), default=False)
    ttr_warned = models.BooleanField(_("time to resolve at-risk warning sent"), default=False)
    sla_escalated_at = models.DateTimeField(_("escalated (breach) at"), null=True, blank=True)
    # The delays the reports measure, in business seconds on the brique's calendar, whether or
    # not the brique has targets: from submission to the first taking in charge, and from
    # submission to the (latest) resolution with the requester's and third parties' waits
    # taken out. Written by `helpdesk.sla.clock.follow`, so reports read plain numbers.
    time_to_own_seconds = models.PositiveIntegerField(
        _("time to own (business seconds)"), null=True, blank=True
    )
    time_to_resolve_seconds = models.PositiveIntegerField(
        _("time to resolve (business seconds)"), null=True, blank=True
    )

    # Optimistic concurrency: every change increments it; a form posting an older version is
    # refused instead of overwriting what another agent just did.
    version = models.PositiveIntegerField(default=1, editable=False)

    process = models.OneToOneField(
        TicketProcess,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="ticket_record",
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at"]
        indexes = [
            # The queues (by brique; assigned to a person). On PostgreSQL they carry what the
            # queue's fingerprint sums (helpdesk/admin_views/screen_cache.py), so that counting
            # a queue and naming its state read the index alone.
            models.Index(
                fields=["status", "brique", "-created_at"],
                name="ticket_queue_idx",
                include=["id", "version", "updated_at"],
            ),
            models.Index(
                fields=["assignee", "status", "-created_at"],
                name="ticket_assignee_idx",
                include=["id", "version", "updated_at"],
            ),
            # The open tickets of some briques (the team and "new" queues): a third of the
            # entries above, read by brique alone.
            models.Index(
                fields=["brique"],
                name="ticket_open_brique_idx",
                include=["id", "version", "updated_at"],
                condition=models.Q(status__in=["new", "assigned", "pending"]),
            ),
            models.Index(fields=["requester", "-created_at"], name="ticket_requester_idx"),
            models.Index(
                fields=["brique", "establishment", "-created_at"], name="ticket_school_idx"
            ),
            # Service-level filters of queues and reports ("breached", "at risk").
            models.Index(fields=["status", "ttr_due"], name="ticket_ttr_due_idx"),
            models.Index(fields=["status", "tto_due"], name="ticket_tto_due_idx"),
            # The reports: what was resolved or closed in a period.
            models.Index(fields=["resolved_at"], name="ticket_resolved_idx"),
            models.Index(fields=["closed_at"], name="ticket_closed_idx"),
            # The reports' daily roll-up: the tickets changed since its last refresh.
            models.Index(fields=["updated_at"], name="ticket_updated_idx"),
            # The reports' live parts on PostgreSQL, read from the index alone (a year of
            # tickets is most of the table): the delays' percentiles over the tickets
            # submitted or resolved in a period, and the open backlog.
            models.Index(
                fields=["created_at"],
                include=["time_to_own_seconds", "brique", "establishment"],
                name="ticket_report_tto_idx",
            ),
            models.Index(
                fields=["resolved_at"],
                include=["time_to_resolve_seconds", "brique", "establishment"],
                name="ticket_report_ttr_idx",
            ),
            models.Index(
                fields=["created_at"],
                include=["id", "brique", "establishment", "resolved_at", "closed_at", "status"],
                condition=models.Q(status__in=["new", "assigned", "pending"]),
                name="ticket_report_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__isnull=True)
                | models.Q(satisfaction__gte=1, satisfaction__lte=4),
                name="ticket_satisfaction_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference or '—'} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in {TicketStatus.NEW, TicketStatus.ASSIGNED, TicketStatus.PENDING}


class TicketWatcher(models.Model):
    """A colleague kept informed: they see the ticket once signed in with this e-mail."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="watchers")
    email = models.EmailField(_("e-mail"))

    class Meta:
        verbose_name = _("person kept informed")
        verbose_name_plural = _("people kept informed")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "email"], name="ticket_watcher_unique")
        ]
        indexes = [models.Index(fields=["email"], name="ticket_watcher_email_idx")]

    def __str__(self) -> str:
        return self.email


class TicketMessage(models.Model):
    """One message of the thread: a public reply, or an internal note staff alone can read."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    internal = models.BooleanField(_("internal note"), default=False)
    created_at = models.DateTimeField(_("written at"), db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="ticket_message_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.body[:40]}"


def _attachment_path(instance: "TicketAttachment", filename: str) -> str:
    return f"tickets/{instance.ticket_id}/{filename}"


class TicketAttachment(models.Model):
    """A file attached to a ticket, stored outside the public media and served only through a
    permission-checked view."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        TicketMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=_attachment_path, storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class TicketEvent(models.Model):
    """The append-only history of a ticket: who did what, when, from which state to which."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system acted."),
    )
    action = models.CharField(_("action"), max_length=30, choices=TicketAction.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=TicketStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=TicketStatus.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    internal = models.BooleanField(_("internal"), default=False)
    created_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="ticket_event_idx")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The ticket history is append-only.")
        super().save(*args, **kwargs)
