"""The attendance sheet of one session (the trainer's phone page)."""

from dataclasses import dataclass

from django.utils import timezone

from training import checkin as codes
from training.models import (
    Attendance,
    AttendanceChange,
    CheckIn,
    Enrolment,
    Session,
)

from .cohorts import session_roster


@dataclass
class SheetRow:
    enrolment: Enrolment
    attendance: Attendance | None
    checkin: CheckIn | None

    @property
    def trainee(self):
        return self.enrolment.trainee

    @property
    def status(self) -> str:
        """What the sheet shows: the recorded status, else present (everyone present by default)."""
        return self.attendance.status if self.attendance else Attendance.Status.PRESENT

    @property
    def reason(self) -> str:
        return self.attendance.reason if self.attendance else ""


@dataclass
class SessionSheet:
    session: Session
    rows: list
    history: list
    pending_checkins: int
    code: str | None

    @property
    def recorded(self) -> bool:
        return self.session.attendance_version > 0


def session_sheet(*, session, history_limit: int = 50) -> SessionSheet:
    enrolments = list(session_roster(session=session))
    ids = [e.trainee_id for e in enrolments]
    attendance = {a.trainee_id: a for a in Attendance.objects.filter(session=session, trainee_id__in=ids)}
    checkins = {c.trainee_id: c for c in CheckIn.objects.filter(session=session)}
    history = list(
        AttendanceChange.objects.filter(session=session)
        .select_related("trainee__user", "changed_by")
        .order_by("-changed_at", "-pk")[:history_limit]
    )
    rows = [SheetRow(e, attendance.get(e.trainee_id), checkins.get(e.trainee_id)) for e in enrolments]
    pending = sum(1 for c in checkins.values() if c.confirmed_at is None)
    return SessionSheet(session, rows, history, pending, session_checkin_code(session=session))


def session_checkin_code(*, session) -> str | None:
    """The code trainees type now, or None when no code is valid."""
    now = timezone.now()
    if not session.checkin_nonce or not session.checkin_expires_at or session.checkin_expires_at <= now:
        return None
    return codes.code_for(session.pk, session.checkin_nonce)


def session_checkins(*, session):
    return CheckIn.objects.filter(session=session).select_related("trainee__user", "confirmed_by")
