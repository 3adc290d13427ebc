"""Completion by the curriculum's rule (data staff change), the certificate built in the background, its check."""

import io
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from portal import roles
from portal.models import Job
from portal.registry import job_kinds
from portal.services.jobs import job_run
from portal.tenancy import program_scope
from tests.training.builders import add_sessions, add_trainees, mark_all, new_cohort
from training.models import Certificate, CompletionRule, Enrolment, Grade, Trainee


def finished_cohort(pw, *, absent_for_second=0):
    """A cohort whose sessions are all over: 5 sessions of M1 and 5 of M2, two trainees, attendance taken."""
    cohort = new_cohort(pw, code="BITTI-1", trainer=pw.users[roles.TRAINER], days_ago=40, days_left=0)
    first, second = add_trainees(pw, cohort, 2, prefix="Mezun")
    start = timezone.now() - timedelta(days=30)
    sessions = add_sessions(pw, cohort, 5, first=start, module=pw.modules[0]) + add_sessions(
        pw, cohort, 5, first=start + timedelta(days=10), module=pw.modules[1]
    )
    mark_all(pw, sessions, [first])
    mark_all(pw, sessions[absent_for_second:], [second])
    mark_all(pw, sessions[:absent_for_second], [second], status="absent")
    return cohort, first, second


def grade(client, cohort, module, scores):
    return client.post(
        reverse("training:cohort_grades", args=[cohort.pk]) + f"?module={module.pk}",
        {f"score-{t.pk}": s for t, s in scores.items()},
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_entering_the_last_grades_completes_who_meets_the_rule_and_builds_her_certificate(client, world):
    pw = world.a
    with program_scope(pw.program.pk):
        cohort, first, second = finished_cohort(pw)
    client.force_login(pw.users[roles.TRAINER])
    assert grade(client, cohort, pw.modules[0], {first: "75", second: "59,99"}).status_code == 302
    assert grade(client, cohort, pw.modules[1], {first: "60", second: "90"}).status_code == 302

    with scopes_disabled():
        first.refresh_from_db(), second.refresh_from_db()
        assert (first.status, second.status) == (Trainee.Status.COMPLETED, Trainee.Status.ACTIVE)
        assert Enrolment.objects.get(trainee=first).status == Enrolment.Status.COMPLETED
        certificate = Certificate.objects.get(trainee=first)
        assert not Certificate.objects.filter(trainee=second).exists()  # 59.99 is below the pass mark of 60
        assert certificate.job.kind == "training_certificate" and certificate.job.status == Job.Status.QUEUED
        assert not certificate.file

    with program_scope(pw.program.pk):
        job_run(job_id=certificate.job_id)  # what the worker does (eager mode runs it after the commit)
    with scopes_disabled():
        certificate.refresh_from_db()
        assert certificate.job.status == Job.Status.DONE
    text = pdf_text(certificate.file.read())
    assert first.user.full_name in text
    assert pw.program.name_tr in text
    assert certificate.code in text and "KATILIM VE BAŞARI SERTİFİKASI" in text and "Certificate of Completion" in text

    client.force_login(first.user)
    mine = client.get(reverse("training:my_training")).content.decode()
    assert 'data-completion="completed"' in mine and "data-certificate-download" in mine
    download = client.get(reverse("training:certificate_download", args=[certificate.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_minimum_attendance_is_data_staff_change_not_a_constant(client, world):
    pw = world.a
    with program_scope(pw.program.pk):
        cohort, _first, second = finished_cohort(pw, absent_for_second=3)  # 7 of 10: 70%
        for module in pw.modules[:2]:
            Grade.objects.create(
                program=pw.program, trainee=second, module=module, cohort=cohort, score=Decimal(80),
                graded_by=pw.users[roles.TRAINER], graded_at=timezone.now(),
            )  # fmt: skip
    client.force_login(pw.users[roles.STAFF])
    complete = reverse("training:cohort_complete", args=[cohort.pk])
    client.post(complete)
    with scopes_disabled():
        assert not Certificate.objects.filter(trainee=second).exists()

    rule_url = reverse("training:completion_rule_edit", args=[pw.curriculum.pk])
    form = {
        "min_attendance_percent": 70,
        "pass_mark": "60",
        "late_counts_as_attended": "on",
        "at_risk_attendance_percent": 80,
        "at_risk_window_weeks": 3,
    }
    assert client.post(rule_url, {**form, "min_attendance_percent": 120}).status_code == 400
    assert client.post(rule_url, form).status_code == 302
    with scopes_disabled():
        assert CompletionRule.objects.get(curriculum=pw.curriculum).min_attendance_percent == 70
    assert "%70" in client.get(reverse("training:curriculum_detail", args=[pw.curriculum.pk])).content.decode()
    client.post(complete)
    with scopes_disabled():
        assert Certificate.objects.filter(trainee=second).count() == 1
    client.post(complete)  # again: nothing more
    with scopes_disabled():
        assert Certificate.objects.filter(trainee=second).count() == 1


def test_a_cohort_with_sessions_still_to_come_completes_nobody(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    assert client.post(reverse("training:cohort_complete", args=[pw.cohort.pk])).status_code == 302
    with scopes_disabled():
        assert not Certificate.objects.filter(cohort=pw.cohort).exists()


def test_anyone_can_verify_a_certificate_and_learns_only_name_programme_and_date(client, world):
    pw = world.a
    operator = pw.trainees[roles.OPERATOR]
    url = reverse("training:certificate_verify")
    response = client.get(url, {"code": pw.certificate.code.lower()})
    html = response.content.decode()
    assert response.status_code == 200 and "data-verified" in html
    assert operator.user.full_name in html and pw.program.name_tr in html and pw.program.name_en in html
    assert pw.certificate.issued_on.strftime("%d.%m.%Y") in html
    assert operator.user.email not in html and pw.done_cohort.name not in html
    assert client.get(url, {"code": "NOSUCHCODE123"}).status_code == 404
    assert client.get(url).status_code == 200
    with scopes_disabled():
        Certificate.objects.filter(pk=pw.certificate.pk).update(file="")
    assert client.get(url, {"code": pw.certificate.code}).status_code == 404  # not built yet: not shown as valid


def test_a_certificate_downloads_for_its_owner_and_the_office_only(client, world):
    pw = world.a
    url = reverse("training:certificate_download", args=[pw.certificate.pk])
    client.force_login(pw.users[roles.OPERATOR])
    response = client.get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    client.force_login(pw.users[roles.AMBASSADOR])
    assert client.get(url).status_code == 404
    client.force_login(world.b.users[roles.STAFF])
    assert client.get(url).status_code == 404


def test_the_certificate_job_kind_is_registered():
    assert "training_certificate" in job_kinds and "training_cohort_export" in job_kinds
