from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from portal.models import Program
from portal.tenancy import audience_for, program_scope

SESSION_PROGRAM_KEY = "program_id"


class TenancyMiddleware:
    """Computes the audience and runs the whole request (view and template) inside its program's scope."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        user = request.user
        token = getattr(request, "api_token", None)  # portal.api.middleware: a token names its own program
        program_id = token.program_id if token is not None else request.session.get(SESSION_PROGRAM_KEY)
        request.audience = audience_for(user, program_id=program_id)
        if request.path.startswith(self.admin_prefix) and user.is_authenticated and user.is_staff:
            # The admin site is for platform operators (is_staff), who look after every program.
            with scopes_disabled():
                return self.get_response(request)
        program_id = request.audience.program_id
        public_code = _public_program_code(request.path_info)
        if public_code is not None:
            request.public_program = Program.objects.filter(code=public_code).first()
            program_id = request.public_program.pk if request.public_program else None
        with program_scope(program_id):
            return self.get_response(request)


def _public_program_code(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if getattr(match.func, "public_program_view", False):
        return match.kwargs.get("program_code", "")
    return None


class RequireMfaMiddleware:
    """Staff, finance, M&E and assessor roles (Role.requires_mfa) may not use the portal without TOTP."""

    allowed_prefixes = ("/accounts/", "/i18n/", "/static/", "/healthz/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.user.is_authenticated
            and request.audience.requires_mfa
            and not request.path.startswith(self.allowed_prefixes)
            and not _has_totp(request.user)
        ):
            if request.path.startswith("/api/"):
                # a program cannot follow a redirect to the second-factor page: say what is wrong
                message = _("Your role requires a second factor: turn on two-factor authentication in the portal.")
                return JsonResponse({"detail": message, "code": "mfa_required"}, status=403)
            return redirect(f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
