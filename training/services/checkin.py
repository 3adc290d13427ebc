"""Self check-in."""

from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.services.audit import audit_record
from training import checkin as codes
from training import notifications, selectors
from training.models import (
    Attendance,
    CheckIn,
    Enrolment,
    Session,
    Trainee,
)

from ._common import _setting, checkin_opens_minutes_before
from .access import _require_can_teach
from .attendance import _apply_marks, _claim_sheet


# Operational timings (not program facts): how long a check-in code lives, how early check-in opens.
def checkin_code_minutes() -> int:
    return _setting("TRAINING_CHECKIN_CODE_MINUTES", 15)


CHECKIN_MAX_FAILURES = 10
CHECKIN_FAILURE_WINDOW = 15 * 60


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
