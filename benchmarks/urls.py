"""The site's URLs plus the reference view of the benchmark (never part of the product)."""

from django.urls import include, path

from .views import admin_frame, reference

urlpatterns = [
    path("bench/reference/<str:reference>/", reference, name="bench_reference"),
    # Under the admin's prefix, like every staff screen: the access cache primes /admin/ only.
    path("admin/bench-frame/", admin_frame, name="bench_admin_frame"),
    path("", include("portal.urls")),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
