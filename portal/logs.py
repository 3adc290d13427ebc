"""Structured logs: every line says which request (or job) it belongs to, as JSON in production.

`RequestIdMiddleware` takes the proxy's `X-Request-ID` (or makes one), keeps it for the request and answers with
it; a job remembers the id of the request that asked for it, so its worker's lines carry the same id and the
job's own. `ContextFilter` puts both on every record; `JsonFormatter` writes one JSON object per line.
"""

import contextvars
import json
import logging
import re
import uuid
from contextlib import contextmanager

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
job_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("job_id", default=None)

# what we accept from a proxy: short and plain, so nobody can inject log lines or markup through the header
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextmanager
def log_context(*, request_id: str = "", job_id: int | None = None):
    """Lines logged inside carry this request id and job id (a task, a management command)."""
    tokens = (request_id_var.set(request_id or request_id_var.get()), job_id_var.set(job_id))
    try:
        yield
    finally:
        request_id_var.reset(tokens[0])
        job_id_var.reset(tokens[1])


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _VALID_ID.match(incoming) else new_request_id()
        token = request_id_var.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class ContextFilter(logging.Filter):
    """Adds request_id and job_id to every record (empty outside a request or job)."""

    def filter(self, record):
        if not getattr(record, "request_id", ""):
            # Django logs a 4xx/5xx after the middleware has returned, with the request attached to the record
            record.request_id = getattr(getattr(record, "request", None), "request_id", "") or request_id_var.get()
        if getattr(record, "job_id", None) is None:
            record.job_id = job_id_var.get()
        return True


class QuietClientErrors(logging.Filter):
    """A 403 or 404 is an ordinary answer, not an incident: keep the line, drop the traceback."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
            "job_id": getattr(record, "job_id", None),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s%(job_suffix)s] %(message)s")

    def format(self, record):
        record.job_suffix = f" job {record.job_id}" if getattr(record, "job_id", None) else ""
        if not hasattr(record, "request_id"):
            record.request_id = ""
        return super().format(record)


def configure_celery_handlers(logger) -> None:
    """Celery sets up its own handlers in a worker; give them our filter and format (celery.signals)."""
    from django.conf import settings

    for handler in logger.handlers:
        handler.addFilter(ContextFilter())
        handler.setFormatter(JsonFormatter() if settings.LOG_FORMAT == "json" else TextFormatter())
