"""Employment."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firms.models import Firm
from matching import permissions, selectors
from matching.models import (
    Employment,
    RetentionCheckpoint,
    add_months,
)
from portal.api import webhooks
from portal.api.webhooks import webhook_emit
from portal.registry import employment_ended, employment_start_changed
from portal.services.audit import audit_record
from portal.uploads import validate_upload
from training.models import Trainee

from ._common import _require
from .offers import _checkpoints_create


@transaction.atomic
def employment_record(
    *,
    audience,
    actor,
    trainee: Trainee,
    firm: Firm,
    start_date: date,
    gross_salary_kurus: int,
    reason: str,
    contract_type: str = Employment.ContractType.PERMANENT,
) -> Employment:
    """Programme staff record an employment that did not come through an offer (the firm reported it late, or
    hired her directly), with a reason; audited. Money follows from the employment like any other: the stipend
    gives way to salary support from its start, and what was paid for those days becomes a receivable."""
    _require(permissions.can_manage(audience))
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the employment is recorded by hand.")
    if not gross_salary_kurus or gross_salary_kurus <= 0:
        errors["gross_salary"] = _("Give the monthly gross salary.")
    if trainee.program_id != audience.program_id or firm.program_id != audience.program_id:
        raise PermissionDenied
    if Employment.objects.filter(program_id=trainee.program_id, trainee=trainee, status="active").exists():
        errors["trainee"] = _("This person is already employed through the program.")
    if errors:
        raise ValidationError(errors)
    conf = selectors.matching_settings(program_id=trainee.program_id)
    employment = Employment.objects.create(
        program_id=trainee.program_id,
        trainee=trainee,
        firm=firm,
        start_date=start_date,
        planned_end_date=Employment.planned_end_for(start_date, conf.employment_months),
        contract_type=contract_type,
        gross_salary_kurus=gross_salary_kurus,
    )
    _checkpoints_create(employment, conf)
    audit_record(
        program_id=employment.program_id,
        actor=actor,
        action="matching.employment_record",
        target=employment,
        data={"start": start_date.isoformat(), "reason": reason[:500]},
    )
    return employment


@transaction.atomic
def employment_start_correct(*, audience, actor, employment: Employment, start_date: date, reason: str) -> Employment:
    """Programme staff correct an employment's start date (e.g. the SGK record shows another day), with a reason;
    audited with the old and new dates. Claims already made for months outside the new period must be rejected
    first; the stipend months in between are decided again (stipends' hook)."""
    _require(permissions.can_manage(audience))
    employment = Employment.objects.select_for_update().get(pk=employment.pk, program_id=audience.program_id)
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the start date changes.")
    if start_date is None:
        errors["start_date"] = _("Give the start date.")
    elif employment.terminated_on and start_date > employment.terminated_on:
        errors["start_date"] = _("The start date cannot be after the end.")
    if errors:
        raise ValidationError(errors)
    old = employment.start_date
    if start_date == old:
        return employment
    conf = selectors.matching_settings(program_id=employment.program_id)
    planned_end = Employment.planned_end_for(start_date, conf.employment_months)
    outside = employment.support_claims.exclude(status="rejected").filter(
        models.Q(period__lt=start_date.replace(day=1)) | models.Q(period__gt=planned_end)
    )
    if outside.exists():
        raise ValidationError(
            {"start_date": _("Salary support is claimed for months outside the new period: reject those claims first.")}
        )
    employment.start_date, employment.planned_end_date = start_date, planned_end
    employment.save(update_fields=["start_date", "planned_end_date"])
    for checkpoint in RetentionCheckpoint.objects.filter(employment=employment, firm_confirmed_at__isnull=True):
        checkpoint.due_on = add_months(start_date, checkpoint.month)
        checkpoint.save(update_fields=["due_on"])
    audit_record(
        program_id=employment.program_id,
        actor=actor,
        action="matching.employment_start_correct",
        target=employment,
        data={"from": old.isoformat(), "to": start_date.isoformat(), "reason": reason[:500]},
    )
    for _name, hook in employment_start_changed.items():
        hook(employment, old)
    return employment


@transaction.atomic
def employment_sgk_upload(*, audience, actor, employment: Employment, upload) -> Employment:
    _require(permissions.can_manage_employment(audience, employment))
    validate_upload(upload)
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    employment.sgk_proof.save(f"sgk-{employment.pk}-{upload.name[-40:]}", upload, save=False)
    employment.save(update_fields=["sgk_proof"])
    audit_record(program_id=employment.program_id, actor=actor, action="matching.employment_sgk", target=employment)
    return employment


@transaction.atomic
def employment_terminate(*, audience, actor, employment: Employment, on: date, reason: str) -> Employment:
    """End an employment early. Calls every `portal.registry.employment_ended` hook inside this transaction (stipends
    stops claims and raises a clawback for support paid beyond `on`)."""
    _require(permissions.can_manage_employment(audience, employment))
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    reason = (reason or "").strip()
    errors = {}
    if employment.status != Employment.Status.ACTIVE:
        raise ValidationError(_("This employment has already ended."))
    if not reason:
        errors["reason"] = _("Say why the employment ended.")
    if on is None or on < employment.start_date:
        errors["on"] = _("The end date cannot be before the start date.")
    elif on > employment.planned_end_date:
        errors["on"] = _("The end date is after the planned end: nothing ends early.")
    if errors:
        raise ValidationError(errors)
    employment.status, employment.terminated_on, employment.termination_reason = (
        Employment.Status.TERMINATED,
        on,
        reason,
    )
    employment.save(update_fields=["status", "terminated_on", "termination_reason"])
    audit_record(
        program_id=employment.program_id,
        actor=actor,
        action="matching.employment_terminate",
        target=employment,
        data={"on": on.isoformat(), "reason": reason},
    )
    webhook_emit(
        program_id=employment.program_id,
        event=webhooks.EMPLOYMENT_ENDED,
        data={"employment": employment.pk, "firm": employment.firm_id, "ended_on": on, "early": True},
    )
    for _name, hook in employment_ended.items():
        hook(employment)
    return employment


def employments_complete(*, program_id: int, today: date | None = None) -> int:
    """Active employments whose planned end has passed become completed. Idempotent."""
    today = today or timezone.localdate()
    with transaction.atomic():
        ending = list(
            Employment.objects.select_for_update()
            .filter(program_id=program_id, status="active", planned_end_date__lt=today)
            .values_list("pk", "firm_id", "planned_end_date")
        )
        done = Employment.objects.filter(pk__in=[pk for pk, _firm, _end in ending]).update(
            status=Employment.Status.COMPLETED
        )
        for pk, firm_id, ended_on in ending:  # partners are told of a normal end too
            webhook_emit(
                program_id=program_id,
                event=webhooks.EMPLOYMENT_ENDED,
                data={"employment": pk, "firm": firm_id, "ended_on": ended_on, "early": False},
            )
    return done
