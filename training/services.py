"""Every write of training: keyword-only, in a transaction, checking who acts and the state, writing an audit event.

Services check permissions themselves against the database (a staff membership, a CohortTrainer row): views
check the same predicates first for a clean 403, but a service never trusts its caller.
"""

import io
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.models import Membership
from portal.notifications import recipients
from portal.notifications.links import absolute_url
from portal.notifications.service import notify
from portal.pii import normalize_iban, normalize_tckn, pii_hash
from portal.services.audit import audit_record
from portal.services.jobs import job_enqueue
from portal.services.pii import pii_reveal
from portal.uploads import XLSX, validate_upload
from training import checkin as codes
from training import notifications, permissions, selectors
from training.models import (
    Attendance,
    AttendanceChange,
    Certificate,
    CheckIn,
    Cohort,
    CohortTrainer,
    CompletionRule,
    Enrolment,
    Grade,
    Session,
    Track,
    Trainee,
)
from training.progress import CompletionResult
from training.validators import normalize_phone
from training.workbook import parse_grade_workbook, parse_score

CERTIFICATE_JOB = "training_certificate"
EXPORT_JOB = "training_cohort_export"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# Operational timings (not program facts): how long a check-in code lives, how early check-in opens.
def checkin_code_minutes() -> int:
    return _setting("TRAINING_CHECKIN_CODE_MINUTES", 15)


def checkin_opens_minutes_before() -> int:
    return _setting("TRAINING_CHECKIN_OPENS_MINUTES_BEFORE", 15)


CHECKIN_MAX_FAILURES = 10
CHECKIN_FAILURE_WINDOW = 15 * 60
GRADE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024


# --- who may act --------------------------------------------------------------------------------------------------


def _is_staff(actor, program_id: int) -> bool:
    return Membership.objects.filter(
        program_id=program_id, user_id=actor.pk, role__code=roles.STAFF, is_active=True
    ).exists()


def _require_staff(actor, program_id: int) -> None:
    if not _is_staff(actor, program_id):
        raise PermissionDenied


def _require_can_teach(actor, cohort) -> None:
    assigned = CohortTrainer.objects.filter(cohort_id=cohort.pk, trainer_id=actor.pk).exists()
    if (
        assigned
        and Membership.objects.filter(
            program_id=cohort.program_id, user_id=actor.pk, role__code=roles.TRAINER, is_active=True
        ).exists()
    ):
        return
    if not _is_staff(actor, cohort.program_id):
        raise PermissionDenied


# --- trainees and their personal data -----------------------------------------------------------------------------


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


# --- completion rules ---------------------------------------------------------------------------------------------


RULE_FIELDS = (
    "min_attendance_percent",
    "pass_mark",
    "late_counts_as_attended",
    "at_risk_attendance_percent",
    "at_risk_window_weeks",
)


@transaction.atomic
def completion_rule_update(*, curriculum, actor, **values) -> CompletionRule:
    """Staff change what completing a curriculum takes. The audit keeps old and new values."""
    _require_staff(actor, curriculum.program_id)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown rule fields: {sorted(unknown)}")
    rule = CompletionRule.objects.select_for_update().filter(curriculum=curriculum).first() or CompletionRule(
        program_id=curriculum.program_id, curriculum=curriculum
    )
    before = {name: str(getattr(rule, name)) for name in RULE_FIELDS}
    for name, value in values.items():
        setattr(rule, name, value)
    rule.updated_by = actor
    rule.full_clean()
    rule.save()
    after = {name: str(getattr(rule, name)) for name in RULE_FIELDS}
    audit_record(
        program_id=rule.program_id,
        actor=actor,
        action="completion_rule.update",
        target=rule,
        data={name: [before[name], after[name]] for name in RULE_FIELDS if before[name] != after[name]},
    )
    return rule


# --- cohorts, trainers, sessions ----------------------------------------------------------------------------------


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


# --- enrolments: enrol, transfer, withdraw (Enrolment.TRANSITIONS) ------------------------------------------------


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


