"""What the ticket endpoints read and write.

Input serializers check shape and types only; the service functions decide the rest (a
category of another brique, an assignee outside the chain...), and their `ValidationError`s come
back as 400s on the same field names, since the fields are named like the services' arguments.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from portal.api.errors import PayloadTooLarge
from portal.api.serializers import RejectUnknownFieldsMixin
from portal.models import BriquePage, Category, Priority, Provider, User

from ..forms import MAX_WATCHERS, SATISFACTION_CHOICES
from ..models import (
    Impact,
    PendingReason,
    Problem,
    ProblemAction,
    ProblemEvent,
    ResolutionCode,
    Ticket,
    TicketAction,
    TicketAttachment,
    TicketEvent,
    TicketKind,
    TicketMessage,
    TicketStatus,
    Urgency,
)
from ..services.attachments import TOO_LARGE, validate_uploads
from ..views.display import status_display

# The requester answers "how many people are affected?" and "how urgent is it?" in plain words,
# as on the form; these are the words' machine names (the enums' names) and what they mean.
AFFECTED = {
    "person": Impact.PERSON,
    "group": Impact.GROUP,
    "department": Impact.DEPARTMENT,
}
URGENCY = {
    "critical": Urgency.CRITICAL,
    "high": Urgency.HIGH,
    "medium": Urgency.MEDIUM,
    "low": Urgency.LOW,
}
AFFECTED_NAME = {value: name for name, value in AFFECTED.items()}
AFFECTED_CHOICES = [(name, value.label) for name, value in AFFECTED.items()]
URGENCY_CHOICES = [(name, value.label) for name, value in URGENCY.items()]
URGENCY_NAME = {value: name for name, value in URGENCY.items()}


def person_name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


# The largest id a database integer column holds: a bigger number is no object, not a crash.
MAX_ID = 2**63 - 1


class IdField(serializers.PrimaryKeyRelatedField):
    """An object by its id; an id out of any column's range is simply not found."""

    def to_internal_value(self, data):
        if isinstance(data, int | str) and not isinstance(data, bool):
            try:
                number = int(data)
            except ValueError:
                number = None
            if number is not None and not 0 < number <= MAX_ID:
                self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


# --- small nested objects -------------------------------------------------------------------


class TicketBriqueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()


class TicketCategorySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()
    email = serializers.EmailField()

    def get_name(self, user) -> str:
        return person_name(user)


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    download_url = serializers.SerializerMethodField(
        help_text="The file, through the API (any of its authentications)."
    )

    class Meta:
        model = TicketAttachment
        fields = ["id", "name", "content_type", "size", "created_at", "download_url"]

    def get_download_url(self, attachment) -> str:
        path = reverse("api:ticket-download", args=[self.context["reference"], attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class MessageSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField(help_text="The author's name.")
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = TicketMessage
        fields = ["id", "author", "body", "created_at", "attachments"]

    def get_author(self, message) -> str:
        return person_name(message.author)

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, message):
        return AttachmentSerializer(message.attachments.all(), many=True, context=self.context).data


class StaffMessageSerializer(MessageSerializer):
    class Meta(MessageSerializer.Meta):
        fields = [*MessageSerializer.Meta.fields, "internal"]


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(help_text="Empty when the system acted.")

    class Meta:
        model = TicketEvent
        fields = [
            "action",
            "actor",
            "from_status",
            "to_status",
            "comment",
            "internal",
            "created_at",
        ]

    def get_actor(self, event) -> str:
        return person_name(event.actor)


# --- tickets, as read -----------------------------------------------------------------------


class _TicketActionsAndFiles:
    """The actions open to the reader now and the files outside any message: the ticket
    views put both in the serializer's context (`actions`, `loose_files`)."""

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=TicketAction.choices))
    )
    def get_actions(self, ticket):
        return sorted(self.context["actions"])

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, ticket):
        return AttachmentSerializer(
            self.context["loose_files"], many=True, context=self.context
        ).data


class _TicketBase(serializers.ModelSerializer):
    status_label = serializers.SerializerMethodField(help_text="The status in words (translated).")
    brique = TicketBriqueSerializer()
    category = TicketCategorySerializer(allow_null=True)
    affected = serializers.SerializerMethodField(help_text="How many people are affected.")
    urgency = serializers.SerializerMethodField(help_text="How urgent it is.")

    @extend_schema_field(serializers.ChoiceField(choices=AFFECTED_CHOICES))
    def get_affected(self, ticket) -> str:
        return AFFECTED_NAME[ticket.impact]

    @extend_schema_field(serializers.ChoiceField(choices=URGENCY_CHOICES))
    def get_urgency(self, ticket) -> str:
        return URGENCY_NAME[ticket.urgency]

    def get_status_label(self, ticket) -> str:
        return str(status_display(ticket).label)


