"""Training's "waiting for you": the trainee's sessions today and this week, her IBAN if the stipend cannot be paid
without it, her certificate to download. A fixed number of queries whatever the data size (each list capped)."""

from datetime import datetime, timedelta
from datetime import time as dtime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.notifications.tasks import Task
from training.models import Attendance, Certificate, Enrolment, Session, Trainee
from training.notifications import ATTENDANCE_WARNING_MARGIN, stipend_threshold

# a certificate stays on her list this long after it is ready: long enough to be noticed and downloaded
CERTIFICATE_SHOWN_DAYS = 30
LIMIT = 10


def waiting(audience) -> list[Task]:
    if not audience.has_role(roles.AMBASSADOR, roles.OPERATOR):
        return []
    trainee = (
        Trainee.objects.filter(program_id=audience.program_id, user_id=audience.user_id)
        .only("pk", "iban_hash", "status", "track")
        .first()
    )
    if trainee is None:
        return []
    tasks = []
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    week_end = today + timedelta(days=6 - today.weekday())  # through Sunday
    active = Enrolment.objects.filter(trainee=trainee, status=Enrolment.Status.ACTIVE).values("cohort_id")
    for session in (
        Session.objects.filter(
            cohort_id__in=active,
            ends_at__gte=timezone.now(),
            starts_at__lt=datetime.combine(week_end + timedelta(days=1), dtime.min, tzinfo=tz),
        )
        .select_related("module")
        .order_by("starts_at")[:LIMIT]
    ):
        local = timezone.localtime(session.starts_at)
        when = _("today at %(time)s") if local.date() == today else _("on %(day)s at %(time)s")
        tasks.append(
            Task(
                title=_("Attend “%(module)s” %(when)s")
                % {
                    "module": session.module.title,
                    "when": when % {"day": local.strftime("%d.%m"), "time": local.strftime("%H:%M")},
                },
                # on the day she checks in with the trainer's code; before it, her timeline lists it
                url=reverse("training:checkin") if local.date() == today else reverse("training:my_training"),
                due=local.date(),  # a session under way is not "overdue"
                detail=session.place or "",
            )
        )
    tasks += _attendance(audience, trainee, today, tz)
    if not trainee.iban_hash and trainee.status in (Trainee.Status.ENROLLED, Trainee.Status.ACTIVE):
        tasks.append(
            Task(
                title=_("Give your IBAN: your stipend cannot be paid without it"),
                url=reverse("training:my_iban"),
                urgent=True,
            )
        )
    since = today - timedelta(days=CERTIFICATE_SHOWN_DAYS)
    for certificate in (
        Certificate.objects.filter(trainee=trainee, issued_on__gte=since)
        .exclude(file="")
        .select_related("curriculum")
        .order_by("-issued_on")[:LIMIT]
    ):
        tasks.append(
            Task(
                title=_("Download your certificate: %(curriculum)s") % {"curriculum": certificate.curriculum.name},
                url=reverse("training:certificate_download", args=[certificate.pk]),
            )
        )
    return tasks


def _attendance(audience, trainee, today, tz) -> list[Task]:
    """Her month's attendance when it is near or below what the stipend needs (the same rule the inbox warns of)."""
    if trainee.status != Trainee.Status.ACTIVE:
        return []
    start = today.replace(day=1)
    row = Attendance.objects.filter(
        trainee=trainee, session__starts_at__gte=datetime.combine(start, dtime.min, tzinfo=tz)
    ).aggregate(
        attended=Count("pk", filter=Q(status__in=[Attendance.Status.PRESENT, Attendance.Status.LATE])),
        absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
    )
    # read whatever the counts say: the page takes the same queries for every trainee
    threshold = stipend_threshold(program_id=audience.program_id, track=trainee.track, day=today)
    counted = row["attended"] + row["absent"]
    if not counted:
        return []
    rate = 100 * row["attended"] // counted
    if threshold is None or rate >= threshold + ATTENDANCE_WARNING_MARGIN:
        return []
    return [
        Task(
            title=_("Your attendance this month is %(rate)s %% — the stipend needs %(threshold)s %%")
            % {"rate": rate, "threshold": threshold},
            url=reverse("training:my_training"),
            # the month's stipend is decided on its attendance at the month's end: until then she can raise it
            due=(start + timedelta(days=32)).replace(day=1) - timedelta(days=1),
            detail=_(
                "You attended %(attended)s of %(counted)s sessions this month. Come to the next ones; if you cannot, "
                "tell your trainer before the session."
            )
            % {"attended": row["attended"], "counted": counted},
            urgent=rate < threshold,
        )
    ]