# --- attendance ---------------------------------------------------------------------------------------------------


class AttendanceConflict(ValidationError):
    """Someone saved the session's attendance after this sheet was loaded: nothing of this save was written."""


@dataclass(frozen=True)
class AttendanceSaved:
    created: int
    changed: int
    unchanged: int
    version: int


def _claim_sheet(session: Session, *, expected_version: int, actor, now) -> int:
    """Compare-and-set on the session's attendance version: of two saves made from the same sheet, only the first
    gets through (on PostgreSQL the second waits for the first's row lock, then finds the version moved on)."""
    claimed = Session.objects.filter(pk=session.pk, attendance_version=expected_version).update(
        attendance_version=F("attendance_version") + 1, attendance_saved_at=now, attendance_saved_by=actor
    )
    if not claimed:
        current = Session.objects.select_related("attendance_saved_by").get(pk=session.pk)
        who = current.attendance_saved_by.get_full_name() if current.attendance_saved_by else _("someone")
        when = (
            formats.time_format(timezone.localtime(current.attendance_saved_at), "H:i")
            if current.attendance_saved_at
            else ""
        )
        raise AttendanceConflict(
            _(
                "%(who)s saved this session's attendance at %(when)s, after you opened the sheet. Nothing of yours "
                "was saved: check the sheet as it is now and make your changes again."
            )
            % {"who": who, "when": when},
            code="conflict",
        )
    session.attendance_version = expected_version + 1
    session.attendance_saved_at, session.attendance_saved_by = now, actor
    return expected_version + 1


def _apply_marks(
    *, session: Session, actor, marks: Mapping, why: str, source: str, version: int, now
) -> tuple[int, int, int]:
    """Write the marks and one history row per change. Returns (created, changed, unchanged)."""
    existing = {a.trainee_id: a for a in Attendance.objects.filter(session=session, trainee_id__in=list(marks))}
    new, changed, history = [], [], []
    for trainee_id, (status, reason) in marks.items():
        row = existing.get(trainee_id)
        if row is None:
            new.append(
                Attendance(
                    program_id=session.program_id,
                    session=session,
                    trainee_id=trainee_id,
                    status=status,
                    reason=reason,
                    source=source,
                    recorded_by=actor,
                    recorded_at=now,
                )
            )
        elif (row.status, row.reason) != (status, reason):
            history.append(_change(row, session, row.status, row.reason, status, reason, why, actor, now, version))
            row.status, row.reason, row.source, row.recorded_by, row.recorded_at = status, reason, source, actor, now
            changed.append(row)
    created = Attendance.objects.bulk_create(new)
    history += [_change(row, session, "", "", row.status, row.reason, "", actor, now, version) for row in created]
    if changed:
        Attendance.objects.bulk_update(changed, ["status", "reason", "source", "recorded_by", "recorded_at"])
    AttendanceChange.objects.bulk_create(history)
    return len(created), len(changed), len(marks) - len(created) - len(changed)


def _change(row, session, old_status, old_reason, new_status, new_reason, why, actor, now, version) -> AttendanceChange:
    return AttendanceChange(
        program_id=session.program_id,
        attendance=row,
        session=session,
        trainee_id=row.trainee_id,
        old_status=old_status,
        old_reason=old_reason,
        new_status=new_status,
        new_reason=new_reason,
        why=why,
        changed_by=actor,
        changed_at=now,
        session_version=version,
    )