class TicketListSerializer(_TicketBase):
    """One row of "my tickets"."""

    class Meta:
        model = Ticket
        fields = [
            "reference",
            "title",
            "kind",
            "status",
            "status_label",
            "brique",
            "category",
            "affected",
            "urgency",
            "priority",
            "created_at",
            "updated_at",
            "resolved_at",
            "closed_at",
        ]


class TicketDetailSerializer(_TicketActionsAndFiles, _TicketBase):
    """A ticket as its requester, a colleague kept informed or anyone who sees it reads it:
    the public thread only. Internal notes and internal files never appear here."""

    next_step = serializers.SerializerMethodField(help_text="What happens next, in words.")
    is_requester = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(
        help_text="The requester-side actions open to you now (reply, cancel, confirm, reopen)."
    )
    messages = serializers.SerializerMethodField(help_text="The public conversation.")
    attachments = serializers.SerializerMethodField(
        help_text="The files sent with the request itself (public)."
    )
    duplicate_of = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )

    class Meta:
        model = Ticket
        fields = [
            *TicketListSerializer.Meta.fields,
            "description",
            "next_step",
            "pending_reason",
            "solution",
            "resolution_code",
            "duplicate_of",
            "satisfaction",
            "satisfaction_comment",
            "version",
            "is_requester",
            "actions",
            "messages",
            "attachments",
        ]

    def get_next_step(self, ticket) -> str:
        return str(status_display(ticket).next_step)

    def get_is_requester(self, ticket) -> bool:
        return ticket.requester_id == self.context["request"].user.pk

    @extend_schema_field(MessageSerializer(many=True))
    def get_messages(self, ticket):
        return MessageSerializer(self.context["thread"], many=True, context=self.context).data


class QueueTicketSerializer(serializers.ModelSerializer):
    """One row of a staff queue."""

    brique = TicketBriqueSerializer()
    category = TicketCategorySerializer(allow_null=True)
    requester = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    establishment = serializers.SlugRelatedField(
        slug_field="short_code", read_only=True, allow_null=True
    )

    class Meta:
        model = Ticket
        fields = [
            "reference",
            "title",
            "kind",
            "status",
            "pending_reason",
            "priority",
            "brique",
            "category",
            "establishment",
            "requester",
            "assignee",
            "created_at",
            "updated_at",
            "tto_due",
            "ttr_due",
            "tto_breached",
            "ttr_breached",
            "version",
        ]

    def get_requester(self, ticket) -> str:
        return person_name(ticket.requester)

    def get_assignee(self, ticket) -> str:
        return person_name(ticket.assignee)


class StaffTicketSerializer(_TicketActionsAndFiles, serializers.ModelSerializer):
    """The whole ticket, for the staff who treat it: thread with internal notes, history."""

    brique = TicketBriqueSerializer()
    category = TicketCategorySerializer(allow_null=True)
    requester = PersonSerializer()
    assignee = PersonSerializer(allow_null=True)
    moderator = PersonSerializer(allow_null=True)
    establishment = serializers.SlugRelatedField(
        slug_field="short_code", read_only=True, allow_null=True
    )
    provider = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)
    duplicate_of = serializers.SlugRelatedField(
        slug_field="reference", read_only=True, allow_null=True
    )
    watchers = serializers.SlugRelatedField(slug_field="email", many=True, read_only=True)
    actions = serializers.SerializerMethodField(help_text="Every action open to you now.")
    messages = serializers.SerializerMethodField(help_text="The whole thread, notes included.")
    attachments = serializers.SerializerMethodField(help_text="Files sent with the request.")
    history = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "reference",
            "title",
            "description",
            "kind",
            "status",
            "pending_reason",
            "brique",
            "category",
            "impact",
            "urgency",
            "priority",
            "requester",
            "establishment",
            "requester_affiliation",
            "watchers",
            "assignee",
            "moderator",
            "provider",
            "provider_reference",
            "solution",
            "resolution_code",
            "problem",
            "duplicate_of",
            "satisfaction",
            "satisfaction_comment",
            "reopen_count",
            "created_at",
            "updated_at",
            "assigned_at",
            "resolved_at",
            "closed_at",
            "tto_due",
            "ttr_due",
            "tto_breached",
            "ttr_breached",
            "version",
            "actions",
            "messages",
            "attachments",
            "history",
        ]

    @extend_schema_field(StaffMessageSerializer(many=True))
    def get_messages(self, ticket):
        return StaffMessageSerializer(self.context["thread"], many=True, context=self.context).data

    @extend_schema_field(EventSerializer(many=True))
    def get_history(self, ticket):
        return EventSerializer(self.context["events"], many=True).data


