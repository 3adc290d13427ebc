from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication


class ApiTokenAuthentication(BaseAuthentication):
    """The token was checked by portal.api.middleware.ApiTokenMiddleware (before tenancy); DRF only learns of it."""

    def authenticate(self, request):
        token = getattr(request._request, "api_token", None)
        return None if token is None else (token.user, token)

    def authenticate_header(self, request):
        return 'Bearer realm="api"'  # makes DRF answer 401, not 403, when no credentials came


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "kip_…"}