@transaction.atomic
def attendance_record(
    *, session: Session, actor, marks: Mapping[int, tuple[str, str]], expected_version: int, correction_reason: str = ""
) -> AttendanceSaved:
    """Save a session's attendance sheet: {trainee id: (status, reason)}. All or nothing.

    Refused with a clear message, writing nothing: a trainee not in the cohort that day, an unknown status, an
    excused absence without a reason, a correction of recorded attendance without saying why, a session that
    has not started, or a sheet someone else saved in the meantime (AttendanceConflict).
    """
    _require_can_teach(actor, session.cohort)
    now = timezone.now()
    if session.starts_at > now + timedelta(minutes=checkin_opens_minutes_before()):
        raise ValidationError(
            _("This session has not started yet: attendance opens when it starts."), code="not_started"
        )
    roster = {e.trainee_id: e for e in selectors.session_roster(session=session)}
    errors, clean = [], {}
    for trainee_id, (status, reason) in marks.items():
        enrolment = roster.get(trainee_id)
        if enrolment is None:
            errors.append(_("Trainee %(id)s is not in this cohort on the session's day.") % {"id": trainee_id})
            continue
        name = enrolment.trainee.user.get_full_name()
        reason = (reason or "").strip()[:300]
        if status not in Attendance.Status.values:
            errors.append(_("%(name)s: choose present, late, absent or excused.") % {"name": name})
        elif status == Attendance.Status.EXCUSED and not reason:
            errors.append(_("%(name)s: an excused absence needs a reason.") % {"name": name})
        clean[trainee_id] = (status, reason)
    if errors:
        raise ValidationError(errors, code="invalid")
    version = _claim_sheet(session, expected_version=expected_version, actor=actor, now=now)
    existing = {
        t: (s, r)
        for t, s, r in Attendance.objects.filter(session=session, trainee_id__in=list(clean)).values_list(
            "trainee_id", "status", "reason"
        )
    }
    corrected = [
        roster[t].trainee.user.get_full_name() for t, mark in clean.items() if t in existing and existing[t] != mark
    ]
    correction_reason = (correction_reason or "").strip()[:300]
    if corrected and len(correction_reason) < 3:
        # raising here rolls the version claim back with everything else
        raise ValidationError(
            _("You are changing attendance already recorded (%(names)s): say why in “Reason for the correction”.")
            % {"names": ", ".join(corrected)},
            code="correction_reason",
        )
    created, changed, unchanged = _apply_marks(
        session=session,
        actor=actor,
        marks=clean,
        why=correction_reason,
        source=Attendance.Source.SHEET,
        version=version,
        now=now,
    )
    audit_record(
        program_id=session.program_id,
        actor=actor,
        action="attendance.record",
        target=session,
        data={"version": version, "created": created, "changed": changed},
    )
    notifications.attendance_watch(session=session)
    return AttendanceSaved(created, changed, unchanged, version)


# --- self check-in ------------------------------------------------------------------------------------------------


@transaction.atomic
def checkin_open(*, session: Session, actor) -> str:
    """Show a fresh code for the session (it replaces any earlier one). Valid for a few minutes, never beyond
    the session's end, and only from shortly before the start."""
    _require_can_teach(actor, session.cohort)
    now = timezone.now()
    if not session.starts_at - timedelta(minutes=checkin_opens_minutes_before()) <= now < session.ends_at:
        raise ValidationError(
            _("Check-in opens %(n)d minutes before the session starts and closes when it ends.")
            % {"n": checkin_opens_minutes_before()},
            code="window",
        )
    nonce = codes.new_nonce()
    expires = min(now + timedelta(minutes=checkin_code_minutes()), session.ends_at)
    Session.objects.filter(pk=session.pk).update(checkin_nonce=nonce, checkin_expires_at=expires)
    session.checkin_nonce, session.checkin_expires_at = nonce, expires
    audit_record(program_id=session.program_id, actor=actor, action="checkin.open", target=session)
    return codes.code_for(session.pk, nonce)


def _failures_key(user_id) -> str:
    return f"training:checkin-failures:{user_id}"


