"""Personal access tokens: created by a person for herself in one program, shown once, stored hashed.

A token stands for its owner in its program: the request is resolved by the same TenancyMiddleware as a
session, so the API sees exactly what she sees in the portal. Every use is written to the audit trail.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.models import ApiToken, Membership
from portal.services.audit import audit_record
from portal.tenancy import program_scope

TOKEN_PREFIX = "kip_"
PREFIX_LENGTH = 12


def token_hash(secret: str) -> str:
    # the secret has 256 bits of entropy: a plain SHA-256 is enough (no slow hash needed, unlike passwords)
    return hashlib.sha256(secret.encode()).hexdigest()


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


@transaction.atomic
def token_create(*, actor, audience, name: str, scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """Her token for the program she is in now. Returns the row and the secret, which is never shown again."""
    if audience.program_id is None or audience.user_id != actor.pk:
        raise PermissionDenied
    if audience.requires_mfa and not has_totp(actor):
        raise ValidationError(
            _("Your role requires a second factor: turn on two-factor authentication before creating a token."),
            code="mfa_required",
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the tool that will use it.")})
    unknown = set(scopes) - set(ApiToken.Scope.values)
    if not scopes or unknown:
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {"days": _("A token lives from 1 to %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS}}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        program_id=audience.program_id,
        user=actor,
        name=name[:100],
        prefix=secret[:PREFIX_LENGTH],
        token_hash=token_hash(secret),
        scopes=sorted(set(scopes)),
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(
        program_id=token.program_id,
        actor=actor,
        action="api.token_create",
        target=token,
        data={"name": token.name, "scopes": token.scopes, "expires_at": token.expires_at.isoformat()},
    )
    return token, secret


def token_can_revoke(audience, token: ApiToken) -> bool:
    """Her own tokens; programme staff any token of their program."""
    return token.user_id == audience.user_id or audience.has_role(roles.STAFF)


@transaction.atomic
def token_revoke(*, actor, audience, token: ApiToken) -> ApiToken:
    if not token_can_revoke(audience, token):
        raise PermissionDenied
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=actor
        )
        token.refresh_from_db()
        audit_record(
            program_id=token.program_id,
            actor=actor,
            action="api.token_revoke",
            target=token,
            data={"owner": token.user_id},
        )
    return token


def token_list_for_user(*, audience):
    """Her tokens in the current program, newest first."""
    return ApiToken.objects.filter(program_id=audience.program_id, user_id=audience.user_id)


def token_list_for_program(*, audience):
    """Every token of the program, for its staff (who may revoke them)."""
    if not audience.has_role(roles.STAFF):
        raise PermissionDenied
    return ApiToken.objects.filter(program_id=audience.program_id).select_related("user")


def token_get_for_user(*, audience, pk) -> ApiToken:
    """Hers, or any of the program's for staff; 404 for missing and not hers alike."""
    tokens = ApiToken.objects.filter(program_id=audience.program_id)
    if not audience.has_role(roles.STAFF):
        tokens = tokens.filter(user_id=audience.user_id)
    token = tokens.filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The live token of an active member with this secret, or None (unknown, expired, revoked, member left)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.with_scopes_disabled()
        .select_related("user")
        .filter(token_hash=token_hash(secret), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    member = (
        Membership.objects.with_scopes_disabled()
        .filter(user_id=token.user_id, program_id=token.program_id, is_active=True)
        .exists()
    )
    return token if member else None


def token_record_use(*, token: ApiToken, method: str, path: str, status: int, ip: str | None) -> None:
    """Every request made with a token lands in the program's audit trail, attributed to its owner."""
    with program_scope(token.program_id), transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        audit_record(
            program_id=token.program_id,
            actor=token.user,
            action="api.request",
            target=token,
            data={"method": method, "path": path[:300], "status": status, "ip": ip},
        )
