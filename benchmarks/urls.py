"""The site's URLs plus the reference view of the benchmark (never part of the product)."""

from django.urls import include, path

from .views import reference

urlpatterns = [
    path("bench/reference/<str:reference>/", reference, name="bench_reference"),
    path("", include("portal.urls")),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