@transaction.atomic
def checkin_submit(*, trainee: Trainee, code: str, actor) -> CheckIn:
    """A trainee checks herself in with the code her trainer shows. It counts once the trainer confirms."""
    if actor.pk != trainee.user_id:
        raise PermissionDenied
    key = _failures_key(actor.pk)
    if cache.get(key, 0) >= CHECKIN_MAX_FAILURES:
        raise ValidationError(_("Too many wrong codes. Wait a few minutes, then try again."), code="throttled")
    typed = codes.normalize(code)
    now = timezone.now()
    candidates = (
        Session.objects.filter(
            cohort__enrolments__trainee=trainee,
            cohort__enrolments__status=Enrolment.Status.ACTIVE,
            checkin_expires_at__gte=now - timedelta(hours=12),
        )
        .exclude(checkin_nonce="")
        .distinct()
    )
    session = next(
        (s for s in candidates if len(typed) == codes.LENGTH and codes.matches(s.pk, s.checkin_nonce, typed)), None
    )
    if session is None:
        try:
            cache.add(key, 0, CHECKIN_FAILURE_WINDOW)
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, CHECKIN_FAILURE_WINDOW)
        raise ValidationError(
            _("This code is not valid for any of your sessions. Check it, or ask your trainer for the code."),
            code="unknown",
        )
    if session.checkin_expires_at <= now or session.ends_at <= now:
        raise ValidationError(_("This code has expired. Ask your trainer to show a new one."), code="expired")
    if not selectors.session_roster(session=session).filter(trainee=trainee).exists():
        raise ValidationError(_("You are not in this session's cohort on its day."), code="not_in_cohort")
    checkin, created = CheckIn.objects.get_or_create(
        program_id=session.program_id, session=session, trainee=trainee, defaults={"checked_in_at": now}
    )
    if created:
        audit_record(program_id=session.program_id, actor=actor, action="checkin.submit", target=checkin)
    return checkin


@transaction.atomic
def checkins_confirm(*, session: Session, actor) -> int:
    """The trainer confirms the self check-ins: each becomes "present" (with history, like any mark)."""
    _require_can_teach(actor, session.cohort)
    pending = list(CheckIn.objects.select_for_update().filter(session=session, confirmed_at__isnull=True))
    if not pending:
        return 0
    now = timezone.now()
    current = Session.objects.values_list("attendance_version", flat=True).get(pk=session.pk)
    version = _claim_sheet(session, expected_version=current, actor=actor, now=now)
    marks = {c.trainee_id: (Attendance.Status.PRESENT, "") for c in pending}
    created, changed, _unchanged = _apply_marks(
        session=session,
        actor=actor,
        marks=marks,
        why=_("Confirmed self check-in"),
        source=Attendance.Source.CHECKIN,
        version=version,
        now=now,
    )
    CheckIn.objects.filter(pk__in=[c.pk for c in pending]).update(confirmed_at=now, confirmed_by=actor)
    audit_record(
        program_id=session.program_id,
        actor=actor,
        action="checkin.confirm",
        target=session,
        data={"version": version, "confirmed": len(pending), "created": created, "changed": changed},
    )
    notifications.attendance_watch(session=session)
    return len(pending)


# --- grades -------------------------------------------------------------------------------------------------------


@transaction.atomic
def grades_record(*, cohort: Cohort, module, actor, scores: Mapping[int, object]) -> int:
    """Record scores (0–100) of one assessed module for trainees of the cohort. All or nothing; returns how
    many changed. The audit keeps each old → new score."""
    _require_can_teach(actor, cohort)
    if module.curriculum_id != cohort.curriculum_id or not module.is_assessed:
        raise ValidationError(_("Choose an assessed module of this cohort's curriculum."), code="module")
    roster = {e.trainee_id: e for e in selectors.grade_roster(cohort=cohort)}
    errors, clean = [], {}
    for trainee_id, value in scores.items():
        if trainee_id not in roster:
            errors.append(_("Trainee %(id)s is not in this cohort.") % {"id": trainee_id})
            continue
        try:
            clean[trainee_id] = parse_score(value)
        except ValueError as problem:
            errors.append(
                _("%(name)s: “%(value)s” %(problem)s.")
                % {"name": roster[trainee_id].trainee.user.get_full_name(), "value": value, "problem": problem}
            )
    if errors:
        raise ValidationError(errors, code="invalid")
    now = timezone.now()
    existing = {
        g.trainee_id: g for g in Grade.objects.select_for_update().filter(module=module, trainee_id__in=list(clean))
    }
    new, changed, trail = [], [], []
    for trainee_id, score in clean.items():
        grade = existing.get(trainee_id)
        if grade is None:
            new.append(
                Grade(
                    program_id=cohort.program_id,
                    trainee_id=trainee_id,
                    module=module,
                    cohort=cohort,
                    score=score,
                    graded_by=actor,
                    graded_at=now,
                )
            )
            trail.append([trainee_id, None, str(score)])
        elif grade.score != score:
            trail.append([trainee_id, str(grade.score), str(score)])
            grade.score, grade.cohort, grade.graded_by, grade.graded_at = score, cohort, actor, now
            changed.append(grade)
    Grade.objects.bulk_create(new)
    if changed:
        Grade.objects.bulk_update(changed, ["score", "cohort", "graded_by", "graded_at"])
    if trail:
        audit_record(
            program_id=cohort.program_id,
            actor=actor,
            action="grades.record",
            target=cohort,
            data={"module": module.code, "changes": trail},
        )
    return len(trail)


