"""Erasure done right (KVKK art. 7, the Regulation on Erasure, Destruction or Anonymisation).

Each app's provider says what legally holds her data (payments, the ledger, claims during the audit period) and
erases its own part: under a hold, identity fields are replaced by a pseudonym and documents destroyed, the
amounts and the ledger untouched; without one, her data is destroyed. Which blind index stays: only the keyed hash
of her TCKN on the trainee record, and only under a payment hold, so the same person cannot be enrolled and paid
twice while the audit runs; every other keyed hash (IBAN, application duplicate check) is removed.
A destruction record lists what was done, when, why and by whom, without any personal value.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.registry import personal_data
from portal.services.audit import audit_record
from privacy.models import DataRequest, DestructionRecord
from privacy.services import privacy_settings_get
from privacy.subject import subject_holds


def pseudonym_for(user) -> str:
    return f"Silinmiş kişi #{user.pk}"


def erasure_plan(*, request: DataRequest) -> dict:
    """What erasure would do for this request: the legal holds found and whether it was done already."""
    settings = privacy_settings_get(program_id=request.program_id)
    holds = subject_holds(
        user=request.subject, program_id=request.program_id, policy=settings.policy(), today=timezone.localdate()
    )
    return {"holds": holds, "done": request.erased_at is not None, "pseudonym": pseudonym_for(request.subject)}


@transaction.atomic
def erasure_carry_out(*, request: DataRequest, actor) -> list:
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind != DataRequest.Kind.ERASURE:
        raise ValidationError(_("Only an erasure request can be carried out as an erasure."))
    if request.erased_at is not None:
        raise ValidationError(_("This erasure has already been carried out."))
    subject = request.subject
    plan = erasure_plan(request=request)
    held = bool(plan["holds"])
    pseudonym = plan["pseudonym"]
    outcomes = []
    # the core last: the others find her records through her account's email, which the core replaces
    for _name, provider in sorted(personal_data.items(), key=lambda item: item[0] == "portal"):
        if provider.erase:
            outcomes += provider.erase(user=subject, program_id=request.program_id, pseudonym=pseudonym, held=held)
    now = timezone.now()
    reason = _("Erasure request #%(n)s") % {"n": request.pk}
    note = "; ".join(plan["holds"])[:500]
    DestructionRecord.objects.bulk_create(
        [
            DestructionRecord(
                program_id=request.program_id,
                category=o.category,
                what=o.what[:300],
                method=o.method,
                count=o.count,
                reason=reason,
                note=(o.note or (note if o.method != "destroyed" else ""))[:500],
                subject_ref=pseudonym,
                request=request,
                by=actor,
                at=now,
            )
            for o in outcomes
        ]
    )
    request.erased_at = now
    if request.status == DataRequest.Status.RECEIVED:
        request.status = DataRequest.Status.IN_PROGRESS
    request.save(update_fields=["erased_at", "status"])
    audit_record(
        program_id=request.program_id,
        actor=actor,
        action="privacy.erasure",
        target=request,
        data={"held": held, "records": sum(o.count for o in outcomes)},
    )
    # notify: recipients of her data are told of the erasure (KVKK art. 11/1-f) — partners and the employer
    return outcomes
