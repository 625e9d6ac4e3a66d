"""The caller's own personal tokens: list them, revoke one (a token can revoke itself, e.g.
when an integration is retired). Tokens are created only on the profile page, signed in."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from ..models import ApiToken
from ..services.api_tokens import rename_api_token, revoke_api_token
from .errors import error_responses
from .serializers import RejectUnknownFieldsMixin


class ApiTokenSerializer(RejectUnknownFieldsMixin, serializers.ModelSerializer):
    is_usable = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "scope",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
            "is_usable",
        ]
        read_only_fields = [field for field in fields if field != "name"]


@extend_schema_view(
    list=extend_schema(
        summary="My API tokens",
        responses={200: ApiTokenSerializer, **error_responses(401, 404, 429)},
    ),
    partial_update=extend_schema(
        summary="Rename one of my API tokens",
        responses={200: ApiTokenSerializer, **error_responses(400, 401, 403, 404, 413, 429)},
    ),
    destroy=extend_schema(
        summary="Revoke one of my API tokens",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    ),
)
class ApiTokenViewSet(
    mixins.ListModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ApiTokenSerializer
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user
            return ApiToken.objects.none()
        # Another person's token does not exist for the caller: 404.
        return ApiToken.objects.filter(user=self.request.user)

    def perform_update(self, serializer):
        if "name" in serializer.validated_data:  # a PATCH without it changes nothing
            rename_api_token(serializer.instance, serializer.validated_data["name"])

    def destroy(self, request, *args, **kwargs):
        revoke_api_token(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField(source="get_full_name")
    email = serializers.EmailField()
    authentication = serializers.SerializerMethodField(
        help_text="How this request was authenticated: token, bearer or session."
    )

    def get_authentication(self, user) -> str:
        return self.context["authentication"]
