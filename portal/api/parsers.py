from django.conf import settings
from rest_framework.parsers import JSONParser

from .errors import PayloadTooLarge


class LimitedJSONParser(JSONParser):
    """DRF reads a JSON body from the request stream, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE:
    refuse (413) a body larger than GUICHET_API_MAX_JSON_BYTES before reading it whole."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.GUICHET_API_MAX_JSON_BYTES
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise PayloadTooLarge()
        return super().parse(stream, media_type, parser_context)
