"""Period close freezes the figures; the monitoring report is built in the background and kept with its snapshot;
the policy-report data leaves no one identifiable."""

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from pypdf import PdfReader

from firms.models import Firm
from portal import roles
from portal.models import Job
from portal.tenancy import audience_for, program_scope
from reports import policy_export, services
from reports.figures import snapshot_build
from reports.models import MonitoringReport, ReportingPeriod
from tests.factories import FirmFactory, TraineeFactory, province
from tests.reports.builders import at


def _audience(pw, role=roles.ME):
    return audience_for(pw.users[role], program_id=pw.program.pk)


def test_closing_a_period_freezes_its_figures_with_the_records_behind_them(world):
    pw = world.a
    with program_scope(pw.program.pk):
        services.logframe_install_default(program=pw.program)
        Firm.objects.filter(program=pw.program).update(created_at=at(date(2026, 5, 1)))
        period = services.period_close(audience=_audience(pw), actor=pw.users[roles.ME], period=pw.open_period)
        frozen = {e["code"]: e for e in period.snapshot["indicators"]}
        assert frozen["OP1.1"]["value"] == 2  # the world's two firms
        assert sorted(frozen["OP1.1"]["records"]) == sorted(f"firm:{f.pk}" for f in pw.firms)
        # a firm entered afterwards with an earlier date changes the live figure, not what the period said
        late = FirmFactory(program=pw.program)
        Firm.objects.filter(pk=late.pk).update(created_at=at(date(2026, 5, 2)))
        live = snapshot_build(program_id=pw.program.pk, as_of=period.ends_on)
        assert {e["code"]: e for e in live["indicators"]}["OP1.1"]["value"] == 3
        period.refresh_from_db()
        assert {e["code"]: e for e in period.snapshot["indicators"]}["OP1.1"]["value"] == 2
        with pytest.raises(ValidationError):
            services.period_close(audience=_audience(pw), actor=pw.users[roles.ME], period=period)


def test_only_staff_and_me_close_periods_and_not_before_they_end(world):
    pw = world.a
    with program_scope(pw.program.pk):
        with pytest.raises(PermissionDenied):
            services.period_close(
                audience=_audience(pw, roles.STAKEHOLDER), actor=pw.users[roles.STAKEHOLDER], period=pw.open_period
            )
        future = ReportingPeriod.objects.create(
            program=pw.program, kind="monthly", starts_on=date(2099, 1, 1), ends_on=date(2099, 1, 31),
            created_by=pw.users[roles.STAFF],
        )  # fmt: skip
        with pytest.raises(ValidationError):
            services.period_close(audience=_audience(pw), actor=pw.users[roles.ME], period=future)


def test_a_period_starts_on_the_first_day_of_its_month_or_quarter(world):
    pw = world.a
    with program_scope(pw.program.pk):
        with pytest.raises(ValidationError):
            services.period_create(
                audience=_audience(pw), actor=pw.users[roles.ME], kind="quarterly", starts_on=date(2026, 2, 1)
            )
        period = services.period_create(
            audience=_audience(pw), actor=pw.users[roles.ME], kind="quarterly", starts_on=date(2026, 7, 1)
        )
        assert period.ends_on == date(2026, 9, 30)
        monthly = services.period_create(
            audience=_audience(pw), actor=pw.users[roles.ME], kind="monthly", starts_on=date(2026, 2, 1)
        )
        assert monthly.ends_on == date(2026, 2, 28)


def test_monitoring_report_is_built_in_the_background_with_narratives_and_the_eu_block(
    client, world, django_capture_on_commit_callbacks
):
    pw = world.a
    with scopes_disabled():
        services.logframe_install_default(program=pw.program)
    client.force_login(pw.users[roles.ME])
    client.post(
        reverse("reports:narrative_save", args=[pw.open_period.pk]),
        {"key": "challenges", "language": "en", "text": "Cohorts in Hatay started late."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_generate", args=[pw.open_period.pk]), {"language": "en"})
    assert response.status_code == 302
    with scopes_disabled():
        report = MonitoringReport.objects.get(period=pw.open_period)
        job = Job.objects.get(pk=report.job_id)
    assert job.status == Job.Status.DONE and job.progress == 100
    assert report.snapshot["indicators"] and report.language == "en"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(report.file.read())).pages)
    assert "Firms selected" in text and "Change ambassadors selected" in text
    assert "Cohorts in Hatay started late." in text
    assert text.count("This project is funded by the European Union.") == len(PdfReader(report.file.open("rb")).pages)
    html = client.get(reverse("reports:period_detail", args=[pw.open_period.pk])).content.decode()
    assert reverse("reports:report_download", args=[report.pk]) in html


