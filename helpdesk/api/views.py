"""Ticket endpoints: the requester's (/tickets/) and the staff's (/staff/queues/,
/staff/tickets/).

Every action runs the same way (`_ActionsMixin.act`): the ticket is looked up among those the
caller sees (else 404); an action the caller's standing never gives on it is a 403; the body
is checked (400); the service function does the step, and refuses it with `ActionNotAllowed`
when the ticket's state does not allow it now (409) or `StaleTicket` when `version` is behind
(409). Which actions exist and who may take them is `helpdesk.policies`' business only.
"""

from __future__ import annotations

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response
from rest_framework.reverse import reverse

from portal.api.errors import Conflict, error_responses

from .. import services
from ..admin_views.access import staff_profile
from ..admin_views.queue_table import SORT_KEYS
from ..admin_views.queues import QUEUES
from ..filters import TicketFilterSet
from ..models import (
    Problem,
    ProblemStatus,
    Ticket,
    TicketAction,
    TicketAttachment,
    TicketMessage,
    TicketStatus,
)
from ..models.querysets import remember_for_request
from ..policies import REQUESTER_ACTIONS, allowed_actions, is_staff_for, role_actions
from ..problem_policies import allowed_problem_actions, works_on_brique
from ..selectors import assignable_people
from ..services import problems as problem_services
from ..views.attachments import file_response, readable_attachment
from . import serializers as s

A = TicketAction

REFERENCE = OpenApiParameter(
    "reference", OpenApiTypes.STR, OpenApiParameter.PATH, description="e.g. R-000042"
)


