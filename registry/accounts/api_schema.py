"""How the OpenAPI schema describes API-key authentication (a bearer token)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "registry.accounts.api_auth.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "mcr_<prefix>_<secret>",
            "description": (
                "An API key from the institution portal's API keys page, sent as "
                "`Authorization: Bearer mcr_...` (or in an `X-Api-Key` header). Writes need "
                "the key's `write` scope."
            ),
        }