@transaction.atomic
def grades_import(*, cohort: Cohort, actor, upload) -> dict[str, int]:
    """Record the scores of a filled-in roster workbook. The whole file is checked first; a single bad cell
    means nothing is written. Returns {module code: scores changed}."""
    _require_can_teach(actor, cohort)
    validate_upload(upload, kinds=(XLSX,), max_bytes=GRADE_UPLOAD_MAX_BYTES)
    modules = {m.code: m for m in selectors.cohort_assessed_modules(cohort=cohort)}
    roster = {e.trainee_id: e.trainee.user.get_full_name() for e in selectors.grade_roster(cohort=cohort)}
    parsed = parse_grade_workbook(upload, roster=roster, module_codes=modules)
    changed = {
        code: grades_record(cohort=cohort, module=modules[code], actor=actor, scores=scores)
        for code, scores in parsed.items()
    }
    cohort_completion_evaluate(cohort=cohort, actor=actor)
    return changed


# --- completion and certificates ----------------------------------------------------------------------------------


@transaction.atomic
def trainee_completion_evaluate(*, trainee: Trainee, actor) -> CompletionResult | None:
    """Check the completion rule for a trainee's active enrolment; when met, complete it and issue the
    certificate (its PDF is built in the background). Safe to call again."""
    enrolment, result = selectors.trainee_completion(trainee=trainee)
    if enrolment is None or result is None or enrolment.status != Enrolment.Status.ACTIVE or not result.met:
        return result
    locked = _transition(enrolment, Enrolment.Status.COMPLETED)
    locked.status = Enrolment.Status.COMPLETED
    locked.ended_on = max(timezone.localdate(), locked.enrolled_on)
    locked.ended_by = actor
    locked.save(update_fields=["status", "ended_on", "ended_by"])
    _set_trainee_status(trainee, Trainee.Status.COMPLETED)
    audit_record(
        program_id=trainee.program_id,
        actor=actor,
        action="enrolment.complete",
        target=locked,
        data={"attendance_percent": result.percent, "passed": list(result.passed)},
    )
    certificate_issue(trainee=trainee, enrolment=locked, actor=actor)
    return result


def cohort_completion_evaluate(*, cohort: Cohort, actor) -> list[Trainee]:
    """Evaluate every active trainee of a cohort whose sessions are all over. Returns those who completed."""
    _require_can_teach(actor, cohort)
    if Session.objects.filter(cohort=cohort, ends_at__gt=timezone.now()).exists():
        return []
    completed = []
    for enrolment in Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ACTIVE).select_related("trainee"):
        result = trainee_completion_evaluate(trainee=enrolment.trainee, actor=actor)
        if result is not None and result.met:
            completed.append(enrolment.trainee)
    return completed


def _new_certificate_code() -> str:
    return "".join(secrets.choice(codes.ALPHABET) for _ in range(12))


