from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models import ApiToken
from .errors import error_responses
from .tokens import MeSerializer


class MeView(APIView):
    """Who the API sees: handy to check a token or an access token."""

    @extend_schema(summary="Who am I", responses={200: MeSerializer, **error_responses(401, 429)})
    def get(self, request):
        if isinstance(request.auth, ApiToken):
            how = "token"
        elif isinstance(request.auth, str):
            how = "bearer"
        else:
            how = "session"
        return Response(MeSerializer(request.user, context={"authentication": how}).data)
