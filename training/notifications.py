"""Training's notification kinds, and the helpers its services call to send them: enrolment, a changed or
cancelled session, attendance nearing the stipend threshold, a certificate ready."""

from datetime import datetime, timedelta
from datetime import time as dtime
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.notifications import Channel
from portal.notifications import recipients
from portal.notifications.kinds import register
from portal.notifications.links import absolute_url
from portal.notifications.service import notify
from portal.registry import selectors as registry_selectors

register(
    key="training.iban_changed",
    audience="trainee",
    label=_("Your stipend account was changed"),
    subject=_("Your stipend bank account was changed"),
    body=_(
        "The bank account (IBAN) your stipend is paid to was changed on {{ day }}. If you did not do this, tell the "
        "programme office at once."
    ),
    example={"day": "05.12.2026 10:15"},
    channels=(Channel.INBOX, Channel.EMAIL),
    optional=False,
    urgent=True,
)

ALL = (Channel.INBOX, Channel.EMAIL, Channel.SMS)
SESSION = {"cohort": "Kocaeli Elçi 2026/1", "module": "İş sağlığı ve güvenliği", "when": "12.12.2026 09:30"}

register(
    key="training.enrolled",
    audience="trainee",
    label=_("You are enrolled in a training cohort"),
    subject=_("You are enrolled in the training cohort {{ cohort }}"),
    body=_(
        "You are enrolled in {{ cohort }}, from {{ starts }} to {{ ends }}. Your sessions and attendance are under "
        "“My training” in the portal. Your stipend depends on attending: please come to every session or tell your "
        "trainer in advance."
    ),
    sms=_("You are enrolled in the training {{ cohort }}, from {{ starts }}. Your sessions:"),
    example={"cohort": SESSION["cohort"], "starts": "05.01.2027", "ends": "26.03.2027"},
    channels=ALL,
)
register(
    key="training.session_changed",
    audience="trainee",
    label=_("One of your training sessions changed"),
    subject=_("Your session of {{ cohort }} has changed: now {{ when }}"),
    body=_(
        "The session “{{ module }}” of {{ cohort }} has changed. It is now on {{ when }}{% if place %}, at "
        "{{ place }}{% endif %}. Before: {{ before }}."
    ),
    sms=_("Training change: “{{ module }}” is now on {{ when }}{% if place %}, {{ place }}{% endif %}."),
    example={**SESSION, "place": "Gebze OSB Eğitim Salonu", "before": "11.12.2026 09:30"},
    channels=ALL,
    urgent=True,
)
register(
    key="training.session_cancelled",
    audience="trainee",
    label=_("One of your training sessions was cancelled"),
    subject=_("Cancelled: your session of {{ cohort }} on {{ when }}"),
    body=_(
        "The session “{{ module }}” of {{ cohort }} on {{ when }} is cancelled. Reason: {{ reason }}. You do not "
        "need to come; it does not count against your attendance."
    ),
    sms=_("Training cancelled: “{{ module }}” on {{ when }} will not take place."),
    example={**SESSION, "reason": "Eğitmen hastalandı"},
    channels=ALL,
    urgent=True,
)
register(
    key="training.attendance_low",
    audience="trainee",
    label=_("Your attendance is close to the stipend threshold"),
    subject=_("Your attendance this month is {{ rate }} % — the stipend needs {{ threshold }} %"),
    body=_(
        "In {{ month }} you attended {{ attended }} of {{ counted }} sessions so far: {{ rate }} %. The stipend for "
        "the month is paid only when attendance is at least {{ threshold }} %. Please come to your next sessions; "
        "if you cannot, tell your trainer before the session (an excused absence does not count against you)."
    ),
    sms=_("Your attendance in {{ month }} is {{ rate }} %; the stipend needs {{ threshold }} %. Your sessions:"),
    example={"month": "12.2026", "attended": 7, "counted": 9, "rate": 78, "threshold": 80},
    channels=ALL,
)
register(
    key="training.certificate_ready",
    audience="trainee",
    label=_("Your certificate is ready"),
    subject=_("Congratulations: your certificate of {{ curriculum }} is ready"),
    body=_(
        "You have completed {{ curriculum }}. Your certificate is ready to download under “My training”. Anyone "
        "(an employer, for example) can check it is genuine at {{ verify_url }}"
    ),
    sms=_("Congratulations! Your training certificate is ready to download:"),
    example={"curriculum": "Değişim Elçisi Programı", "verify_url": "http://127.0.0.1:8000/training/verify/?code=X"},
    channels=ALL,
)