class TieBreakOrdering(OrderingFilter):
    """`?ordering=` among the view's `ordering_fields`; the primary key breaks ties so pages
    neither repeat nor skip rows."""

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view) or []
        last = ordering[-1] if ordering else "-created_at"
        return queryset.order_by(*ordering, "-pk" if last.startswith("-") else "pk")


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """An id: a whole number within a database column's range (else a 400); an integer in the
    schema (a NumberFilter would say "number", and generated clients would send floats)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", s.MAX_ID)
        super().__init__(*args, **kwargs)


class MyTicketFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(
        choices=TicketStatus.choices, help_text="One or more statuses (repeat the parameter)."
    )
    brique = IdFilter(field_name="brique_id", help_text="A brique's id.")

    class Meta:
        model = Ticket
        fields = ["status", "brique"]


class QueueFilter(TicketFilterSet):
    """The queue page's filters, with ids for the brique, school and category (the page reads
    them from dropdowns)."""

    brique = IdFilter(field_name="brique_id", help_text="A brique's id.")
    establishment = IdFilter(field_name="establishment_id", help_text="A school's id.")
    category = IdFilter(field_name="category_id", help_text="A category's id.")


def _conflict_on_stale(perform):
    try:
        return perform()
    except services.StaleTicket as error:
        raise Conflict(str(error.args[0]), code="stale") from None


def _example(name: str, value: dict) -> list[OpenApiExample]:
    return [OpenApiExample(name, value=value, request_only=True)]


ACTION_ERRORS = error_responses(400, 401, 403, 404, 409, 413, 429)


class _ActionsMixin:
    """Shared by the requester's and the staff's ticket viewsets."""

    lookup_field = "reference"
    lookup_value_regex = r"[-\w]+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Chain entries and admin standing are read once for the whole request.
        remember_for_request(request.user)

    def visible(self):
        return Ticket.objects.visible_to(self.request.user)

    def act(self, request, action: str, input_class, perform):
        ticket = self.get_object()
        if action not in role_actions(request.user, ticket):
            raise exceptions.PermissionDenied(_("You may not do this on this ticket."))
        given = input_class(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        _conflict_on_stale(lambda: perform(ticket, **data))
        return self.read(self.get_object())


# --- the requester's side ---------------------------------------------------------------------


def _public_context(request, ticket: Ticket) -> dict:
    public_files = TicketAttachment.objects.filter(internal=False)
    return {
        "request": request,
        "reference": ticket.reference,
        "actions": allowed_actions(request.user, ticket) & REQUESTER_ACTIONS,
        "thread": TicketMessage.objects.filter(ticket=ticket, internal=False)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=public_files)),
        "loose_files": public_files.filter(ticket=ticket, message__isnull=True),
    }


@extend_schema_view(
    list=extend_schema(
        summary="My tickets",
        description="The tickets I filed and those I am kept informed of, newest first.",
        responses={200: s.TicketListSerializer(many=True), **error_responses(400, 401, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One ticket, as its requester reads it",
        description="The public thread only: internal notes and internal files never appear.",
        parameters=[REFERENCE],
        responses={200: s.TicketDetailSerializer, **error_responses(401, 404, 429)},
    ),
    create=extend_schema(
        summary="File a ticket",
        description="JSON. To send files with it, post the same fields as "
        "multipart/form-data with `files` repeated, or add them afterwards with "
        "`POST /api/v1/tickets/{reference}/attachments/`.",
        request={"application/json": s.TicketCreateJsonSerializer},
        examples=_example(
            "An incident",
            {
                "brique": 3,
                "kind": "incident",
                "title": "Impossible de déposer un devoir",
                "description": "Le bouton « Déposer » reste grisé depuis ce matin.",
                "affected": "person",
                "urgency": "high",
                "watchers": ["collegue@insa-lyon.fr"],
            },
        ),
        responses={201: s.TicketDetailSerializer, **error_responses(400, 401, 403, 413, 429)},
    ),
)
class TicketViewSet(
    _ActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The requester's space: file a ticket, follow mine, act on them."""

    serializer_class = s.TicketDetailSerializer
    filter_backends = [filters.DjangoFilterBackend, TieBreakOrdering]
    filterset_class = MyTicketFilter
    ordering_fields = ["created_at", "updated_at", "status", "priority", "reference"]
    ordering = ["-created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        if self.action == "list":
            return Ticket.objects.requested_by(self.request.user).for_list()
        return self.visible().select_related("brique", "category", "duplicate_of")

    def get_serializer_class(self):
        return s.TicketListSerializer if self.action == "list" else s.TicketDetailSerializer

    def read(self, ticket: Ticket, status_code=status.HTTP_200_OK) -> Response:
        context = _public_context(self.request, ticket)
        return Response(s.TicketDetailSerializer(ticket, context=context).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self.read(self.get_object())

    def create(self, request, *args, **kwargs):
        given = s.TicketCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        ticket = services.submit_ticket(
            request.user,
            brique=data["brique"],
            kind=data["kind"],
            category=data.get("category"),
            title=data["title"],
            description=data["description"],
            impact=s.AFFECTED[data["affected"]],
            urgency=s.URGENCY[data["urgency"]],
            watchers=data.get("watchers", []),
            files=data.get("files", []),
        )
        response = self.read(self.visible().get(pk=ticket.pk), status.HTTP_201_CREATED)
        response["Location"] = reverse(
            "api:ticket-detail", args=[ticket.reference], request=request
        )
        return response

    @extend_schema(
        summary="Reply",
        parameters=[REFERENCE],
        request=s.ReplySerializer,
        examples=_example("A reply", {"body": "J'utilise Firefox 128.", "version": 4}),
        responses={200: s.TicketDetailSerializer, **ACTION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, reference=None):
        return self.act(
            request,
            A.REPLY,
            s.ReplySerializer,
            lambda ticket, **data: services.add_reply(request.user, ticket, **data),
        )

    @extend_schema(
        summary="Add files",
        description="multipart/form-data: `files` (repeat it for several) and an optional "
        "`body`. They are sent as a public reply. A file over the size limit: 413; a type "
        "that is not accepted: 400.",
        parameters=[REFERENCE],
        request={"multipart/form-data": s.AttachSerializer},
        responses={200: s.TicketDetailSerializer, **ACTION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request, reference=None):
        def perform(ticket, *, files, body="", version=None):
            body = body.strip() or _("Files added: %(names)s") % {
                "names": ", ".join(upload.name for upload in files)
            }
            services.add_reply(request.user, ticket, body=body, files=files, version=version)

        return self.act(request, A.REPLY, s.AttachSerializer, perform)

    @extend_schema(
        summary="Download a file of the ticket",
        description="The same rule as the site's download: a file of the public thread, or, "
        "for the staff treating the ticket, any of its files. Sent as an attachment with "
        "`X-Content-Type-Options: nosniff`.",
        # `id`: the schema's name of the URL's `pk` (drf-spectacular's SCHEMA_COERCE_PATH_PK);
        # a parameter named "pk" would be one the path does not have.
        parameters=[
            REFERENCE,
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The file's id."
            ),
        ],
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            **error_responses(401, 404, 429),
        },
    )
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<pk>\d+)")
    def download(self, request, reference=None, pk=None):
        if int(pk) > s.MAX_ID:
            raise exceptions.NotFound()
        return file_response(readable_attachment(request.user, reference, int(pk)))

    @extend_schema(
        summary="Cancel my request",
        parameters=[REFERENCE],
        request=s.CancelSerializer,
        examples=_example("Solved by itself", {"reason": "Le problème a disparu."}),
        responses={200: s.TicketDetailSerializer, **ACTION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, reference=None):
        return self.act(
            request,
            A.CANCEL,
            s.CancelSerializer,
            lambda ticket, **data: services.cancel_ticket(request.user, ticket, **data),
        )

    @extend_schema(
        summary="Confirm the resolution",
        parameters=[REFERENCE],
        request=s.ConfirmSerializer,
        examples=_example("Satisfied", {"rating": 4, "comment": "Merci, rapide et clair."}),
        responses={200: s.TicketDetailSerializer, **ACTION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, reference=None):
        return self.act(
            request,
            A.CONFIRM,
            s.ConfirmSerializer,
            lambda ticket, **data: services.confirm_resolution(request.user, ticket, **data),
        )

    @extend_schema(
        summary="Reopen: the problem is not solved",
        parameters=[REFERENCE],
        request=s.ReopenSerializer,
        examples=_example("Still broken", {"reason": "Le bouton est toujours grisé."}),
        responses={200: s.TicketDetailSerializer, **ACTION_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, reference=None):
        return self.act(
            request,
            A.REOPEN,
            s.ReopenSerializer,
            lambda ticket, **data: services.reopen_ticket(request.user, ticket, **data),
        )


# --- the staff's side -------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="My queues",
        description="The staff queues open to me, as in the back-office; empty for others.",
        responses={200: s.QueueSerializer(many=True), **error_responses(401, 429)},
    ),
)
class QueueViewSet(viewsets.ViewSet):
    """The staff queues open to the caller: the back-office's (`helpdesk.admin_views.queues`)."""

    def list(self, request):
        rows = [
            {
                "slug": queue.slug,
                "label": str(queue.label),
                "url": reverse("api:queue-ticket-list", args=[queue.slug], request=request),
            }
            for queue in _queues_for(request)[1]
        ]
        return Response(s.QueueSerializer(rows, many=True).data)


def _queues_for(request):
    profile = staff_profile(request)
    return profile, [queue for queue in QUEUES.values() if queue.shown(profile)]


@extend_schema_view(
    list=extend_schema(
        summary="The tickets of one queue",
        description="Filtered, sorted and paginated in the database like the back-office queue; "
        "a queue that is not yours is a 404.",
        parameters=[
            OpenApiParameter(
                "slug",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=list(QUEUES),
                description="new, mine, team, pending, briques (moderators), all (admins).",
            ),
        ],
        responses={200: s.QueueTicketSerializer(many=True), **error_responses(400, 401, 404, 429)},
    ),
)
class QueueTicketViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """One queue's tickets: the same scope as the back-office's, the same filters."""

    serializer_class = s.QueueTicketSerializer
    filter_backends = [filters.DjangoFilterBackend, TieBreakOrdering]
    filterset_class = QueueFilter
    ordering_fields = sorted({key.lstrip("-") for key in SORT_KEYS})
    ordering = ["-created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        profile, queues = _queues_for(self.request)
        queue = next((q for q in queues if q.slug == self.kwargs.get("slug")), None)
        if queue is None:
            raise exceptions.NotFound()
        user = self.request.user
        remember_for_request(user)
        tickets = (
            Ticket.objects.all() if queue.within_visibility else Ticket.objects.visible_to(user)
        )
        return tickets.filter(queue.scope(user, profile)).for_list()


def _staff_context(request, ticket: Ticket) -> dict:
    return {
        "request": request,
        "reference": ticket.reference,
        "actions": allowed_actions(request.user, ticket),
        "thread": ticket.messages.select_related("author").prefetch_related("attachments"),
        "loose_files": ticket.attachments.filter(message__isnull=True),
        "events": ticket.events.select_related("actor"),
    }


def _staff_action(summary: str, request_class, example: dict, description: str = ""):
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[REFERENCE],
        request=request_class,
        examples=_example(summary, example),
        responses={200: s.StaffTicketSerializer, **ACTION_ERRORS},
    )


@extend_schema_view(
    retrieve=extend_schema(
        summary="One ticket, for the staff who treat it",
        description="The whole thread with internal notes, the history and the actions open "
        "to you now. 403 for a requester or a colleague kept informed (they know the ticket).",
        parameters=[REFERENCE],
        responses={200: s.StaffTicketSerializer, **error_responses(401, 403, 404, 429)},
    ),
)
class StaffTicketViewSet(_ActionsMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every action of the back-office's ticket screen."""

    serializer_class = s.StaffTicketSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ticket.objects.none()
        return (
            self.visible()
            .select_related(
                "brique",
                "category",
                "establishment",
                "requester",
                "assignee",
                "moderator",
                "provider",
                "duplicate_of",
            )
            .prefetch_related("watchers")
        )

    def get_object(self):
        ticket = super().get_object()
        if not is_staff_for(self.request.user, ticket):
            raise exceptions.PermissionDenied(_("Only the staff who treat this ticket see this."))
        return ticket

    def read(self, ticket: Ticket) -> Response:
        return Response(
            s.StaffTicketSerializer(ticket, context=_staff_context(self.request, ticket)).data
        )

    def retrieve(self, request, *args, **kwargs):
        return self.read(self.get_object())

    @extend_schema(
        summary="Who can be assigned the ticket",
        description="The technicians and moderators of the brique's chain for the "
        "requester's school: the choices of `qualify` and `reassign`.",
        parameters=[REFERENCE],
        responses={200: s.AssigneeSerializer(many=True), **error_responses(401, 403, 404, 429)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def assignees(self, request, reference=None):
        people = assignable_people(self.get_object())
        return Response(s.AssigneeSerializer(people, many=True).data)

    def _run(self, request, action_name, input_class, service, **fixed):
        return self.act(
            request,
            action_name,
            input_class,
            lambda ticket, **data: service(request.user, ticket, **data, **fixed),
        )

    @_staff_action(
        "Qualify and assign",
        s.QualifySerializer,
        {"assignee": 12, "kind": "incident", "impact": 3, "urgency": 2, "version": 1},
        "Accept a new ticket (kind, category, priority confirmed or changed) and dispatch it.",
    )
    @action(detail=True, methods=["post"])
    def qualify(self, request, reference=None):
        return self._run(request, A.QUALIFY, s.QualifySerializer, services.qualify_ticket)

    @_staff_action("Take it myself", s.TakeSerializer, {"version": 1})
    @action(detail=True, methods=["post"])
    def take(self, request, reference=None):
        return self._run(request, A.TAKE, s.TakeSerializer, services.take_ticket)

    @_staff_action("Reject", s.RejectSerializer, {"reason": "Hors du périmètre de Moodle."})
    @action(detail=True, methods=["post"])
    def reject(self, request, reference=None):
        return self._run(request, A.REJECT, s.RejectSerializer, services.reject_ticket)

    @_staff_action("Mark as duplicate", s.DuplicateSerializer, {"original": "R-000042"})
    @action(detail=True, methods=["post"], url_path="mark-duplicate")
    def mark_duplicate(self, request, reference=None):
        def perform(ticket, *, original, **data):
            found = (
                self.visible()
                .filter(reference=original.strip().upper(), brique_id=ticket.brique_id)
                .exclude(pk=ticket.pk)
                .first()
            )
            if found is None:
                raise exceptions.ValidationError({"original": [s.UNKNOWN_TICKET]})
            services.mark_duplicate(request.user, ticket, original=found, **data)

        return self.act(request, A.MARK_DUPLICATE, s.DuplicateSerializer, perform)

    @_staff_action(
        "Reassign or hand over", s.ReassignSerializer, {"assignee": 15, "comment": "Congés."}
    )
    @action(detail=True, methods=["post"])
    def reassign(self, request, reference=None):
        return self._run(request, A.REASSIGN, s.ReassignSerializer, services.reassign_ticket)

    @_staff_action("Public reply", s.ReplySerializer, {"body": "Pouvez-vous réessayer ?"})
    @action(detail=True, methods=["post"])
    def reply(self, request, reference=None):
        return self._run(request, A.REPLY, s.ReplySerializer, services.add_reply)

    @_staff_action("Internal note", s.NoteSerializer, {"body": "Même souci qu'en mars."})
    @action(detail=True, methods=["post"])
    def note(self, request, reference=None):
        return self._run(request, A.NOTE, s.NoteSerializer, services.add_note)

    @_staff_action(
        "Put on hold",
        s.HoldSerializer,
        {"reason": "requester", "comment": "Quel navigateur utilisez-vous ?"},
    )
    @action(detail=True, methods=["post"], url_path="put-on-hold")
    def put_on_hold(self, request, reference=None):
        return self._run(request, A.PUT_ON_HOLD, s.HoldSerializer, services.put_on_hold)

    @_staff_action("Resume", s.ResumeSerializer, {"comment": "Le prestataire a répondu."})
    @action(detail=True, methods=["post"])
    def resume(self, request, reference=None):
        return self._run(request, A.RESUME, s.ResumeSerializer, services.resume_ticket)

    @_staff_action(
        "Escalate to a provider",
        s.EscalateSerializer,
        {"provider": 2, "provider_reference": "INC-7781"},
    )
    @action(detail=True, methods=["post"])
    def escalate(self, request, reference=None):
        return self._run(request, A.ESCALATE, s.EscalateSerializer, services.escalate_to_provider)

    @_staff_action(
        "Resolve",
        s.ResolveSerializer,
        {"solution": "Cache du navigateur vidé.", "resolution_code": "fixed"},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, reference=None):
        return self._run(request, A.RESOLVE, s.ResolveSerializer, services.resolve_ticket)


# --- problems ---------------------------------------------------------------------------------


class ProblemFilter(filters.FilterSet):
    status = filters.MultipleChoiceFilter(
        choices=ProblemStatus.choices, help_text="One or more statuses (repeat the parameter)."
    )
    brique = IdFilter(field_name="brique_id", help_text="A brique's id.")

    class Meta:
        model = Problem
        fields = ["status", "brique"]


def _incidents(request, references: list[str], field: str) -> list[Ticket]:
    """The tickets named, among those the caller sees: an unknown or invisible reference is a
    400 on the field (whether it fits the problem is the service's decision)."""
    wanted = {reference.strip().upper() for reference in references}
    found = list(Ticket.objects.visible_to(request.user).filter(reference__in=wanted))
    missing = sorted(wanted - {ticket.reference for ticket in found})
    if missing:
        raise exceptions.ValidationError(
            {field: [_("Unknown ticket: %(references)s.") % {"references": ", ".join(missing)}]}
        )
    return found


PROBLEM_REFERENCE = OpenApiParameter(
    "reference", OpenApiTypes.STR, OpenApiParameter.PATH, description="e.g. P-000007"
)


def _problem_action(summary: str, request_class, example: dict, description: str = ""):
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[PROBLEM_REFERENCE],
        request=request_class,
        examples=_example(summary, example),
        responses={200: s.ProblemDetailSerializer, **ACTION_ERRORS},
    )


@extend_schema_view(
    list=extend_schema(
        summary="Problems of my briques",
        description="Moderators and technicians of a brique's chain see its problems; admins "
        "all. Newest first unless `ordering` says otherwise.",
        responses={200: s.ProblemListSerializer(many=True), **error_responses(400, 401, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One problem",
        parameters=[PROBLEM_REFERENCE],
        responses={200: s.ProblemDetailSerializer, **error_responses(401, 404, 429)},
    ),
    create=extend_schema(
        summary="Open a problem for incidents",
        request=s.ProblemCreateSerializer,
        examples=_example(
            "Same cause",
            {"title": "Dépôts Moodle bloqués", "incidents": ["R-000041", "R-000042"]},
        ),
        responses={
            201: s.ProblemDetailSerializer,
            **error_responses(400, 401, 403, 409, 413, 429),
        },
    ),
)
class ProblemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Problems, through `helpdesk.services.problems` and `helpdesk.problem_policies`. Anyone
    outside the brique's chain does not see a problem (404)."""

    serializer_class = s.ProblemDetailSerializer
    filter_backends = [filters.DjangoFilterBackend, TieBreakOrdering]
    filterset_class = ProblemFilter
    ordering_fields = ["created_at", "updated_at", "status", "reference"]
    ordering = ["-created_at"]
    lookup_field = "reference"
    lookup_value_regex = r"[-\w]+"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        remember_for_request(request.user)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Problem.objects.none()
        return Problem.objects.visible_to(self.request.user).select_related(
            "brique", "assignee", "known_error_article"
        )

    def get_serializer_class(self):
        return s.ProblemListSerializer if self.action == "list" else s.ProblemDetailSerializer

    def read(self, problem: Problem, status_code=status.HTTP_200_OK) -> Response:
        context = {
            "actions": allowed_problem_actions(self.request.user, problem),
            "incidents": problem.incidents.order_by("created_at", "pk"),
            "events": problem.events.select_related("actor", "ticket"),
        }
        context["request"] = self.request
        body = s.ProblemDetailSerializer(problem, context=context).data
        return Response(body, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self.read(self.get_object())

    def create(self, request, *args, **kwargs):
        given = s.ProblemCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        incidents = _incidents(request, data.pop("incidents"), "incidents")
        if not any(works_on_brique(request.user, ticket.brique_id) for ticket in incidents):
            raise exceptions.PermissionDenied(_("Only the staff of the brique open problems."))
        problem = problem_services.create_problem(request.user, incidents=incidents, **data)
        return self.read(self.get_queryset().get(pk=problem.pk), status.HTTP_201_CREATED)

    def act(self, request, input_class, perform):
        problem = self.get_object()
        given = input_class(data=request.data)
        given.is_valid(raise_exception=True)
        try:
            perform(problem, **given.validated_data)
        except problem_services.StaleProblem as error:
            raise Conflict(str(error.args[0]), code="stale") from None
        return self.read(self.get_object())

    @_problem_action("Link incidents", s.ProblemLinkSerializer, {"incidents": ["R-000043"]})
    @action(detail=True, methods=["post"])
    def link(self, request, reference=None):
        def perform(problem, *, incidents, **data):
            found = _incidents(request, incidents, "incidents")
            problem_services.link_incidents(request.user, problem, incidents=found, **data)

        return self.act(request, s.ProblemLinkSerializer, perform)

    @_problem_action("Unlink an incident", s.ProblemUnlinkSerializer, {"incident": "R-000043"})
    @action(detail=True, methods=["post"])
    def unlink(self, request, reference=None):
        def perform(problem, *, incident, **data):
            (found,) = _incidents(request, [incident], "incident")
            problem_services.unlink_incident(request.user, problem, incident=found, **data)

        return self.act(request, s.ProblemUnlinkSerializer, perform)

    @_problem_action("Assign", s.ProblemAssignSerializer, {"assignee": 12})
    @action(detail=True, methods=["post"])
    def assign(self, request, reference=None):
        return self.act(
            request,
            s.ProblemAssignSerializer,
            lambda problem, **data: problem_services.assign_problem(request.user, problem, **data),
        )

    @_problem_action(
        "Record the cause or workaround",
        s.ProblemAnalyseSerializer,
        {"root_cause": "Certificat expiré.", "workaround": "Déposer par e-mail."},
    )
    @action(detail=True, methods=["post"])
    def analyse(self, request, reference=None):
        return self.act(
            request,
            s.ProblemAnalyseSerializer,
            lambda problem, **data: problem_services.record_analysis(request.user, problem, **data),
        )

    @_problem_action(
        "Resolve, with its open incidents",
        s.ProblemResolveSerializer,
        {"solution": "Certificat renouvelé.", "resolution_code": "fixed"},
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, reference=None):
        return self.act(
            request,
            s.ProblemResolveSerializer,
            lambda problem, **data: problem_services.resolve_problem(request.user, problem, **data),
        )

    @_problem_action(
        "Publish as a known error",
        s.ProblemKnownErrorSerializer,
        {},
        "Drafts a knowledge article under the problem's brique from its description, root "
        "cause, workaround and solution (the requesters' names left out), linked to the "
        "problem as `known_error_article`; editors publish it through the brique's moderation. "
        "Needs a root cause or a workaround (400).",
    )
    @action(detail=True, methods=["post"], url_path="known-error")
    def known_error(self, request, reference=None):
        from knowledge.services import draft_article_from_problem

        return self.act(
            request,
            s.ProblemKnownErrorSerializer,
            lambda problem: draft_article_from_problem(request.user, problem),
        )

    @_problem_action("Close", s.ProblemCloseSerializer, {"comment": "Plus de signalement."})
    @action(detail=True, methods=["post"])
    def close(self, request, reference=None):
        return self.act(
            request,
            s.ProblemCloseSerializer,
            lambda problem, **data: problem_services.close_problem(request.user, problem, **data),
        )