@transaction.atomic
def certificate_issue(*, trainee: Trainee, enrolment: Enrolment, actor) -> Certificate:
    """Idempotent: one certificate per trainee and curriculum. The PDF is built by a background job."""
    curriculum_id = enrolment.cohort.curriculum_id
    certificate = Certificate.objects.filter(trainee=trainee, curriculum_id=curriculum_id).first()
    if certificate is not None:
        return certificate
    certificate = Certificate.objects.create(
        program_id=trainee.program_id,
        trainee=trainee,
        curriculum_id=curriculum_id,
        cohort_id=enrolment.cohort_id,
        code=_new_certificate_code(),
        issued_on=enrolment.ended_on or timezone.localdate(),
    )
    job = job_enqueue(
        program_id=trainee.program_id, actor=actor, kind=CERTIFICATE_JOB, params={"certificate_id": certificate.pk}
    )
    Certificate.objects.filter(pk=certificate.pk).update(job=job)
    certificate.job = job
    audit_record(program_id=trainee.program_id, actor=actor, action="certificate.issue", target=certificate)
    return certificate


def certificate_verify_url(code: str) -> str:
    """From the request when there is one, else SITE_URL: the link the notifications use too."""
    return absolute_url(reverse("training:certificate_verify") + f"?code={code}")


def qr_svg(text: str) -> bytes:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def certificate_build(*, certificate_id: int) -> Certificate:
    """Render the bilingual certificate PDF and keep it with the certificate. Idempotent: built once."""
    import base64

    from portal.pdf import render_pdf

    certificate = Certificate.objects.select_related("trainee__user", "curriculum", "cohort", "program").get(
        pk=certificate_id
    )
    if certificate.file:
        return certificate
    modules = list(selectors.curriculum_modules(curriculum=certificate.curriculum_id))
    verify_url = certificate_verify_url(certificate.code)
    context = {
        "program": certificate.program,
        "certificate": certificate,
        "trainee": certificate.trainee,
        "curriculum": certificate.curriculum,
        "cohort": certificate.cohort,
        "modules": modules,
        "total_hours": sum(m.planned_hours for m in modules),
        "verify_url": verify_url,
        "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(qr_svg(verify_url)).decode(),
    }
    pdf = render_pdf("pdf/training_certificate.html", context)
    certificate.file.save(f"certificate-{certificate.code}.pdf", ContentFile(pdf), save=False)
    if Certificate.objects.filter(pk=certificate.pk, file="").update(file=certificate.file.name):
        notifications.certificate_ready(certificate=certificate)  # now there is something to download
    return certificate


# --- exports ------------------------------------------------------------------------------------------------------


def cohort_export(*, audience, cohort: Cohort, actor):
    """Queue the Excel export of a cohort's roster and attendance (a background job)."""
    if not permissions.cohort_can_export(audience) or cohort.program_id != audience.program_id:
        raise PermissionDenied
    return job_enqueue(program_id=cohort.program_id, actor=actor, kind=EXPORT_JOB, params={"cohort_id": cohort.pk})


def cohort_export_build(*, cohort_id: int, progress=None) -> tuple[str, bytes]:
    from training.workbook import cohort_workbook

    cohort = Cohort.objects.select_related("curriculum__completion_rule").get(pk=cohort_id)
    sheet = selectors.cohort_attendance_sheet(cohort=cohort)
    labels = dict(Attendance.Status.choices)
    marks, rates = {}, {}
    for row in sheet.rows:
        rates[row.enrolment.trainee_id] = row.percent
        for session, cell in zip(sheet.sessions, row.cells, strict=True):
            marks[(row.enrolment.trainee_id, session.pk)] = str(labels[cell]) if cell else ("–" if cell is None else "")
    enrolments = [row.enrolment for row in sheet.rows]
    content = cohort_workbook(
        cohort=cohort, enrolments=enrolments, sessions=sheet.sessions, marks=marks, rates=rates, progress=progress
    )
    return f"cohort-{cohort.code}.xlsx", content
