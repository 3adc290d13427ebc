import contextlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from portal import permissions
from portal.models import Invitation, Membership, Program, Role
from portal.models.programs import hash_token
from portal.notifications.links import absolute_url
from portal.notifications.service import Recipient, notify
from portal.services.audit import audit_record


def invitation_create(
    *, audience, actor, email: str, role: Role, firm=None, by_firm: bool = False
) -> tuple[Invitation, str]:
    """Invite a person by email into a role of the audience's program. Returns the invitation and its link.

    Staff invite anyone; with `by_firm`, a firm user invites a colleague into her own firm (and nothing else).
    """
    allowed = permissions.can_invite(audience) or (
        by_firm and role.needs_firm and firm is not None and permissions.can_invite_to_firm(audience, firm.pk)
    )
    if not allowed:
        raise PermissionDenied
    email = email.strip().lower()
    if role.needs_firm and firm is None:
        raise ValidationError({"firm": _("A firm user must be tied to a firm.")})
    if not role.needs_firm and firm is not None:
        raise ValidationError({"firm": _("Only firm users are tied to a firm.")})
    if firm is not None and firm.program_id != audience.program_id:
        raise ValidationError({"firm": _("Choose a firm of this program.")})
    if Membership.objects.filter(user__email__iexact=email, role=role, firm=firm, is_active=True).exists():
        raise ValidationError({"email": _("This person already has this role in the program.")})
    token = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                program_id=audience.program_id,
                email=email,
                role=role,
                firm=firm,
                token_hash=hash_token(token),
                invited_by=actor,
                expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
            )
    except IntegrityError:
        raise ValidationError({"email": _("An open invitation for this person and role already exists.")}) from None
    audit_record(
        program_id=audience.program_id,
        actor=actor,
        action="invitation.create",
        target=invitation,
        data={"role": role.code, "firm": firm.pk if firm else None},
    )
    program = Program.objects.get(pk=audience.program_id)
    path = reverse("invitation_accept", kwargs={"program_code": program.code, "token": token})
    link = absolute_url(path)
    # in the inviter's language (the invitee's is not known yet); the link is never stored (secret_context)
    language = get_language() or settings.LANGUAGE_CODE
    with override(language):
        context = {
            "program": str(program.name),
            "role": str(role.name),
            "expires": invitation.expires_at.astimezone(timezone.get_current_timezone()).strftime("%d.%m.%Y"),
        }
    notify(
        kind="portal.invitation",
        recipients=[Recipient(email=email, language=language[:2])],
        obj=invitation,
        context=context,
        secret_context={"link": link},
    )
    return invitation, link


def invitation_get_open(*, token: str) -> Invitation | None:
    invitation = Invitation.objects.filter(token_hash=hash_token(token)).select_related("role", "firm").first()
    return invitation if invitation and invitation.is_open else None


def invitation_accept(*, invitation: Invitation, user=None, full_name: str = "", password: str = ""):
    """Accept an open invitation: as the logged-in user with that email, or by creating her account."""
    User = get_user_model()
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open:
        raise ValidationError(_("This invitation has already been used or has expired."))
    if user is None:
        existing = User.objects.filter(email__iexact=locked.email).first()
        if existing is not None and existing.has_usable_password():
            raise ValidationError(_("An account with this email exists: log in first, then open the link again."))
        if existing is not None:  # made for her at selection; she sets her password now
            existing.set_password(password)
            existing.full_name = full_name or existing.full_name
            existing.save(update_fields=["password", "full_name"])
            user = existing
        else:
            user = User.objects.create_user(email=locked.email, password=password, full_name=full_name)
    elif user.email.lower() != locked.email.lower():
        raise PermissionDenied
    membership, _created = Membership.objects.get_or_create(
        program_id=locked.program_id, user=user, role=locked.role, firm=locked.firm, defaults={"is_active": True}
    )
    if not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    locked.accepted_at = timezone.now()
    locked.accepted_by = user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(program_id=locked.program_id, actor=user, action="invitation.accept", target=locked)
    return user, membership


def invitation_revoke(*, audience, actor, invitation: Invitation) -> None:
    if not permissions.can_invite(audience):
        raise PermissionDenied
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(program_id=invitation.program_id, actor=actor, action="invitation.revoke", target=invitation)


def person_invite_selected(*, audience, actor, email: str, full_name: str, role_code: str):
    """A selected ambassador or operator: her account (no password yet) and an invitation to set one.

    The account exists at once so her trainee record can point at it; she sets her password from the email.
    """
    User = get_user_model()
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    role = Role.objects.get(code=role_code)
    if not Membership.objects.filter(user=user, role=role, program_id=audience.program_id).exists():
        with contextlib.suppress(ValidationError):  # an open invitation already exists: it stays valid
            invitation_create(audience=audience, actor=actor, email=email, role=role)
    return user
