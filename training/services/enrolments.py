"""Enrolments: enrol, transfer, withdraw (Enrolment.TRANSITIONS)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.services.audit import audit_record
from training import notifications
from training.models import (
    Cohort,
    Enrolment,
    Trainee,
)

from .access import _require_staff
from .trainees import _set_trainee_status


def _check_capacity(cohort: Cohort) -> None:
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()  # one enrolment at a time per cohort
    taken = Enrolment.objects.filter(
        cohort=cohort, status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]
    ).count()
    if taken >= cohort.capacity:
        raise ValidationError({"cohort": _("This cohort is full (%(n)d places).") % {"n": cohort.capacity}})


def _transition(enrolment: Enrolment, to: str) -> Enrolment:
    locked = Enrolment.objects.select_for_update().select_related("trainee", "cohort").get(pk=enrolment.pk)
    if to not in Enrolment.TRANSITIONS.get(locked.status, set()):
        raise ValidationError(
            _("This enrolment is %(status)s already: it cannot change any more.")
            % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def enrolment_create(*, trainee: Trainee, cohort: Cohort, actor, enrolled_on: date | None = None) -> Enrolment:
    _require_staff(actor, cohort.program_id)
    if trainee.program_id != cohort.program_id:
        raise ValidationError({"trainee": _("Choose a trainee of this programme.")})
    if trainee.track != cohort.track:
        raise ValidationError({"trainee": _("This cohort is for another track.")})
    if trainee.status in {Trainee.Status.WITHDRAWN, Trainee.Status.COMPLETED}:
        raise ValidationError({"trainee": _("This trainee has withdrawn or completed her training.")})
    enrolled_on = enrolled_on or timezone.localdate()
    if enrolled_on > cohort.ends_on:
        raise ValidationError({"enrolled_on": _("The cohort has ended by then.")})
    _check_capacity(cohort)
    if Enrolment.objects.filter(trainee=trainee, status=Enrolment.Status.ACTIVE).exists():
        raise ValidationError({"trainee": _("This trainee is already in a cohort: transfer her instead.")})
    enrolment = Enrolment.objects.create(
        program_id=cohort.program_id, trainee=trainee, cohort=cohort, enrolled_on=enrolled_on, created_by=actor
    )
    _set_trainee_status(trainee, Trainee.Status.ACTIVE)
    audit_record(
        program_id=cohort.program_id,
        actor=actor,
        action="enrolment.create",
        target=enrolment,
        data={"cohort": cohort.pk},
    )
    notifications.enrolled(enrolment=enrolment)
    return enrolment


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationError({"reason": _("Give the reason.")})
    return reason


@transaction.atomic
def enrolment_transfer(
    *, enrolment: Enrolment, to_cohort: Cohort, actor, reason: str, on: date | None = None
) -> Enrolment:
    """Move a trainee to another cohort of her track: the old enrolment ends (transferred, with the reason and a
    pointer to the new one); her attendance and grades so far stay hers."""
    _require_staff(actor, enrolment.program_id)
    reason = _reason(reason)
    locked = _transition(enrolment, Enrolment.Status.TRANSFERRED)
    on = on or timezone.localdate()
    if to_cohort.pk == locked.cohort_id or to_cohort.program_id != locked.program_id:
        raise ValidationError({"to_cohort": _("Choose another cohort of this programme.")})
    if to_cohort.track != locked.cohort.track:
        raise ValidationError({"to_cohort": _("This cohort is for another track.")})
    if on < locked.enrolled_on:
        raise ValidationError({"on": _("The transfer cannot be before the enrolment.")})
    if on > to_cohort.ends_on:
        raise ValidationError({"to_cohort": _("That cohort has ended by then.")})
    _check_capacity(to_cohort)
    locked.status = Enrolment.Status.TRANSFERRED
    locked.ended_on = on
    locked.end_reason = reason
    locked.ended_by = actor
    locked.save(update_fields=["status", "ended_on", "end_reason", "ended_by"])
    new = Enrolment.objects.create(
        program_id=locked.program_id, trainee_id=locked.trainee_id, cohort=to_cohort, enrolled_on=on, created_by=actor
    )
    Enrolment.objects.filter(pk=locked.pk).update(transferred_to=new)
    audit_record(
        program_id=locked.program_id,
        actor=actor,
        action="enrolment.transfer",
        target=locked,
        data={"from": locked.cohort_id, "to": to_cohort.pk, "new_enrolment": new.pk},
    )
    notifications.enrolled(enrolment=new)
    return new


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, actor, reason: str, on: date | None = None) -> Enrolment:
    _require_staff(actor, enrolment.program_id)
    reason = _reason(reason)
    locked = _transition(enrolment, Enrolment.Status.WITHDRAWN)
    on = on or timezone.localdate()
    if on < locked.enrolled_on:
        raise ValidationError({"on": _("The withdrawal cannot be before the enrolment.")})
    locked.status = Enrolment.Status.WITHDRAWN
    locked.ended_on = on
    locked.end_reason = reason
    locked.ended_by = actor
    locked.save(update_fields=["status", "ended_on", "end_reason", "ended_by"])
    _set_trainee_status(locked.trainee, Trainee.Status.WITHDRAWN)
    audit_record(program_id=locked.program_id, actor=actor, action="enrolment.withdraw", target=locked)
    return locked