# --- sending: called by training.services inside their transactions -----------------------------------------------

# How close above the stipend's threshold a trainee's month may fall before she is warned (percentage points).
# An operational nudge, not a programme fact: the threshold itself is the stipend rule's.
ATTENDANCE_WARNING_MARGIN = getattr(settings, "TRAINING_ATTENDANCE_WARNING_MARGIN", 5)


def _day(value) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")


def enrolled(*, enrolment) -> None:
    cohort = enrolment.cohort
    notify(
        kind="training.enrolled",
        recipients=[recipients.trainee(enrolment.trainee)],
        obj=enrolment,
        context={
            "cohort": cohort.name,
            "starts": max(cohort.starts_on, enrolment.enrolled_on).strftime("%d.%m.%Y"),
            "ends": cohort.ends_on.strftime("%d.%m.%Y"),
        },
        link=reverse("training:my_training"),
    )


def session_people(session) -> list:
    from training.selectors import session_roster

    return [recipients.trainee(e.trainee) for e in session_roster(session=session).filter(status="active")]


def session_changed(*, session, before: str, version: str) -> None:
    notify(
        kind="training.session_changed",
        recipients=session_people(session),
        obj=session,
        key=version,
        context={
            "cohort": session.cohort.name,
            "module": session.module.title_tr,
            "when": _day(session.starts_at),
            "place": session.place,
            "before": before,
        },
        link=reverse("training:my_training"),
    )


def session_cancelled(*, session, reason: str, people: list) -> None:
    notify(
        kind="training.session_cancelled",
        recipients=people,
        obj=session.cohort,
        key=f"session-{session.pk}",
        context={
            "cohort": session.cohort.name,
            "module": session.module.title_tr,
            "when": _day(session.starts_at),
            "reason": reason,
        },
        link=reverse("training:my_training"),
    )


def stipend_threshold(*, program_id: int, track: str, day) -> int | None:
    """The attendance the stipend needs, read where the stipend rule reads it (registered by the stipend app)."""
    reader = registry_selectors.get("stipend_attendance_threshold")
    return reader(program_id=program_id, track=track, day=day) if reader else None


def attendance_watch(*, session) -> int:
    """After a session's attendance is saved: warn each trainee of the session whose month's attendance has fallen
    below the stipend threshold plus the margin. Once per trainee and month (the notification's key). Three
    queries whatever the roster's size, plus the notifications written."""
    from training.models import Attendance, Trainee

    day = timezone.localdate(session.starts_at)
    threshold = stipend_threshold(program_id=session.program_id, track=session.cohort.track, day=day)
    if threshold is None:
        return 0
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    rows = (
        Attendance.objects.filter(
            program_id=session.program_id,
            trainee_id__in=Attendance.objects.filter(session=session).values("trainee_id"),
            session__starts_at__gte=datetime.combine(start, dtime.min, tzinfo=tz),
            session__starts_at__lt=datetime.combine(following, dtime.min, tzinfo=tz),
        )
        .values("trainee_id")
        .annotate(
            attended=Count("pk", filter=Q(status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE])),
            absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
        )
    )
    low = {}
    for row in rows:
        counted = row["attended"] + row["absent"]
        if not counted:
            continue
        rate = Decimal(100) * row["attended"] / counted
        if rate < threshold + ATTENDANCE_WARNING_MARGIN:
            low[row["trainee_id"]] = (row["attended"], counted, rate)
    if not low:
        return 0
    for trainee in Trainee.objects.filter(pk__in=list(low)).select_related("user"):
        attended, counted, rate = low[trainee.pk]
        notify(
            kind="training.attendance_low",
            recipients=[recipients.trainee(trainee)],
            obj=trainee,
            key=start.strftime("%Y-%m"),
            context={
                "month": start.strftime("%m.%Y"),
                "attended": attended,
                "counted": counted,
                "rate": int(rate.to_integral_value(rounding=ROUND_FLOOR)),
                "threshold": threshold,
            },
            link=reverse("training:my_training"),
        )
    return len(low)


def certificate_ready(*, certificate) -> None:
    notify(
        kind="training.certificate_ready",
        recipients=[recipients.trainee(certificate.trainee)],
        obj=certificate,
        context={
            "curriculum": certificate.curriculum.name_tr,
            "verify_url": absolute_url(reverse("training:certificate_verify") + f"?code={certificate.code}"),
        },
        link=reverse("training:my_training"),
    )