class QueueSerializer(serializers.Serializer):
    slug = serializers.CharField()
    label = serializers.CharField(help_text="Translated.")
    url = serializers.URLField(help_text="Its tickets.")


# --- input ----------------------------------------------------------------------------------


class FilesField(serializers.ListField):
    """Uploaded files (multipart), checked by the attachments service's own rules: a file over
    the size limit is a 413, a refused type or too many files a 400 on this field."""

    child = serializers.FileField()

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", "Files (multipart/form-data): images, PDF, office, text, zip."
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        files = super().to_internal_value(data)
        try:
            validate_uploads(files)
        except DjangoValidationError as error:
            if any(item.code == TOO_LARGE for item in error.error_list):
                raise PayloadTooLarge(error.messages[0]) from None
            raise serializers.ValidationError(error.messages) from None
        return files


def _messages(detail) -> list[str]:
    """A field's errors as a flat list of strings (a list field's items report theirs by
    index): the error body documents `fields` as lists of strings."""
    if isinstance(detail, dict):
        return [f"{key}: {text}" for key, value in detail.items() for text in _messages(value)]
    if isinstance(detail, list):
        return [text for item in detail for text in _messages(item)]
    return [str(detail)]


class _Input(RejectUnknownFieldsMixin, serializers.Serializer):
    def run_validation(self, data=serializers.empty):
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            if isinstance(error.detail, dict):
                flat = {name: _messages(value) for name, value in error.detail.items()}
                raise serializers.ValidationError(flat) from None
            raise


class _VersionedInput(_Input):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version you last read: if the ticket changed since, nothing is done "
        "and the answer is a 409.",
    )


class OpenBriqueField(IdField):
    """A published brique open to everyone, as on the site ("Demander de l'aide"). Built per
    request: `.public()` reads the view restrictions when called."""

    def get_queryset(self):
        return BriquePage.objects.live().public()


class TicketCreateSerializer(_Input):
    brique = OpenBriqueField(queryset=BriquePage.objects.none(), help_text="The brique's id.")
    kind = serializers.ChoiceField(choices=TicketKind.choices)
    category = IdField(
        queryset=Category.objects.all(),
        required=False,
        allow_null=True,
        help_text="One of the brique's categories; leave out if unsure.",
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20000)
    affected = serializers.ChoiceField(
        choices=AFFECTED_CHOICES, help_text="How many people are affected?"
    )
    urgency = serializers.ChoiceField(choices=URGENCY_CHOICES, help_text="How urgent is it?")
    watchers = serializers.ListField(
        child=serializers.EmailField(),
        required=False,
        max_length=MAX_WATCHERS,
        help_text="E-mail addresses of colleagues to keep informed.",
    )
    files = FilesField()


@extend_schema_serializer(component_name="TicketCreate")
class TicketCreateJsonSerializer(TicketCreateSerializer):
    """The documented JSON body of filing a ticket (files travel only in multipart bodies);
    the view validates with `TicketCreateSerializer` either way."""

    files = None


class ReplySerializer(_VersionedInput):
    body = serializers.CharField(max_length=20000)


class AttachSerializer(_VersionedInput):
    files = FilesField(required=True, allow_empty=False)
    body = serializers.CharField(
        max_length=20000,
        required=False,
        allow_blank=True,
        help_text="A message to go with the files; by default, their names.",
    )


class CancelSerializer(_VersionedInput):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ConfirmSerializer(_VersionedInput):
    rating = serializers.ChoiceField(
        choices=SATISFACTION_CHOICES, help_text="1 very dissatisfied … 4 very satisfied."
    )
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ReopenSerializer(_VersionedInput):
    reason = serializers.CharField(max_length=5000, help_text="What is still not working.")


# Staff actions. People and providers are ids; whether they fit this ticket (chain, contract)
# is the service's decision, and a wrong one is a 400 on the field.


class QualifySerializer(_VersionedInput):
    assignee = IdField(
        queryset=User.objects.all(), help_text="A person of the brique's chain (see assignees)."
    )
    kind = serializers.ChoiceField(choices=TicketKind.choices, required=False)
    category = IdField(queryset=Category.objects.all(), required=False, allow_null=True)
    impact = serializers.ChoiceField(choices=Impact.choices, required=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False)
    priority = serializers.ChoiceField(
        choices=Priority.choices,
        required=False,
        allow_null=True,
        help_text="Leave out to compute it from impact and urgency.",
    )
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class TakeSerializer(_VersionedInput):
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class RejectSerializer(_VersionedInput):
    reason = serializers.CharField(max_length=5000, help_text="Sent to the requester.")


class DuplicateSerializer(_VersionedInput):
    original = serializers.CharField(
        max_length=20, help_text="Reference of another ticket of the same brique."
    )
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ReassignSerializer(_VersionedInput):
    assignee = IdField(queryset=User.objects.all())
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class NoteSerializer(_VersionedInput):
    body = serializers.CharField(max_length=20000, help_text="Staff only, never shown outside.")


