"""drf-spectacular hooks and extensions: only /api/v1/ in the schema, and a description of
the two authentication classes of our own."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


def only_guichet_api(endpoints, **kwargs):
    """Wagtail ships DRF views of its own (admin API): keep them out of our schema."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.ApiTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal API token, created in your profile: `Token <secret>`.",
        }


class OIDCBearerScheme(OpenApiAuthenticationExtension):
    target_class = "portal.api.authentication.OIDCBearerAuthentication"
    name = "oidcBearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An access token of the group's OpenID Connect provider.",
        }
