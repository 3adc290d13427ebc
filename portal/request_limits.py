"""What a request may carry at all, judged before any view reads it: its size, and no NUL character in a query or
form value (no field of the portal holds one, and PostgreSQL refuses them in text: a 500 there, not a form error)."""

from django.conf import settings
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than MAX_REQUEST_BYTES (413) before anything reads it: no 300 MB
    "workbook" is spooled to disk, parsed or stored. Django's own limits cover the rest: DATA_UPLOAD_MAX_MEMORY_SIZE
    for form fields, FILE_UPLOAD_MAX_MEMORY_SIZE for what stays in memory; each upload keeps its own, smaller limit
    (validate_upload)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = _("The upload is too large (%(size)s): the limit is %(limit)s.") % {
                "size": filesizeformat(length),
                "limit": filesizeformat(limit),
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class NulCharacterMiddleware:
    """400 for a NUL character in the query string or a posted form value (files are not looked at)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            return HttpResponse(
                _("The request contains a character that is not allowed."),
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in data.lists())
