"""Every error of the API has the same body: status, code, message (and fields for 400)."""

import json

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from helpdesk.policies import ActionNotAllowed
from tests.factories import make_brique

pytestmark = pytest.mark.django_db


def assert_error_body(response, status, code):
    body = response.json()
    assert response.status_code == status, body
    assert body["status"] == status
    assert body["code"] == code
    assert body["message"]
    return body


def test_400_names_the_fields(api_client):
    body = assert_error_body(api_client.get("/api/v1/briques/?status=on-fire"), 400, "invalid")
    assert list(body["fields"]) == ["status"]


def test_400_on_a_blank_name_changes_nothing(token_client):
    client, token, _secret = token_client(scope="read_write")
    response = client.patch(f"/api/v1/tokens/{token.pk}/", {"name": ""}, format="json")
    assert assert_error_body(response, 400, "invalid")["fields"]["name"]
    token.refresh_from_db()
    assert token.name == "Test integration"
    renamed = client.patch(f"/api/v1/tokens/{token.pk}/", {"name": " Moodle "}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Moodle"
    # An empty PATCH (found by schemathesis: was a 500) changes nothing.
    unchanged = client.patch(f"/api/v1/tokens/{token.pk}/", {}, format="json")
    assert unchanged.status_code == 200 and unchanged.json()["name"] == "Moodle"
    assert_error_body(client.get("/api/v1/tokens/?page=99"), 404, "not_found")


def test_400_on_unknown_fields(token_client):
    client, token, _secret = token_client(scope="read_write")
    response = client.patch(
        f"/api/v1/tokens/{token.pk}/", {"name": "Moodle", "scoop": "x"}, format="json"
    )
    assert list(assert_error_body(response, 400, "invalid")["fields"]) == ["scoop"]
    token.refresh_from_db()
    assert token.name == "Test integration"


def test_400_on_invalid_json(token_client):
    client, token, _secret = token_client(scope="read_write")
    response = client.generic(
        "PATCH", f"/api/v1/tokens/{token.pk}/", "{not json", content_type="application/json"
    )
    assert_error_body(response, 400, "parse_error")


def test_413_on_a_huge_body(token_client, settings):
    settings.GUICHET_API_MAX_JSON_BYTES = 100
    client, token, _secret = token_client(scope="read_write")
    body = json.dumps({"name": "x" * 200})
    response = client.generic(
        "PATCH", f"/api/v1/tokens/{token.pk}/", body, content_type="application/json"
    )
    assert_error_body(response, 413, "too_large")
    token.refresh_from_db()
    assert token.name == "Test integration"


def test_400_in_json_when_too_many_files_are_sent_at_once(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.api.test_tickets_requester import signed_in
    from tests.helpdesk.factories import make_desk, submit

    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    desk = make_desk()
    ticket = submit(desk)
    files = [SimpleUploadedFile(f"capture-{i}.txt", b"x") for i in range(4)]
    response = signed_in(desk.requester).post(
        f"/api/v1/tickets/{ticket.reference}/attachments/", {"files": files}, format="multipart"
    )
    body = assert_error_body(response, 400, "invalid")
    assert body["fields"] == {"files": ["Trop de fichiers dans une seule requête : 3 au plus."]}
    assert not ticket.messages.exists()


def test_401_when_not_signed_in(api_client):
    response = api_client.get("/api/v1/tokens/")
    assert_error_body(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"]


def test_404_for_an_unknown_object_and_an_unknown_address(api_client):
    assert_error_body(api_client.get("/api/v1/briques/nothing-here/"), 404, "not_found")
    assert_error_body(api_client.get("/api/v1/no/such/endpoint/"), 404, "not_found")
    # A newline in the address (found by schemathesis: was the site's HTML 404).
    assert_error_body(api_client.get("/api/v1/briques/a%0Ab/"), 404, "not_found")
    assert_error_body(api_client.get("/api/v1/briques/a%0Ab/status/"), 404, "not_found")


def test_405_for_a_method_the_endpoint_does_not_have(api_client):
    make_brique("Moodle")
    response = api_client.put("/api/v1/briques/moodle/", {}, format="json")
    assert_error_body(response, 405, "method_not_allowed")


def test_429_with_retry_after(api_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "2/minute", "token": "2/minute"},
    }
    for _attempt in range(2):
        assert api_client.get("/api/v1/briques/").status_code == 200
    response = api_client.get("/api/v1/briques/")
    assert_error_body(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60


def test_tokens_are_throttled_apart_from_each_other(token_client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/minute", "user": "100/minute", "token": "1/minute"},
    }
    first, _t1, _s1 = token_client()
    second, _t2, _s2 = token_client()
    assert first.get("/api/v1/me/").status_code == 200
    assert first.get("/api/v1/me/").status_code == 429
    assert second.get("/api/v1/me/").status_code == 200


class _Raises(APIView):
    """A stand-in for the ticket endpoints to come: raises what their services raise."""

    permission_classes = []
    error: Exception = Exception("set by as_view")

    def get(self, request):
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (ActionNotAllowed(), 409, "not_allowed_now"),
        (DjangoValidationError({"body": ["Too short."]}), 400, "invalid"),
    ],
)
def test_service_exceptions_become_api_errors(error, status, code):
    view = _Raises.as_view(error=error)
    response = view(APIRequestFactory().get("/api/v1/x/"))
    response.render()
    body = json.loads(response.content)
    assert (response.status_code, body["status"], body["code"]) == (status, status, code)
    if status == 400:
        assert body["fields"] == {"body": ["Too short."]}
