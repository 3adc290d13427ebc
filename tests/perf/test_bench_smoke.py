"""The scale seeder and the benchmark runner, end to end at a tiny size (figures, not timings, are checked).

`make bench` measures; this keeps the instruments from rotting: seed_scale fills a program consistently, every
key page answers through the runner, each page takes the same number of queries whatever the data size, and
the batch benchmarks (PDFs, the score workbook, the other apps' bench modules) run.
"""

import json

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from tests.perf import run

pytestmark = pytest.mark.django_db


def seed(code, **sizes):
    extra = [f"{k}={v}" for k, v in sizes.items()]
    call_command("seed_scale", preset="tiny", code=code, set=extra, json=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seeded_data_is_consistent():
    from firms.models import Firm, WorkforceSnapshot
    from portal.models import Application
    from training.models import Attendance, Enrolment, Session, Trainee

    seed("scale-c1")
    with scopes_disabled():
        firms = Firm.objects.filter(program__code="scale-c1")
        assert firms.count() == 12
        # every firm came from a selected application of the same program, and has its workforce history
        assert not firms.exclude(application__status=Application.Status.SELECTED).exists()
        assert WorkforceSnapshot.objects.filter(firm__in=firms).count() == 3 * 12
        trainees = Trainee.objects.filter(program__code="scale-c1")
        assert trainees.count() == 60
        assert Enrolment.objects.filter(trainee__in=trainees).count() == 60
        # an attendance mark is only ever for a trainee enrolled in the session's cohort, in the same program
        marks = Attendance.objects.filter(program__code="scale-c1")
        assert marks.count() > 500
        enrolled = set(Enrolment.objects.filter(trainee__in=trainees).values_list("trainee_id", "cohort_id"))
        for trainee_id, cohort_id, program_id, session_program_id in marks.values_list(
            "trainee_id", "session__cohort_id", "program_id", "session__program_id"
        ):
            assert (trainee_id, cohort_id) in enrolled
            assert program_id == session_program_id
        # no mark for a session that has not happened yet
        assert not marks.filter(session__starts_at__gt=Session.objects.order_by("-starts_at")[0].ends_at).exists()


def test_same_seed_same_data():
    from firms.models import Firm

    seed("scale-d1")
    seed("scale-d2")
    with scopes_disabled():
        names = [list(Firm.objects.filter(program__code=c).order_by("pk").values_list("name", flat=True)) for c in
                 ("scale-d1", "scale-d2")]  # fmt: skip
    assert names[0] == names[1]


def test_pages_take_the_same_queries_at_two_sizes():
    seed("scale-q1")
    seed("scale-q2", firms=48, trainees=240, attendance_per_trainee=30)
    small = {r["page"]: r for r in run.measure_pages(run.fixtures_for("scale-q1"), 1, out=open("/dev/null", "w"))}  # noqa: SIM115
    large = {r["page"]: r for r in run.measure_pages(run.fixtures_for("scale-q2"), 1, out=open("/dev/null", "w"))}  # noqa: SIM115
    core = [p.name for p in run.PAGES]
    for name in core:
        assert "queries" in small[name], small[name]
        assert small[name]["queries"] == large[name]["queries"], (name, small[name], large[name])


def test_bench_runner_end_to_end(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    out = tmp_path / "bench.json"
    code = run.main(["--scale", "tiny", "--repeat", "1", "--pdf-count", "1", "--import-firms", "2", "--out", str(out)])
    assert code == 0
    result = json.loads(out.read_text())
    assert result["database"] in ("sqlite", "postgresql")
    pages = {r["page"]: r for r in result["pages"]}
    for page in run.PAGES:
        assert "median_ms" in pages[page.name], pages[page.name]
        if page.floor:
            assert pages[page.name]["floor_median_ms"] > 0
    batch = {r["batch"]: r for r in result["batch"]}
    assert any(name.startswith("roadmap PDF") for name in batch)
    assert any(name.startswith("certificate PDF") for name in batch)
    applied = [r for name, r in batch.items() if name.startswith("score workbook, upload check")]
    assert applied and "(valid)" in next(n for n in batch if n.startswith("score workbook, upload check"))
    for name in ("bench_stipends", "bench_matching", "bench_reports"):
        row = batch.get(name)
        if row and "skipped" not in row:
            assert row["status"] == "ok", row
