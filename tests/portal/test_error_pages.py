"""Server errors answer with a page that says what to do and leaks nothing."""

import pytest
from django.test import Client
from django.urls import path

from portal.urls import urlpatterns as site_urls


def _boom(request):
    raise RuntimeError("secret-internal-detail from the database layer")


urlpatterns = [path("boom/", _boom), *site_urls]
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"


@pytest.mark.urls("tests.portal.test_error_pages")
def test_server_error_page_is_french_and_leaks_nothing(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fr">' in html and "Une erreur est survenue" in html
    assert "secret-internal-detail" not in html and "Traceback" not in html
