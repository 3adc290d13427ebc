"""The portal's 400/403/404/500 pages: branded, Turkish and English, with the EU footer.

Rendered without a request context on purpose — a 500 may come from a context processor or a half-set-up
request, so the page must need nothing but the template and the request id the person can quote."""

from django.http import HttpResponse
from django.template import loader

from portal.logs import request_id_var


def _page(status: int):
    def view(request, exception=None):
        body = loader.get_template(f"{status}.html").render({"request_id": request_id_var.get()})
        return HttpResponse(body, status=status)

    view.__name__ = f"error_{status}"
    return view


bad_request = _page(400)
permission_denied = _page(403)
page_not_found = _page(404)
server_error = _page(500)
