"""Cohorts, trainers, sessions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.models import Membership
from portal.services.audit import audit_record
from training import notifications
from training.models import (
    Attendance,
    CheckIn,
    Cohort,
    CohortTrainer,
    Session,
)

from .access import _require_can_teach, _require_staff
from .enrolments import _reason


@transaction.atomic
def cohort_create(
    *, program, actor, code: str, name: str, curriculum, mode: str, province, starts_on, ends_on, capacity: int
) -> Cohort:
    _require_staff(actor, program.pk)
    if curriculum.program_id != program.pk:
        raise ValidationError({"curriculum": _("Choose a curriculum of this programme.")})
    cohort = Cohort(
        program=program,
        code=code.strip(),
        name=name.strip(),
        track=curriculum.track,
        curriculum=curriculum,
        mode=mode,
        province=province,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
    )
    cohort.full_clean()
    cohort.save()
    audit_record(program_id=program.pk, actor=actor, action="cohort.create", target=cohort, data={"code": cohort.code})
    return cohort


@transaction.atomic
def cohort_trainer_assign(*, cohort: Cohort, trainer, actor) -> CohortTrainer:
    _require_staff(actor, cohort.program_id)
    if not Membership.objects.filter(
        program_id=cohort.program_id, user_id=trainer.pk, role__code=roles.TRAINER, is_active=True
    ).exists():
        raise ValidationError({"trainer": _("This person is not a trainer of the programme.")})
    assignment, created = CohortTrainer.objects.get_or_create(
        program_id=cohort.program_id, cohort=cohort, trainer=trainer, defaults={"assigned_by": actor}
    )
    if created:
        audit_record(
            program_id=cohort.program_id,
            actor=actor,
            action="cohort.trainer_assign",
            target=cohort,
            data={"trainer": trainer.pk},
        )
    return assignment


@transaction.atomic
def session_create(
    *, cohort: Cohort, actor, module, starts_at, ends_at, place: str = "", online_link: str = "", trainer=None
) -> Session:
    _require_can_teach(actor, cohort)
    errors = {}
    if module.curriculum_id != cohort.curriculum_id:
        errors["module"] = _("Choose a module of the cohort's curriculum.")
    if trainer is not None and not CohortTrainer.objects.filter(cohort=cohort, trainer=trainer).exists():
        errors["trainer"] = _("Assign this trainer to the cohort first.")
    if starts_at and not cohort.starts_on <= timezone.localdate(starts_at) <= cohort.ends_on:
        errors["starts_at"] = _("The session must fall within the cohort's dates.")
    if cohort.mode == Cohort.Mode.ONLINE and not online_link:
        errors["online_link"] = _("An online cohort's session needs its link.")
    if errors:
        raise ValidationError(errors)
    session = Session(
        program_id=cohort.program_id,
        cohort=cohort,
        module=module,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_link=online_link.strip(),
        trainer=trainer,
    )
    session.full_clean()
    session.save()
    audit_record(program_id=cohort.program_id, actor=actor, action="session.create", target=session)
    return session


def _session_started(session: Session) -> bool:
    return session.starts_at <= timezone.now() or Attendance.objects.filter(session=session).exists()


@transaction.atomic
def session_update(
    *, session: Session, actor, starts_at, ends_at, place: str = "", online_link: str = "", trainer=None, module=None
) -> Session:
    """Move a session that has not started (time, place, link, trainer). Her trainees are told when the time or
    the place changed (SMS too: operators read SMS)."""
    cohort = session.cohort
    _require_can_teach(actor, cohort)
    locked = Session.objects.select_for_update().select_related("cohort", "module").get(pk=session.pk)
    if _session_started(locked):
        raise ValidationError(_("This session has started: it can no longer be moved."), code="started")
    errors = {}
    if module is not None and module.curriculum_id != cohort.curriculum_id:
        errors["module"] = _("Choose a module of the cohort's curriculum.")
    if trainer is not None and not CohortTrainer.objects.filter(cohort=cohort, trainer=trainer).exists():
        errors["trainer"] = _("Assign this trainer to the cohort first.")
    if starts_at and not cohort.starts_on <= timezone.localdate(starts_at) <= cohort.ends_on:
        errors["starts_at"] = _("The session must fall within the cohort's dates.")
    if cohort.mode == Cohort.Mode.ONLINE and not online_link:
        errors["online_link"] = _("An online cohort's session needs its link.")
    if errors:
        raise ValidationError(errors)
    before = (locked.starts_at, locked.ends_at, locked.place, locked.online_link)
    before_text = timezone.localtime(locked.starts_at).strftime("%d.%m.%Y %H:%M")
    locked.starts_at, locked.ends_at = starts_at, ends_at
    locked.place, locked.online_link = place.strip(), online_link.strip()
    locked.trainer = trainer
    if module is not None:
        locked.module = module
    locked.full_clean()
    locked.save()
    after = (locked.starts_at, locked.ends_at, locked.place, locked.online_link)
    audit_record(
        program_id=cohort.program_id,
        actor=actor,
        action="session.update",
        target=locked,
        data={"before": before_text, "changed": before != after},
    )
    if before != after:
        # one message per new time and place: moving it twice tells twice, saving it unchanged tells nobody
        notifications.session_changed(
            session=locked, before=before_text, version=f"{locked.starts_at.isoformat()}|{locked.place}"
        )
    return locked


@transaction.atomic
def session_cancel(*, session: Session, actor, reason: str) -> None:
    """Cancel a session that has not started: it is removed from the cohort's plan and its trainees are told."""
    _require_can_teach(actor, session.cohort)
    reason = _reason(reason)
    locked = Session.objects.select_for_update().select_related("cohort", "module").get(pk=session.pk)
    if _session_started(locked) or CheckIn.objects.filter(session=locked).exists():
        raise ValidationError(_("This session has started: it cannot be cancelled."), code="started")
    people = notifications.session_people(locked)
    notifications.session_cancelled(session=locked, reason=reason, people=people)
    audit_record(
        program_id=locked.program_id,
        actor=actor,
        action="session.cancel",
        target=locked.cohort,
        data={"session": locked.pk, "starts_at": locked.starts_at.isoformat(), "reason": reason},
    )
    locked.delete()
