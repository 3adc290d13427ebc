"""The programme office: cohorts overview, the at-risk list, Excel export."""

import io
import os
import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from portal import roles
from portal.models import Job
from portal.tenancy import program_scope
from tests.training.builders import add_sessions, add_trainees, mark_all, new_cohort
from training import services
from training.models import Enrolment, Grade


def test_the_cohorts_overview_shows_fill_attendance_and_completion_forecast(client, world):
    pw = world.a
    with program_scope(pw.program.pk):
        cohort = new_cohort(pw, code="GENEL", capacity=8)
        good, poor, late = add_trainees(pw, cohort, 3)
        sessions = add_sessions(pw, cohort, 4)
        mark_all(pw, sessions, [good])
        mark_all(pw, sessions[:1], [poor])
        mark_all(pw, sessions[1:], [poor], status="absent")
        mark_all(pw, sessions, [late], status="late")
    client.force_login(pw.users[roles.ME])
    html = client.get(reverse("training:cohort_list")).content.decode()
    row = html[html.index(f'data-cohort="{cohort.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "3/8 (%37)" in row  # fill
    assert '<td class="text-end" data-attendance>%75</td>' in row  # 9 of 12 sessions attended (late counts)
    assert '<td class="text-end" data-forecast>%66</td>' in row  # 2 of 3 on track
    assert pw.own_cohort.name in html and world.b.own_cohort.name not in html


def test_the_at_risk_list_names_low_recent_attendance_and_missing_or_failed_grades(client, world):
    pw = world.a
    with program_scope(pw.program.pk):
        cohort = new_cohort(pw, code="RISK", trainer=pw.users[roles.TRAINER])
        steady, fading, ungraded = add_trainees(pw, cohort, 3, prefix="Risk")
        old = add_sessions(pw, cohort, 4, first=timezone.now() - timedelta(weeks=8), module=pw.modules[0])
        recent = add_sessions(pw, cohort, 4, first=timezone.now() - timedelta(weeks=2), module=pw.modules[1])
        add_sessions(pw, cohort, 2, first=timezone.now() + timedelta(days=3), module=pw.modules[1])
        mark_all(pw, old + recent, [steady, ungraded])
        mark_all(pw, old, [fading])
        mark_all(pw, recent[:1], [fading])
        mark_all(pw, recent[1:], [fading], status="absent")
        for trainee, score in ((steady, 80), (fading, 45)):
            Grade.objects.create(
                program=pw.program, trainee=trainee, module=pw.modules[0], cohort=cohort, score=score,
                graded_by=pw.users[roles.TRAINER], graded_at=timezone.now(),
            )  # fmt: skip
    client.force_login(pw.users[roles.STAFF])
    html = client.get(reverse("training:at_risk")).content.decode()
    assert f'data-at-risk="{steady.pk}"' not in html
    fading_row = html[html.index(f'data-at-risk="{fading.pk}"') :].split("</tr>")[0]
    assert "%25" in fading_row and "M1" in fading_row  # 1 of 4 recent sessions; 45 is below the pass mark
    ungraded_row = html[html.index(f'data-at-risk="{ungraded.pk}"') :].split("</tr>")[0]
    assert "%100" in ungraded_row and "M1" in ungraded_row  # M1 is over and has no grade for her
    assert html.index(f'data-at-risk="{fading.pk}"') < html.index(f'data-at-risk="{ungraded.pk}"')  # worst first


def test_the_at_risk_list_keeps_a_transferred_trainees_earlier_grades_and_counts_a_correction_at_once(client, world):
    """The risk is worked out when asked: a grade given in her earlier cohort still counts after a transfer, and
    a trainer's correction of a mark changes the list straight away."""
    pw = world.a
    staff, trainer = pw.users[roles.STAFF], pw.users[roles.TRAINER]
    with program_scope(pw.program.pk):
        first = new_cohort(pw, code="ILK", trainer=trainer)
        second = new_cohort(pw, code="IKINCI", trainer=trainer)
        (moved,) = add_trainees(pw, first, 1, prefix="Nakil")
        (corrected,) = add_trainees(pw, second, 1, prefix="Duzeltme")
        add_sessions(pw, first, 2, first=timezone.now() - timedelta(weeks=8), module=pw.modules[0])
        add_sessions(pw, second, 2, first=timezone.now() - timedelta(weeks=8), module=pw.modules[0])
        recent = add_sessions(pw, second, 2, first=timezone.now() - timedelta(days=4), module=pw.modules[1])
        for trainee, cohort, module in (
            (moved, first, pw.modules[0]),
            (moved, second, pw.modules[1]),
            (corrected, second, pw.modules[0]),
            (corrected, second, pw.modules[1]),
        ):
            Grade.objects.create(
                program=pw.program,
                trainee=trainee,
                module=module,
                cohort=cohort,
                score=90,
                graded_by=trainer,
                graded_at=timezone.now(),
            )
        services.enrolment_transfer(
            enrolment=Enrolment.objects.get(trainee=moved, status="active"), to_cohort=second, actor=staff,
            reason="Ev adresi değişti", on=timezone.localdate() - timedelta(days=10),
        )  # fmt: skip
        for session in recent:
            services.attendance_record(
                session=session, actor=trainer, marks={moved.pk: ("present", ""), corrected.pk: ("present", "")},
                expected_version=0,
            )  # fmt: skip
    client.force_login(staff)
    html = client.get(reverse("training:at_risk")).content.decode()
    assert f'data-at-risk="{moved.pk}"' not in html  # M1 graded in her first cohort
    assert f'data-at-risk="{corrected.pk}"' not in html
    with program_scope(pw.program.pk):
        for session in recent:
            session.refresh_from_db()
            services.attendance_record(
                session=session, actor=trainer, marks={corrected.pk: ("absent", "")},
                expected_version=session.attendance_version, correction_reason="Yanlış işaretlenmiş",
            )  # fmt: skip
    html = client.get(reverse("training:at_risk")).content.decode()
    row = html[html.index(f'data-at-risk="{corrected.pk}"') :].split("</tr>")[0]
    assert "%0" in row and "text-danger" in row


def test_the_at_risk_list_comes_in_pages_worst_first(client, world):
    pw = world.a
    with program_scope(pw.program.pk):
        cohort = new_cohort(pw, code="SAYFA", trainer=pw.users[roles.TRAINER])
        trainees = add_trainees(pw, cohort, 53, prefix="Sayfa")
        sessions = add_sessions(pw, cohort, 4, first=timezone.now() - timedelta(days=6), module=pw.modules[1])
        mark_all(pw, sessions, trainees[:3], status="absent")  # the three worst: 0 %
        mark_all(pw, sessions[:1], trainees[3:])
        mark_all(pw, sessions[1:], trainees[3:], status="absent")  # everyone else: 25 %
    client.force_login(pw.users[roles.STAFF])
    first = client.get(reverse("training:at_risk")).content.decode()
    second = client.get(reverse("training:at_risk") + "?page=2").content.decode()
    on_first = {t.pk for t in trainees if f'data-at-risk="{t.pk}"' in first}
    on_second = {t.pk for t in trainees if f'data-at-risk="{t.pk}"' in second}
    assert len(on_first) == 50 and on_first.isdisjoint(on_second) and on_first | on_second >= {t.pk for t in trainees}
    assert {t.pk for t in trainees[:3]} <= on_first
    assert "?page=2" in first


@pytest.mark.django_db(transaction=True)
def test_staff_export_a_cohorts_roster_and_attendance_to_excel(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    response = client.post(reverse("training:cohort_export", args=[pw.cohort.pk]))
    assert response.status_code == 302
    job_pk = int(response.url.rstrip("/").split("/")[-1])
    deadline = time.monotonic() + (60 if os.environ.get("REDIS_URL") else 5)
    while True:
        with scopes_disabled():
            job = Job.objects.get(pk=job_pk)
        if job.is_finished or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert job.status == Job.Status.DONE, job.error
    download = client.get(reverse("job_download", args=[job_pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    roster, attendance = book.worksheets
    # under the EU funding line and the export date: the cohort's caption and the heading, then the people
    assert "European Union" in roster.cell(1, 1).value or "Avrupa Birliği" in roster.cell(1, 1).value
    names = {row[1] for row in roster.iter_rows(min_row=5, values_only=True)}
    assert names == {t.user.full_name for t in pw.class_trainees}
    rows = list(attendance.iter_rows(min_row=3, values_only=True))
    assert len(rows[0]) == 3 + 3  # ID, name, rate + the cohort's three sessions
    assert {row[2] for row in rows[1:]} == {100}
    assert pw.trainees[roles.AMBASSADOR].user.email not in str(list(roster.iter_rows(values_only=True)))


def test_the_trainer_home_lists_todays_sessions_with_big_buttons_and_only_her_cohorts(client, world):
    pw = world.a
    client.force_login(pw.users[roles.TRAINER])
    html = client.get(reverse("training:trainer_home")).content.decode()
    assert reverse("training:session_attendance", args=[pw.session.pk]) in html
    assert "btn-lg tap-target" in html
    assert pw.cohort.name in html and pw.own_cohort.name not in html


def test_my_training_shows_cohort_next_session_curriculum_and_attendance(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    html = client.get(reverse("training:my_training")).content.decode()
    assert pw.own_cohort.name in html
    assert 'data-step="done"' in html and 'data-step="current"' in html and 'data-step="next"' in html
    assert 'data-attendance-percent="100"' in html
    assert "Eğitmen İki A" in html  # her trainer, on the next session
    assert len(re.findall(r'class="card[ "]', html)) == 1  # one summary card, the rest are plain sections
    assert pw.other_trainees[0].user.full_name not in html


def test_my_training_when_not_yet_in_a_cohort(client, world):
    pw = world.a
    with scopes_disabled():
        pw.enrolment.delete()
    client.force_login(pw.users[roles.AMBASSADOR])
    response = client.get(reverse("training:my_training"))
    assert response.status_code == 200 and "data-attendance-percent" not in response.content.decode()


def test_curricula_show_their_modules_hours_and_rule(client, world):
    pw = world.a
    client.force_login(pw.users[roles.FINANCE])
    html = client.get(reverse("training:curriculum_list")).content.decode()
    assert pw.curriculum.name_tr in html
    html = client.get(reverse("training:curriculum_detail", args=[pw.curriculum.pk])).content.decode()
    assert "M1" in html and "%80" in html
    assert reverse("training:completion_rule_edit", args=[pw.curriculum.pk]) not in html  # finance cannot edit
