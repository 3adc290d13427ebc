"""Trainees and their personal data."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.notifications import recipients
from portal.notifications.service import notify
from portal.pii import normalize_iban, normalize_tckn, pii_hash
from portal.services.audit import audit_record
from portal.services.pii import pii_reveal
from training import permissions
from training.models import (
    Track,
    Trainee,
)
from training.validators import normalize_phone

from .access import _require_staff


def _personal_fields(*, program_id: int, tckn: str, iban: str, phone: str, exclude_pk=None) -> dict:
    fields, errors = {}, {}
    tckn, iban, phone = (tckn or "").strip(), (iban or "").strip(), (phone or "").strip()
    fields["tckn"] = fields["tckn_hash"] = ""
    if tckn:
        try:
            fields["tckn"] = normalize_tckn(tckn)
        except ValidationError as error:
            errors["tckn"] = error.messages
        else:
            fields["tckn_hash"] = pii_hash("tckn", fields["tckn"])
            if (
                Trainee.objects.filter(program_id=program_id, tckn_hash=fields["tckn_hash"])
                .exclude(pk=exclude_pk)
                .exists()
            ):
                errors["tckn"] = [_("Another trainee of this programme has this identity number.")]
    fields["iban"] = fields["iban_hash"] = ""
    if iban:
        try:
            fields["iban"] = normalize_iban(iban)
        except ValidationError as error:
            errors["iban"] = error.messages
        else:
            fields["iban_hash"] = pii_hash("iban", fields["iban"])
    fields["phone"] = ""
    if phone:
        try:
            fields["phone"] = normalize_phone(phone)
        except ValidationError as error:
            errors["phone"] = error.messages
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def trainee_create(
    *, program, user, track: str, province, actor, tckn: str = "", iban: str = "", phone: str = ""
) -> Trainee:
    """The trainee record of a selected ambassador or operator. Idempotent for (program, user): a second call
    returns the existing record unchanged (personal data is then changed with trainee_personal_data_update).

    Called by the selection engine inside the program's scope; the caller decides who is selected.
    """
    existing = Trainee.objects.filter(program_id=program.pk, user_id=user.pk).first()
    if existing is not None:
        return existing
    if track not in Track.values:
        raise ValidationError({"track": _("Choose a track.")})
    fields = _personal_fields(program_id=program.pk, tckn=tckn, iban=iban, phone=phone)
    trainee = Trainee(program=program, user=user, track=track, province=province, **fields)
    try:
        with transaction.atomic():
            trainee.save()
    except IntegrityError:
        existing = Trainee.objects.filter(program_id=program.pk, user_id=user.pk).first()
        if existing is not None:  # created meanwhile by a concurrent call
            return existing
        raise ValidationError({"tckn": _("Another trainee of this programme has this identity number.")}) from None
    audit_record(
        program_id=program.pk,
        actor=actor,
        action="trainee.create",
        target=trainee,
        data={"track": track, "personal_data": sorted(k for k in ("tckn", "iban", "phone") if fields[k])},
    )
    return trainee


PERSONAL_FIELDS = ("tckn", "iban", "phone")


@transaction.atomic
def trainee_personal_data_update(
    *,
    trainee: Trainee,
    actor,
    tckn: str = "",
    iban: str = "",
    phone: str = "",
    remove: tuple = (),
    removal_reason: str = "",
) -> Trainee:
    """Staff set or correct a trainee's identity number, IBAN and phone. A blank field keeps what is stored: a value
    is removed only when asked for by name (`remove`) with a reason. The audit names fields, never values."""
    _require_staff(actor, trainee.program_id)
    remove = tuple(name for name in remove if name in PERSONAL_FIELDS)
    removal_reason = (removal_reason or "").strip()
    if remove and not removal_reason:
        raise ValidationError({"removal_reason": _("Say why the value is removed.")})
    locked = Trainee.objects.select_for_update().get(pk=trainee.pk)
    given = {"tckn": tckn, "iban": iban, "phone": phone}
    parsed = _personal_fields(program_id=locked.program_id, exclude_pk=locked.pk, **given)
    updates = {}
    for name in PERSONAL_FIELDS:
        if name in remove:
            updates[name] = ""
            if name != "phone":
                updates[f"{name}_hash"] = ""
        elif (given[name] or "").strip():
            updates[name] = parsed[name]
            if name != "phone":
                updates[f"{name}_hash"] = parsed[f"{name}_hash"]
    changed = [name for name in PERSONAL_FIELDS if name in updates and (getattr(locked, name) or "") != updates[name]]
    if not changed:
        return locked
    for name, value in updates.items():
        setattr(locked, name, value)
    if "iban" in changed:
        locked.iban_changed_at = timezone.now()
        updates["iban_changed_at"] = locked.iban_changed_at
    try:
        with transaction.atomic():
            locked.save(update_fields=list(updates))
    except IntegrityError:
        raise ValidationError({"tckn": _("Another trainee of this programme has this identity number.")}) from None
    audit_record(
        program_id=locked.program_id,
        actor=actor,
        action="trainee.personal_data",
        target=locked,
        data={"fields": changed, "removed": [n for n in remove if n in changed], "reason": removal_reason[:300]},
    )
    return locked


@transaction.atomic
def trainee_iban_set_own(*, trainee: Trainee, actor, iban: str, attested: bool) -> Trainee:
    """She gives (or changes) the account her stipend is paid to, from her own page. Checksum-validated, encrypted
    as every IBAN; the change is audited (no value in the log) and flagged on the next payment run."""
    if trainee.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    errors = {}
    if not attested:
        errors["attested"] = _("Confirm that the account is in your own name.")
    try:
        compact = normalize_iban(iban)
    except ValidationError as error:
        errors["iban"] = error.messages
    if errors:
        raise ValidationError(errors)
    locked = Trainee.objects.select_for_update().get(pk=trainee.pk)
    if locked.iban == compact:
        return locked
    first = not locked.iban
    locked.iban, locked.iban_hash, locked.iban_changed_at = compact, pii_hash("iban", compact), timezone.now()
    locked.save(update_fields=["iban", "iban_hash", "iban_changed_at"])
    audit_record(
        program_id=locked.program_id,
        actor=actor,
        action="trainee.iban_own",
        target=locked,
        data={"first": first, "attested": True},
    )
    # told on every channel she reads, never the value: a changed account is how stipend fraud starts
    notify(
        kind="training.iban_changed",
        recipients=[recipients.trainee(locked)],
        obj=locked,
        key=f"{locked.iban_changed_at:%Y%m%d%H%M%S%f}",
        program_id=locked.program_id,
        link=reverse("stipends:my_stipends"),
        context={"day": timezone.localtime(locked.iban_changed_at).strftime("%d.%m.%Y %H:%M")},
    )
    return locked


def trainee_pii_reveal(*, audience, actor, trainee: Trainee, field: str, reason: str) -> str:
    """Show one masked value in clear, once, with the look written to the access log (who, whose, why)."""
    if field not in {"tckn", "iban"}:
        raise ValueError(f"not a personal identifier: {field}")
    return pii_reveal(
        audience=audience,
        actor=actor,
        obj=trainee,
        field=field,
        reason=reason,
        allowed=permissions.trainee_can_reveal_pii(audience) and trainee.program_id == audience.program_id,
    )


def _set_trainee_status(trainee: Trainee, status: str) -> None:
    if trainee.status != status:
        Trainee.objects.filter(pk=trainee.pk).update(status=status, status_changed_at=timezone.now())
        trainee.status = status
