"""Absolute links in what we send: from the request when there is one, from SITE_URL in background work."""

from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model

_request_base: ContextVar[str] = ContextVar("notification_base_url", default="")


def base_url() -> str:
    return (_request_base.get() or settings.SITE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    return base_url() + path if path.startswith("/") else path


class RequestBaseUrlMiddleware:
    """Remembers this request's scheme and host for links written while it runs; keeps the person's language.

    Also records the language she chose with the switcher on her account, so emails and SMS written to her
    later (by background work) use it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_base.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            user = getattr(request, "user", None)
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if (
                user is not None
                and user.is_authenticated
                and chosen in dict(settings.LANGUAGES)
                and getattr(user, "language", chosen) != chosen
            ):
                get_user_model().objects.filter(pk=user.pk).update(language=chosen)
                user.language = chosen
            return self.get_response(request)
        finally:
            _request_base.reset(token)
