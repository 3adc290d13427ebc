"""API test helpers: a token made through the service, and a client that sends it."""

from django.test import Client
from django_scopes import scopes_disabled

from portal.api.tokens import token_create
from portal.models import ApiToken
from portal.tenancy import audience_for


def make_token(user, program, *, scopes=("read", "write"), days=30, name="test script") -> str:
    with scopes_disabled():
        _token, secret = token_create(
            actor=user,
            audience=audience_for(user, program_id=program.pk),
            name=name,
            scopes=list(scopes),
            days=days,
        )
    return secret


class JsonClient(Client):
    """Sends JSON by default, as an API client does."""

    def post(self, path, data=None, content_type="application/json", **extra):
        return super().post(path, data, content_type=content_type, **extra)

    def patch(self, path, data=None, content_type="application/json", **extra):
        return super().patch(path, data, content_type=content_type, **extra)


def token_client(secret: str, *, language: str | None = None) -> Client:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if language:
        headers["HTTP_ACCEPT_LANGUAGE"] = language
    return JsonClient(**headers)


def token_row(secret: str) -> ApiToken:
    from portal.api.tokens import token_hash

    with scopes_disabled():
        return ApiToken.objects.get(token_hash=token_hash(secret))
