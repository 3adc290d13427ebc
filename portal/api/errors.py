"""One error shape for every refusal: `{"detail": ..., "code": ..., "errors": [{"field", "code", "message"}]}`."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback


def validation_errors(error: DjangoValidationError) -> list[dict]:
    """A service's ValidationError as a machine-readable list; `field` is blank for errors of the whole request."""
    found = []
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                found.append(
                    {
                        "field": "" if field == "__all__" else field,
                        "code": e.code or "invalid",
                        "message": e.messages[0],
                    }
                )
    else:
        for e in error.error_list:
            found.append(
                {"field": getattr(e, "field", "") or "", "code": e.code or "invalid", "message": e.messages[0]}
            )
    return found


def refused(error: DjangoValidationError, *, status_code=status.HTTP_400_BAD_REQUEST) -> Response:
    errors = validation_errors(error)
    return Response(
        {
            "detail": errors[0]["message"] if len(errors) == 1 else _("The request was refused; see errors."),
            "code": errors[0]["code"] if len(errors) == 1 else "invalid",
            "errors": errors,
        },
        status=status_code,
    )


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        set_rollback()  # a refused request leaves nothing behind (ATOMIC_REQUESTS), as DRF's own handler does
        return refused(exc)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" in response.data:
        detail = response.data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    elif response is not None:  # a serializer's field errors
        errors = [
            {"field": field, "code": getattr(message, "code", "invalid"), "message": str(message)}
            for field, messages in _flatten(response.data)
            for message in messages
        ]
        response.data = {"detail": _("The request was refused; see errors."), "code": "invalid", "errors": errors}
    return response


def _flatten(data, prefix=""):
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            yield from _flatten(value, name)
    elif isinstance(data, list) and data and all(isinstance(x, dict | list) for x in data):
        for i, value in enumerate(data):
            yield from _flatten(value, f"{prefix}[{i}]")
    else:
        yield (
            ("non_field_errors" if prefix in ("", "non_field_errors") else prefix),
            data if isinstance(data, list) else [data],
        )


def api_not_found(request, *args, **kwargs):
    """The last /api/ route: an unknown API path answers JSON in every mode (handler404 is skipped under DEBUG)."""
    return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)


def not_found(request, exception=None):
    """handler404: JSON under /api/ (a client reads `detail`), the portal's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field or dimension code; blank for the request as a whole")
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = ErrorItemSerializer(many=True, required=False)
