from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def role_required(*codes: str):
    """Logged in (else 302 to login) and holding one of the roles in the current program (else 403)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.audience.has_role(*codes):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def member_required(view):
    """Logged in and a member of some program."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.audience.program_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
