"""One error body for the whole API: `{"status", "code", "message", "fields"?}`.

DRF's own handler does the mapping of its exceptions (and Django's Http404 / PermissionDenied)
and sets `Retry-After` on 429 and `WWW-Authenticate` on 401; this handler adds the project's
exceptions (an action not open in the ticket's state: 409; Django validation errors raised by
services: 400) and reshapes every body.
"""

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.fields import get_error_detail
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This action is not possible in the current state.")
    default_code = "not_allowed_now"


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "too_large"


def _as_api_exception(exc: Exception) -> Exception:
    from helpdesk.policies import ActionNotAllowed

    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, ActionNotAllowed):
        return Conflict(str(exc))
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    # Django refuses a multipart or form body past its limits while DRF parses it; the
    # response would otherwise be the site's HTML 400 page.
    if isinstance(exc, TooManyFilesSent):
        return exceptions.ValidationError(
            {
                "files": [
                    _("Too many files in one request: at most %(count)s.")
                    % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
                ]
            }
        )
    if isinstance(exc, TooManyFieldsSent):
        return exceptions.ValidationError(
            {
                "non_field_errors": [
                    _("Too many fields in one request: at most %(count)s.")
                    % {"count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
                ]
            }
        )
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(detail=get_error_detail(exc))
    return exc


def api_exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a bug, not bad input: let it be a 500 that is logged
    body = {"status": response.status_code}
    if isinstance(exc, exceptions.ValidationError):
        body["code"] = "invalid"
        body["message"] = str(_("The data sent is not valid."))
        detail = response.data
        body["fields"] = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    else:
        detail = getattr(exc, "detail", None)
        body["code"] = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body["message"] = str(detail) if detail is not None else str(exc)
    response.data = body
    return response


@extend_schema_field(
    {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "object", "additionalProperties": True},
        ]
    }
)
class FieldErrors(serializers.JSONField):
    """One field's errors: its messages, or (a list or an object sent) each item's errors."""


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.CharField(
        help_text="A stable machine-readable code: invalid, not_authenticated, "
        "authentication_failed, permission_denied, not_found, method_not_allowed, "
        "not_allowed_now, too_large, throttled, parse_error…"
    )
    message = serializers.CharField(help_text="A human-readable explanation, translated.")
    fields = serializers.DictField(
        child=FieldErrors(),
        required=False,
        help_text="400 only: the errors of each field sent (a list of messages; for a list or "
        "an object sent, the errors of each item or key the same way).",
    )


_ERROR_DESCRIPTIONS = {
    400: "Invalid input: see `fields`.",
    401: "Missing, invalid, revoked or expired credentials.",
    403: "Signed in, but not allowed (e.g. a read-only token on a write).",
    404: "No such object, or not visible to you.",
    409: "The action is not possible in the object's current state.",
    413: "The request body is too large.",
    429: "Too many requests: retry after the `Retry-After` header's seconds.",
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Schema entries for the error responses an endpoint can give."""
    return {
        code: OpenApiResponse(response=ErrorSerializer, description=_ERROR_DESCRIPTIONS[code])
        for code in codes
    }
