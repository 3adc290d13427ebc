from django.http import JsonResponse
from django.utils.translation import gettext as _

from portal.api.tokens import token_authenticate, token_record_use

API_PREFIX = "/api/"


class ApiTokenMiddleware:
    """`Authorization: Bearer <token>` on an /api/ path: the token's owner becomes the request's user and its
    program the audience's program, so TenancyMiddleware resolves the tenant exactly as for a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header or not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        kind, _sep, secret = header.partition(" ")
        token = token_authenticate(secret.strip()) if kind.lower() in ("bearer", "token") else None
        if token is None:
            response = JsonResponse(
                {"detail": _("The token is missing, invalid, expired or revoked."), "code": "invalid_token"},
                status=401,
            )
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        request.user = token.user
        request.api_token = token
        response = self.get_response(request)
        token_record_use(
            token=token,
            method=request.method,
            path=request.get_full_path(),
            status=response.status_code,
            ip=request.META.get("REMOTE_ADDR"),
        )
        return response