def test_beat_schedules_a_report_for_every_period_that_ended_without_one(world):
    pw = world.a
    with program_scope(pw.program.pk):
        # the world's closed quarter has a report already; the open one ended in June and has none
        assert services.monitoring_reports_schedule(program_id=pw.program.pk, today=date(2026, 11, 1)) == 1
        # the job is queued: a second run does not queue it twice
        assert services.monitoring_reports_schedule(program_id=pw.program.pk, today=date(2026, 11, 1)) == 0
        job = Job.objects.get(kind=services.JOB_MONITORING_REPORT, params__period_id=pw.open_period.pk)
        assert job.params["scheduled"] is True


def test_policy_export_has_no_direct_identifiers_and_generalises_small_cells(world):
    pw = world.a
    with scopes_disabled():
        for _ in range(6):
            TraineeFactory(program=pw.program, province=province(34))
    with program_scope(pw.program.pk):
        content = policy_export.build(program_id=pw.program.pk)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert set(archive.namelist()) == {"firms.csv", "trainees.csv", "data_dictionary.csv", "README.md"}
    everything = b"".join(archive.read(n) for n in archive.namelist()).decode()
    for secret in pw.secrets():
        assert secret not in everything
    trainees = list(csv.DictReader(io.StringIO(archive.read("trainees.csv").decode())))
    provinces = [r["province"] for r in trainees if r["track"] == "ambassador"]
    assert "İstanbul" in provinces
    from collections import Counter

    groups = Counter((r["province"], r["track"]) for r in trainees)
    assert all(n >= 5 or province_ == "*" for (province_, _track), n in groups.items())
    assert "What was removed" in archive.read("README.md").decode()


def test_the_beat_task_visits_every_program_in_its_own_scope(world):
    from reports.tasks import monitoring_reports_due

    # each world program has one ended period without a report (the open quarter)
    assert monitoring_reports_due() == 2
    assert monitoring_reports_due() == 0


def test_a_late_entry_dated_inside_the_period_is_frozen_at_close_but_not_rewritten_into_the_past(world):
    """An enrolment of 1 May entered today: the figure "as of 30 June" as it stood then leaves it out; closing the
    quarter now (after the entry) includes it, and the snapshot keeps it."""
    from reports.calculators import Facts, evaluate
    from training.models import Enrolment

    pw = world.a
    with program_scope(pw.program.pk):
        cohort = pw.curriculum.cohorts.first()
        trainee = TraineeFactory(program=pw.program, province=province(31))
        Enrolment.objects.create(
            program=pw.program, trainee=trainee, cohort=cohort, enrolled_on=date(2026, 5, 1),
            created_by=pw.users[roles.STAFF],
        )  # fmt: skip
        june30 = date(2026, 6, 30)
        then = evaluate(["trainees_enrolled"], program_id=pw.program.pk, as_of=june30)["trainees_enrolled"]
        assert f"trainee:{trainee.pk}" not in then.record_refs
        now = Facts(pw.program.pk, june30, timezone.now() + timedelta(seconds=1))
        assert (
            f"trainee:{trainee.pk}"
            in evaluate(["trainees_enrolled"], program_id=pw.program.pk, as_of=june30, facts=now)[
                "trainees_enrolled"
            ].record_refs
        )
        period = services.period_close(audience=_audience(pw), actor=pw.users[roles.ME], period=pw.open_period)
        hatay = dict(period.snapshot["provinces"]).get("Hatay", {})
        assert hatay.get("ambassadors", [0])[0] >= 1
