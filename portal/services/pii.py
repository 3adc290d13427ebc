from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from portal.models import PiiAccessLog, PiiCanary
from portal.pii import CANARY_PLAINTEXT


def pii_reveal(*, audience, actor, obj, field: str, reason: str, allowed: bool) -> str:
    """Return the plaintext of one encrypted field, logging who looked, at whose record, and why.

    `allowed` is the caller app's permission predicate result: this service only enforces that a reason is given
    and that the look is recorded in the same transaction.
    """
    if not allowed:
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Say why you need to see this number.")})
    PiiAccessLog.objects.create(
        program_id=audience.program_id,
        actor=actor,
        subject_type=obj._meta.label_lower,
        subject_id=str(obj.pk),
        field=field,
        reason=reason[:300],
    )
    return getattr(obj, field)


def pii_canary_ensure() -> None:
    """Write the canary once; afterwards reading it proves the configured keys still decrypt old data."""
    canary = PiiCanary.objects.first()
    if canary is None:
        PiiCanary.objects.create(value=CANARY_PLAINTEXT)
    elif canary.value != CANARY_PLAINTEXT:
        raise ValueError("encryption canary decrypted to the wrong value")
