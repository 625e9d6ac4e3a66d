"""Server errors answer with a page that says what to do and leaks nothing."""

import pytest
from django.core.exceptions import PermissionDenied, TooManyFilesSent
from django.test import Client
from django.urls import path

from portal import urls as site


def _boom(request):
    raise RuntimeError("secret-internal-detail from the database layer")


def _too_many_files(request):
    raise TooManyFilesSent("The number of files exceeded settings.DATA_UPLOAD_MAX_NUMBER_FILES.")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    path("boom/", _boom),
    path("too-many-files/", _too_many_files),
    path("forbidden/", _forbidden),
    *site.urlpatterns,
]
# This module is the URL configuration of these tests: the site's own error handlers.
handler400, handler403 = site.handler400, site.handler403
handler404, handler500 = site.handler404, site.handler500


@pytest.mark.urls("tests.portal.test_error_pages")
def test_a_request_django_refuses_gets_the_sites_own_french_400_page(db, settings):
    settings.DEBUG = False
    response = Client().post("/too-many-files/")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Requête incompréhensible" in html and 'id="main"' in html
    assert "viewflow" not in html and "DATA_UPLOAD" not in html


@pytest.mark.urls("tests.portal.test_error_pages")
def test_a_refusal_gets_the_sites_own_french_403_page(db, settings):
    settings.DEBUG = False
    response = Client().get("/forbidden/")
    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()
    assert "viewflow" not in response.content.decode()


@pytest.mark.urls("tests.portal.test_error_pages")
def test_server_error_page_is_french_and_leaks_nothing(db, settings):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="fr">' in html and "Une erreur est survenue" in html
    assert "secret-internal-detail" not in html and "Traceback" not in html
