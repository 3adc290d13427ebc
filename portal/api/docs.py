"""The schema (OpenAPI 3, JSON or YAML) and its human pages: Swagger UI vendored under static/, no inline script
(the portal's Content-Security-Policy forbids it), open to anyone: the schema holds no data."""

from django.shortcuts import render
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]
    throttle_classes = []


def swagger_ui(request):
    return render(request, "portal/api/docs.html")


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": "string", "description": "field or dimension code; blank: the whole request"},
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                },
                "required": ["field", "code", "message"],
            },
        },
    },
    "required": ["detail", "code"],
}
COMMON_ERRORS = {
    "400": "The request was refused (invalid parameters or body); `errors` lists each problem.",
    "401": "No token, or the token is invalid, expired or revoked.",
    "403": "The token's owner may not do this, or the token lacks the `write` scope.",
    "404": "Missing, or not visible to the token's owner (the same answer for both).",
    "409": "The Idempotency-Key was used for a different request.",
    "429": "Too many requests; wait for the seconds in `Retry-After`.",
}


def add_common_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents the portal's one error shape."""
    result.setdefault("components", {}).setdefault("schemas", {})["ApiError"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/ApiError"}
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            for code, description in COMMON_ERRORS.items():
                if code == "409" and method != "post":
                    continue
                if path.startswith("/api/v1/") or code in {"404", "429"}:
                    responses.setdefault(
                        code, {"description": description, "content": {"application/json": {"schema": ref}}}
                    )
    return result
