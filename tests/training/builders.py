"""Bulk builders for training tests: a cohort with n trainees and m sessions, attendance, grades."""

from datetime import timedelta

from django.utils import timezone

from portal import roles
from portal.models import Membership, Role, User
from tests.factories import province
from training.models import Attendance, Cohort, CohortTrainer, Enrolment, Session, Trainee


def add_trainees(pw, cohort, n: int, *, prefix: str = "Kursiyer") -> list:
    start = Trainee.objects.count()
    users = User.objects.bulk_create(
        User(
            email=f"{prefix.lower()}{start + i}-{cohort.pk}@example.test",
            full_name=f"{prefix} {start + i}",
            password="!",
        )
        for i in range(n)
    )
    trainees = Trainee.objects.bulk_create(
        Trainee(program=pw.program, user=u, track=cohort.track, province=province(34), status="active") for u in users
    )
    role = Role.objects.get(code=roles.AMBASSADOR if cohort.track == "ambassador" else roles.OPERATOR)
    Membership.objects.bulk_create(Membership(program=pw.program, user=u, role=role) for u in users)
    Enrolment.objects.bulk_create(
        Enrolment(
            program=pw.program, cohort=cohort, trainee=t, enrolled_on=cohort.starts_on, created_by=pw.users[roles.STAFF]
        )
        for t in trainees
    )
    return trainees


def add_sessions(pw, cohort, n: int, *, first=None, module=None, every=timedelta(days=1)) -> list:
    first = first or timezone.now() - timedelta(days=n + 1)
    module = module or cohort.curriculum.modules.order_by("order").first()
    return Session.objects.bulk_create(
        Session(
            program=pw.program,
            cohort=cohort,
            module=module,
            starts_at=first + i * every,
            ends_at=first + i * every + timedelta(hours=3),
        )
        for i in range(n)
    )


def mark_all(pw, sessions, trainees, status="present", by=None) -> None:
    by = by or pw.users[roles.TRAINER]
    Attendance.objects.bulk_create(
        Attendance(
            program=pw.program, session=s, trainee=t, status=status, reason="rapor" if status == "excused" else "",
            recorded_by=by, recorded_at=s.ends_at,
        )
        for s in sessions
        for t in trainees
    )  # fmt: skip


def new_cohort(pw, *, code, trainer=None, days_ago=60, days_left=60, capacity=100) -> Cohort:
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        program=pw.program,
        code=code,
        name=f"Kohort {code}",
        track=pw.curriculum.track,
        curriculum=pw.curriculum,
        province=province(34),
        starts_on=today - timedelta(days=days_ago),
        ends_on=today + timedelta(days=days_left),
        capacity=capacity,
    )
    if trainer is not None:
        CohortTrainer.objects.create(program=pw.program, cohort=cohort, trainer=trainer)
    return cohort
