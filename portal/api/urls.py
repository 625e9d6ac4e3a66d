"""/api/v1/: every endpoint of the API, the OpenAPI schema and its documentation page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.exceptions import NotFound
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from helpdesk.api import views as helpdesk_api
from helpdesk.api.reports import ReportView
from knowledge.api.views import ArticleViewSet

from ..status_feeds import AllBriquesStatusFeed, BriqueStatusFeed
from .briques import BriqueViewSet
from .me import MeView
from .tokens import ApiTokenViewSet

app_name = "api"

router = SimpleRouter()
router.register("briques", BriqueViewSet, basename="brique")
router.register("articles", ArticleViewSet, basename="article")
router.register("tokens", ApiTokenViewSet, basename="token")
router.register("tickets", helpdesk_api.TicketViewSet, basename="ticket")
router.register("staff/queues", helpdesk_api.QueueViewSet, basename="queue")
router.register(
    r"staff/queues/(?P<slug>[-\w]+)/tickets", helpdesk_api.QueueTicketViewSet, "queue-ticket"
)
router.register("staff/tickets", helpdesk_api.StaffTicketViewSet, basename="staff-ticket")
router.register("staff/problems", helpdesk_api.ProblemViewSet, basename="problem")


class UnknownEndpoint(APIView):
    """Any other address under /api/v1/: a JSON 404, not the site's HTML page."""

    permission_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound()


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("me/", MeView.as_view(), name="me"),
    path("staff/reports/", ReportView.as_view(), name="reports"),
    path("status/feed/", AllBriquesStatusFeed(), name="status-feed"),
    path("briques/<slug:slug>/status/feed/", BriqueStatusFeed(), name="brique-status-feed"),
    path("", include(router.urls)),
    # [\s\S]: a newline (%0A) in the address is still under /api/v1/, still a JSON 404 (not
    # "(?s)", which Django cannot reverse: every reverse() of the site would fail).
    re_path(r"^[\s\S]*$", UnknownEndpoint.as_view(), name="unknown"),
]
