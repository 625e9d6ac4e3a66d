"""The briques and their status: public information, readable without signing in."""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ..models import BriquePage, BriqueStatus
from .errors import error_responses
from .permissions import TokenScope


class BriqueStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=BriqueStatus.choices)
    label = serializers.CharField(source="get_status_display", help_text="Translated.")
    message = serializers.CharField(source="status_message", allow_blank=True)
    start = serializers.DateTimeField(source="status_start", allow_null=True)
    end = serializers.DateTimeField(source="status_end", allow_null=True)
    is_current = serializers.BooleanField(
        source="status_is_current",
        help_text="False when operational, or when a planned period is over.",
    )
    updated = serializers.DateTimeField(source="last_published_at", allow_null=True)


class ResponsibleSerializer(serializers.Serializer):
    team = serializers.CharField(source="owner_team", allow_blank=True)
    owner_name = serializers.SerializerMethodField()
    contact_email = serializers.EmailField(allow_blank=True)

    def get_owner_name(self, brique) -> str:
        return brique.brique_owner.get_full_name() if brique.brique_owner else ""


class BriqueSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The brique's page on the site.")
    audiences = serializers.ListField(child=serializers.CharField(), read_only=True)
    status = BriqueStatusSerializer(source="*")
    responsible = ResponsibleSerializer(source="*")

    class Meta:
        model = BriquePage
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "url",
            "service_url",
            "audiences",
            "status",
            "responsible",
        ]

    def get_url(self, brique) -> str:
        request = self.context.get("request")
        url = brique.get_url(request=request) or ""
        return request.build_absolute_uri(url) if request and url.startswith("/") else url


class BriqueFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=BriqueStatus.choices, help_text="Only this status.")

    class Meta:
        model = BriquePage
        fields = ["status"]


@extend_schema_view(
    list=extend_schema(
        summary="List the briques",
        responses={200: BriqueSerializer, **error_responses(400, 401, 404, 429)},
    ),
    retrieve=extend_schema(
        summary="One brique",
        responses={200: BriqueSerializer, **error_responses(401, 404, 429)},
    ),
)
class BriqueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The group's briques (shared digital services), by title, with their current status."""

    serializer_class = BriqueSerializer
    # Public information: anyone may read it (the viewset has no write method at all).
    permission_classes = [AllowAny, TokenScope]
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = BriqueFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # .public() reads the restrictions
            return BriquePage.objects.none()
        return (
            BriquePage.objects.live()
            .public()
            .select_related("brique_owner")
            .order_by("title", "pk")
        )

    @extend_schema(
        summary="A brique's current status",
        responses={200: BriqueStatusSerializer, **error_responses(401, 404, 429)},
    )
    @action(detail=True, methods=["get"], serializer_class=BriqueStatusSerializer)
    def status(self, request, slug=None):
        return Response(BriqueStatusSerializer(self.get_object()).data)
