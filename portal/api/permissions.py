"""Who may call the API at all; what she may do there is decided by each app's own permission predicates."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from portal.models import ApiToken


class IsMember(BasePermission):
    """A signed-in member of a program; a token also needs the `write` scope for anything but reading."""

    message = _("You are not a member of a programme, or this token lacks the scope for this request.")

    def has_permission(self, request, view):
        audience = getattr(request._request, "audience", None)
        if not request.user.is_authenticated or audience is None or audience.program_id is None:
            return False
        token = request.auth if isinstance(request.auth, ApiToken) else None
        if token is None:
            return True
        needed = ApiToken.Scope.READ if request.method in SAFE_METHODS else ApiToken.Scope.WRITE
        return token.has_scope(needed)


class HasRole(IsMember):
    """A member holding one of `view.roles` in the token's (or session's) program."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request._request.audience.has_role(*view.roles)
