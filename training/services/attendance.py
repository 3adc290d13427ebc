"""Attendance."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from portal.services.audit import audit_record
from training import notifications, selectors
from training.models import (
    Attendance,
    AttendanceChange,
    Session,
)

from ._common import checkin_opens_minutes_before
from .access import _require_can_teach


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