class HoldSerializer(_VersionedInput):
    reason = serializers.ChoiceField(choices=PendingReason.choices)
    comment = serializers.CharField(
        max_length=5000,
        help_text="What is expected; when waiting for the requester, the question they get.",
    )


class ResumeSerializer(_VersionedInput):
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class EscalateSerializer(_VersionedInput):
    provider = IdField(
        queryset=Provider.objects.all(), help_text="A provider under contract for the brique."
    )
    provider_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ResolveSerializer(_VersionedInput):
    solution = serializers.CharField(max_length=20000, help_text="Sent to the requester.")
    resolution_code = serializers.ChoiceField(choices=ResolutionCode.choices)


class AssigneeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return person_name(user)


TICKET_STATUS_CHOICES = TicketStatus.choices
UNKNOWN_TICKET = _("No ticket of the same brique has this reference.")


# --- problems -------------------------------------------------------------------------------


class ProblemIncidentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ticket
        fields = ["reference", "title", "status", "priority", "created_at"]


class ProblemEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField(help_text="Empty when the system acted.")
    incident = serializers.SlugRelatedField(
        source="ticket", slug_field="reference", read_only=True, allow_null=True
    )

    class Meta:
        model = ProblemEvent
        fields = [
            "action",
            "actor",
            "from_status",
            "to_status",
            "incident",
            "comment",
            "created_at",
        ]

    def get_actor(self, event) -> str:
        return person_name(event.actor)


class ProblemListSerializer(serializers.ModelSerializer):
    brique = TicketBriqueSerializer()
    assignee = serializers.SerializerMethodField()

    class Meta:
        model = Problem
        fields = [
            "reference",
            "title",
            "status",
            "brique",
            "assignee",
            "created_at",
            "updated_at",
            "resolved_at",
            "closed_at",
        ]

    def get_assignee(self, problem) -> str:
        return person_name(problem.assignee)


class KnownErrorArticleSerializer(serializers.Serializer):
    """The known-error article drafted from a problem: a draft until published through the
    brique's moderation."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    live = serializers.BooleanField(help_text="Published: readers see it at `url`.")
    url = serializers.SerializerMethodField(help_text="Its public address once published.")
    edit_url = serializers.SerializerMethodField(help_text="Where editors review it.")

    def get_url(self, article) -> str | None:
        request = self.context.get("request")
        return article.get_full_url(request) if article.live else None

    def get_edit_url(self, article) -> str:
        path = reverse("wagtailadmin_pages:edit", args=[article.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ProblemDetailSerializer(ProblemListSerializer):
    known_error_article = KnownErrorArticleSerializer(
        allow_null=True, help_text="Drafted by the known-error action; null until then."
    )
    incidents = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField(help_text="The actions open to you now.")

    class Meta(ProblemListSerializer.Meta):
        fields = [
            *ProblemListSerializer.Meta.fields,
            "description",
            "root_cause",
            "workaround",
            "solution",
            "known_error_article",
            "version",
            "actions",
            "incidents",
            "history",
        ]

    @extend_schema_field(ProblemIncidentSerializer(many=True))
    def get_incidents(self, problem):
        return ProblemIncidentSerializer(self.context["incidents"], many=True).data

    @extend_schema_field(ProblemEventSerializer(many=True))
    def get_history(self, problem):
        return ProblemEventSerializer(self.context["events"], many=True).data

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=ProblemAction.choices))
    )
    def get_actions(self, problem):
        return sorted(self.context["actions"])


def _references() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=20),
        min_length=1,
        max_length=200,
        help_text='References of open incidents of one brique, e.g. ["R-000042"].',
    )


class ProblemCreateSerializer(_Input):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    incidents = _references()


class ProblemLinkSerializer(_VersionedInput):
    incidents = _references()


class ProblemUnlinkSerializer(_VersionedInput):
    incident = serializers.CharField(max_length=20, help_text="A linked incident's reference.")
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ProblemAssignSerializer(_VersionedInput):
    assignee = IdField(queryset=User.objects.all(), help_text="A person of the brique's chain.")
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ProblemAnalyseSerializer(_VersionedInput):
    root_cause = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    workaround = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class ProblemResolveSerializer(_VersionedInput):
    solution = serializers.CharField(
        max_length=20000, help_text="Also sent to the open linked incidents, which resolve."
    )
    resolution_code = serializers.ChoiceField(choices=ResolutionCode.choices, required=False)


class ProblemKnownErrorSerializer(_Input):
    """No field: the article is drafted from the problem's own text."""


class ProblemCloseSerializer(_VersionedInput):
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True)
