from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class RejectUnknownFieldsMixin:
    """A client that sends a field the endpoint does not know made a mistake (a typo, an
    outdated client): say so with a 400 instead of silently ignoring it."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        return super().to_internal_value(data)
