"""Training pages take a fixed number of SQL queries at n and 10×n rows (tests.helpers.assert_constant_queries).

The cohort attendance sheet grows to 40 trainees × 60 sessions (2,400 marks); the trainee timeline to 10× the
sessions, modules, marks and grades.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal import roles
from portal.tenancy import program_scope
from tests.helpers import assert_constant_queries
from tests.training.builders import add_sessions, add_trainees, mark_all, new_cohort
from training.models import AttendanceChange, CheckIn, CurriculumModule, Enrolment, Grade, Session

MEASURED = {}


def _cohort_grower(pw, cohort):
    state = {"trainees": [], "sessions": [], "day": 0}

    def grow(n):
        with program_scope(pw.program.pk):
            new_trainees = add_trainees(pw, cohort, n)
            first = timezone.now() - timedelta(days=200 - state["day"])
            new_sessions = add_sessions(pw, cohort, n * 3 // 2, first=first)
            state["day"] += n * 3 // 2
            mark_all(pw, new_sessions, state["trainees"] + new_trainees)
            mark_all(pw, state["sessions"], new_trainees, status="late")
            state["trainees"] += new_trainees
            state["sessions"] += new_sessions

    return grow


@pytest.mark.parametrize("role", [roles.TRAINER, roles.STAFF])
def test_the_cohort_attendance_sheet_40_trainees_by_60_sessions(client, world, role):
    pw = world.a
    with program_scope(pw.program.pk):
        cohort = new_cohort(pw, code="BUYUK", trainer=pw.users[roles.TRAINER], days_ago=210)
    client.force_login(pw.users[role])
    url = reverse("training:cohort_attendance", args=[cohort.pk])
    grow = _cohort_grower(pw, cohort)
    count = assert_constant_queries(client, url, grow=grow, n=4)  # 4 × 6, then 40 × 60
    html = client.get(url).content.decode()
    assert html.count('<tr><th class="text-start text-nowrap">') == 40  # one row per trainee
    MEASURED[f"cohort sheet ({role})"] = count
    assert count <= 16, count


def test_the_session_sheet_on_the_trainers_phone(client, world):
    pw = world.a
    with program_scope(pw.program.pk):
        cohort = new_cohort(pw, code="SINIF", trainer=pw.users[roles.TRAINER])
        session = add_sessions(pw, cohort, 1, first=timezone.now() - timedelta(hours=1))[0]

    def grow(n):
        with program_scope(pw.program.pk):
            trainees = add_trainees(pw, cohort, n)
            mark_all(pw, [session], trainees)
            from training.models import Attendance

            rows = Attendance.objects.filter(session=session, trainee__in=trainees)
            AttendanceChange.objects.bulk_create(
                AttendanceChange(
                    program=pw.program, attendance=a, session=session, trainee_id=a.trainee_id, new_status=a.status,
                    changed_by=a.recorded_by, changed_at=a.recorded_at, session_version=1,
                )
                for a in rows
            )  # fmt: skip
            CheckIn.objects.bulk_create(
                CheckIn(program=pw.program, session=session, trainee=t, checked_in_at=timezone.now()) for t in trainees
            )

    client.force_login(pw.users[roles.TRAINER])
    count = assert_constant_queries(client, reverse("training:session_attendance", args=[session.pk]), grow=grow, n=4)
    MEASURED["session sheet"] = count
    assert count <= 16, count


def test_the_trainee_timeline(client, world):
    pw = world.a
    ambassador = pw.trainees[roles.AMBASSADOR]
    cohort = pw.own_cohort

    def grow(n):
        with program_scope(pw.program.pk):
            start = CurriculumModule.objects.filter(curriculum=pw.curriculum).count()
            modules = CurriculumModule.objects.bulk_create(
                CurriculumModule(
                    program=pw.program, curriculum=pw.curriculum, order=start + i, code=f"X{start + i}",
                    title_tr="Ek", title_en="Extra", domain="green", planned_hours=4, assessment="exam",
                )
                for i in range(n)
            )  # fmt: skip
            sessions = []
            for i, module in enumerate(modules):
                sessions += add_sessions(pw, cohort, 2, first=timezone.now() - timedelta(days=20 - i), module=module)
            sessions += add_sessions(pw, cohort, n, first=timezone.now() + timedelta(days=30), module=modules[0])
            past = [s for s in sessions if s.starts_at < timezone.now()]
            mark_all(pw, past[::2], [ambassador])
            mark_all(pw, past[1::2], [ambassador], status="absent")
            Grade.objects.bulk_create(
                Grade(
                    program=pw.program, trainee=ambassador, module=m, cohort=cohort, score=70,
                    graded_by=pw.users[roles.TRAINER], graded_at=timezone.now(),
                )
                for m in modules
            )  # fmt: skip
            CheckIn.objects.bulk_create(
                CheckIn(program=pw.program, session=s, trainee=ambassador, checked_in_at=s.starts_at) for s in past[::2]
            )

    client.force_login(ambassador.user)
    count = assert_constant_queries(client, reverse("training:my_training"), grow=grow, n=3)
    MEASURED["my training (timeline)"] = count
    # 16 for the timeline, 5 for "waiting for you" (her record, this week's sessions, her month's attendance and
    # the stipend's threshold, her certificates), 3 for the money tasks (her IBAN, a failed payment, its run)
    assert count <= 24, count
    client.force_login(pw.users[roles.STAFF])
    url = reverse("training:trainee_detail", args=[ambassador.pk])
    MEASURED["trainee detail (staff)"] = assert_constant_queries(client, url, grow=grow, n=3)


@pytest.mark.parametrize("url_name", ["training:cohort_list", "training:at_risk", "training:trainee_list"])
def test_office_overviews(client, world, url_name):
    pw = world.a
    made = []

    def grow(n):
        with program_scope(pw.program.pk):
            for _ in range(max(1, n // 3)):
                cohort = new_cohort(pw, code=f"C{len(made)}", trainer=pw.users[roles.TRAINER])
                made.append(cohort)
                trainees = add_trainees(pw, cohort, 3)
                sessions = add_sessions(pw, cohort, 3, first=timezone.now() - timedelta(days=5), module=pw.modules[0])
                mark_all(pw, sessions[:1], trainees)
                mark_all(pw, sessions[1:], trainees, status="absent")

    client.force_login(pw.users[roles.STAFF])
    count = assert_constant_queries(client, reverse(url_name), grow=grow, n=3)
    MEASURED[url_name] = count
    assert count <= 16, count


def test_report_the_measured_counts(capsys):
    """Prints what the tests above measured (run with -s to see them)."""
    with capsys.disabled():
        for name, count in sorted(MEASURED.items()):
            print(f"  {name}: {count} queries")
    assert Enrolment and Session  # the models the counts are about
