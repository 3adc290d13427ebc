"""Quarterly monitoring report benchmark: the figures (every indicator with its disaggregations and record ids),
the period close that freezes them, and the whole report job (figures, charts, PDF) as the worker runs it.

    python -m tests.perf.bench_reports --size tiny                    # seconds: the CI smoke size
    python -m tests.perf.bench_reports --size pilot                   # 100 firms, 500 women
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_reports python -m tests.perf.bench_reports --size national

Uses the program `scale-<size>` when the database has it (`manage.py seed_scale --preset <size>`, or `make
bench`); otherwise builds a throw-away test database and seeds it with `seed_scale` first (national scale on
SQLite takes a while: prefer PostgreSQL). Everything the benchmark writes is rolled back. Prints the figures and
returns them as a dict (tests/perf/run.py collects them).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django
from django.apps import apps as _apps

if not _apps.ready:
    django.setup()

from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext


class _Rollback(Exception):
    pass


def bench_pages(fx):
    """Pages for the runner (tests/perf/run.py): the M&E cockpit and the stakeholder view."""
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from reports.models import Indicator

    pages = [
        ("reports cockpit (M&E)", "me", reverse("reports:me_home"), None),
        ("reports stakeholder view", "stakeholder", reverse("reports:stakeholder_home"), None),
    ]
    # the drill-down stays live: one indicator's detail and the records behind its figure (paginated)
    with scopes_disabled():
        ids = dict(Indicator.objects.filter(program=fx.program, code__in=["OP1.1", "OP2.4"]).values_list("code", "pk"))
    if "OP1.1" in ids:
        detail = reverse("reports:indicator_detail", args=[ids["OP1.1"]])
        records = reverse("reports:indicator_records", args=[ids["OP1.1"]])
        pages += [
            ("reports indicator detail (firms selected)", "me", detail, None),
            ("reports records (firms selected, p. 3)", "me", records + "?page=3", None),
        ]
    if "OP2.4" in ids:
        records = reverse("reports:indicator_records", args=[ids["OP2.4"]])
        pages.append(("reports records (operators completed)", "me", records, None))
    return pages


def _timed(label, fn, figures, *, queries=True):
    with CaptureQueriesContext(connection) as ctx:
        start = time.perf_counter()
        result = fn()
        elapsed = time.perf_counter() - start
    figures[f"{label}_s"] = round(elapsed, 3)
    if queries:
        figures[f"{label}_queries"] = len(ctx.captured_queries)
    return result


def run(code: str, language: str) -> dict:
    from datetime import date

    from firms.models import Firm
    from portal.models import Job, Program
    from portal.services.jobs import JobProgress
    from portal.tenancy import audience_for, program_scope
    from reports import services
    from reports.figures import snapshot_build
    from reports.models import ReportingPeriod
    from training.models import Enrolment, Trainee

    program = Program.objects.get(code=code)
    figures = {"program": code, "database": connection.vendor}
    with program_scope(program.pk):
        from portal.models import Membership

        staff = Membership.objects.filter(program=program, role__code__in=["staff", "me"]).select_related("user")
        staff = staff.first()
        if staff is None:
            raise SystemExit(f"program {code} has no staff member to act as")
        user = staff.user
        figures["firms"] = Firm.objects.filter(program=program).count()
        figures["trainees"] = Trainee.objects.filter(program=program).count()
        figures["enrolments"] = Enrolment.objects.filter(program=program).count()
        try:
            with transaction.atomic():
                services.logframe_install_default(program=program, actor=user)
                today = date.today()
                start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
                start = date(start.year - 1, 10, 1) if start.month == 1 else date(start.year, start.month - 3, 1)
                audience = audience_for(user, program_id=program.pk)
                period = ReportingPeriod.objects.filter(program=program, kind="quarterly", starts_on=start).first()
                if period is None:
                    period = services.period_create(audience=audience, actor=user, kind="quarterly", starts_on=start)
                snapshot = _timed(
                    "figures", lambda: snapshot_build(program_id=program.pk, as_of=period.ends_on), figures
                )
                figures["indicators"] = len(snapshot["indicators"])
                # what Celery beat (or "Refresh now") does in the background for the dashboards
                _timed(
                    "dashboard_refresh",
                    lambda: services.figures_compute(program_id=program.pk, language=language),
                    figures,
                )
                figures["record_ids"] = sum(len(e["records"]) for e in snapshot["indicators"])
                if not period.is_closed:
                    _timed(
                        "close", lambda: services.period_close(audience=audience, actor=user, period=period), figures
                    )
                    period.refresh_from_db()
                job = Job.objects.create(
                    program=program, kind=services.JOB_MONITORING_REPORT, requested_by=user,
                    params={"period_id": period.pk, "language": language},
                )  # fmt: skip
                result = _timed("report", lambda: services.monitoring_report_job(job, JobProgress(job.pk)), figures)
                figures["pdf_bytes"] = len(result.content)
                # the same report for an open period (figures computed inside the job)
                ReportingPeriod.objects.filter(pk=period.pk).update(status="open", closed_at=None, closed_by=None)
                job2 = Job.objects.create(
                    program=program, kind=services.JOB_MONITORING_REPORT, requested_by=user,
                    params={"period_id": period.pk, "language": language},
                )  # fmt: skip
                _timed("live_report", lambda: services.monitoring_report_job(job2, JobProgress(job2.pk)), figures)
                raise _Rollback
        except _Rollback:
            pass
    figures["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=["tiny", "pilot", "national"], default="tiny")
    parser.add_argument("--program", help="program code (default scale-<size>)")
    parser.add_argument("--language", choices=["tr", "en"], default="tr")
    args = parser.parse_args(argv)
    code = args.program or f"scale-{args.size}"

    from django.core.management import call_command

    from portal.models import Program

    created_db = None
    try:
        exists = Program.objects.filter(code=code).exists()
    except DatabaseError:  # an empty database: nothing seeded, not even migrated
        exists = False
    if not exists:
        from django.test.utils import setup_test_environment

        setup_test_environment()
        created_db = connection.settings_dict["NAME"]
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
        start = time.perf_counter()
        call_command("seed_scale", preset=args.size, code=code, verbosity=0)
        print(f"seeded {code} in {time.perf_counter() - start:.1f} s")
    try:
        figures = run(code, args.language)
    finally:
        if created_db is not None:
            connection.creation.destroy_test_db(created_db, verbosity=0)
    print(f"quarterly monitoring report · {args.size} · {figures['database']}")
    for key, value in figures.items():
        print(f"  {key:>18}: {value}")
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
