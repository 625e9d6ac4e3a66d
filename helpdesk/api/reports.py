"""/api/v1/staff/reports/: the reports dashboard's figures and tables, for the group portal.

The same parameters as the back-office dashboard (`ReportFilterForm`), the same computation
(`build_dashboard`), the same reach: a person with no report at all gets 403 (the endpoint is
public knowledge, there is nothing to hide), a brique or category out of their reach in the
parameters 404 (as if it did not exist), a wrong period 400 with the form's French messages.
Every count that stands for tickets carries the API address listing them, when one of the
person's queues lists exactly those.
"""

from __future__ import annotations

from dataclasses import replace

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api.errors import error_responses
from portal.models import Affiliation, Priority

from ..models import TicketKind
from ..reports.charts import LinkTarget
from ..reports.dashboard import Dashboard, build_dashboard
from ..reports.forms import OutOfReach, ReportFilterForm
from ..reports.period import PRESETS
from ..reports.query import may_see_reports
from ..reports.tables import Table

API_QUEUE = "api:queue-ticket-list"
KINDS = ["text", "int", "percent", "hours", "decimal", "date"]


class PeriodSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField(help_text="The last day, included.")
    days = serializers.IntegerField()


class KeyFiguresSerializer(serializers.Serializer):
    """A period's key figures. Durations are business seconds; shares are fractions (0.5 is
    50 %); null where there is nothing to measure (no ticket with a target, no rating…)."""

    created = serializers.IntegerField()
    resolved = serializers.IntegerField()
    closed = serializers.IntegerField()
    backlog = serializers.IntegerField(help_text="Open at the end of the period.")
    backlog_ages = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="The backlog by age: under_2_days, 2_to_7_days, 7_to_30_days, over_30_days.",
    )
    tto_median = serializers.FloatField(allow_null=True, help_text="Time to own, median.")
    tto_p90 = serializers.FloatField(allow_null=True)
    ttr_median = serializers.FloatField(allow_null=True, help_text="Time to resolve, median.")
    ttr_p90 = serializers.FloatField(allow_null=True)
    tto_with_target = serializers.IntegerField()
    tto_met = serializers.IntegerField()
    tto_compliance = serializers.FloatField(allow_null=True)
    ttr_with_target = serializers.IntegerField()
    ttr_met = serializers.IntegerField()
    ttr_compliance = serializers.FloatField(allow_null=True)
    reopened = serializers.IntegerField()
    reopen_rate = serializers.FloatField(allow_null=True)
    rated = serializers.IntegerField()
    satisfaction_average = serializers.FloatField(allow_null=True, help_text="1 to 4.")
    ratings = serializers.DictField(
        child=serializers.IntegerField(), help_text="How many ratings of each value, 1 to 4."
    )
    attempts = serializers.IntegerField(help_text="Visits to a ticket form (self-service).")
    solved_without_ticket = serializers.IntegerField()
    self_service_rate = serializers.FloatField(allow_null=True)
    problems_open = serializers.IntegerField()
    incidents_per_problem = serializers.FloatField(allow_null=True)


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=KINDS, help_text="percent: a fraction (0.5 = 50 %); hours: a number of hours."
    )


@extend_schema_field(
    {
        "type": "object",
        "required": ["value", "tickets"],
        "properties": {
            "value": {
                "nullable": True,
                "oneOf": [{"type": "string"}, {"type": "number"}],
                "description": "Raw: a number, a text or an ISO date; null when not measurable.",
            },
            "kind": {
                "type": "string",
                "enum": KINDS,
                "description": "Only when it differs from the column's kind.",
            },
            "tickets": {
                "type": "string",
                "format": "uri",
                "nullable": True,
                "description": "The API address listing the tickets behind this number.",
            },
        },
    }
)
class CellField(serializers.Field):
    def to_representation(self, value):
        return value


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    caption = serializers.CharField(allow_blank=True)
    columns = ColumnSerializer(many=True)
    rows = serializers.ListField(child=serializers.ListField(child=CellField()))


class ReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    previous_period = PeriodSerializer()
    figures = KeyFiguresSerializer()
    previous_figures = KeyFiguresSerializer()
    tables = TableSerializer(many=True)


def _period(period) -> dict:
    return {"start": period.start, "end": period.end, "days": period.days}


def _figures(figures) -> dict:
    return {name: getattr(figures, name) for name in KeyFiguresSerializer._declared_fields}


def _table(table: Table, tickets_url) -> dict:
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            value = cell.value
            shown = {"value": value.isoformat() if hasattr(value, "isoformat") else value}
            if cell.kind:
                shown["kind"] = cell.kind
            shown["tickets"] = tickets_url(cell.tickets)
            cells.append(shown)
        rows.append(cells)
    return {
        "key": table.key,
        "title": str(table.title),
        "caption": str(table.caption),
        "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in table.columns],
        "rows": rows,
    }


def report_body(request, dashboard: Dashboard) -> dict:
    link = LinkTarget.for_dashboard(request.user, dashboard)

    def tickets_url(filters):
        url = link.url(filters, view=API_QUEUE)
        return request.build_absolute_uri(url) if url else None

    query = dashboard.query
    return {
        "period": _period(query.period),
        "previous_period": _period(query.period.previous()),
        "figures": _figures(dashboard.figures),
        "previous_figures": _figures(dashboard.previous),
        "tables": [_table(table, tickets_url) for table in dashboard.tables()],
    }


def _form_errors(form: ReportFilterForm) -> dict:
    return {
        ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
        for name, messages in form.errors.items()
    }


def _parameter(name, kind, description, **extra) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description, **extra)


class ReportView(APIView):
    """The dashboard's numbers: key figures beside the previous period's, and every table."""

    @extend_schema(
        summary="Report figures",
        description="The back-office dashboard's figures and tables for a period and filters, "
        "over the briques the caller may report on (moderators: theirs; brique owners: "
        "theirs; admins: all). Counts of tickets link to the staff queue listing them.",
        parameters=[
            _parameter(
                "period",
                OpenApiTypes.STR,
                "A preset, or `custom` with `start` and `end`. Default: 30d.",
                enum=[*PRESETS, "custom"],
            ),
            _parameter("start", OpenApiTypes.DATE, "First day of a custom period."),
            _parameter("end", OpenApiTypes.DATE, "Last day (included) of a custom period."),
            _parameter("brique", OpenApiTypes.INT, "A brique's id (repeatable).", many=True),
            _parameter("school", OpenApiTypes.INT, "A school's id (repeatable).", many=True),
            _parameter("kind", OpenApiTypes.STR, "The ticket kind.", enum=TicketKind.values),
            _parameter(
                "priority", OpenApiTypes.INT, "1 (critical) to 4 (low).", enum=Priority.values
            ),
            _parameter("category", OpenApiTypes.INT, "A category's id."),
            _parameter(
                "public", OpenApiTypes.STR, "The requester's public.", enum=Affiliation.values
            ),
        ],
        responses={200: ReportSerializer, **error_responses(400, 401, 403, 404, 429)},
    )
    def get(self, request):
        if not may_see_reports(request.user):
            raise exceptions.PermissionDenied()
        form = ReportFilterForm(request.query_params, user=request.user)
        try:
            form.check_reach()
        except OutOfReach:
            raise exceptions.NotFound() from None
        if not form.is_valid():
            raise exceptions.ValidationError(_form_errors(form))
        dashboard = build_dashboard(replace(form.report_query(), now=timezone.now()))
        return Response(ReportSerializer(report_body(request, dashboard)).data)
