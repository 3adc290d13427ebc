"""Stipend run benchmark: one month's entitlements for N trainees from their attendance, set-based.

    .venv/bin/python -m tests.perf.bench_stipends                    # 50,000 trainees (the issue's figure)
    .venv/bin/python -m tests.perf.bench_stipends --size tiny        # 500 trainees, a few seconds (CI smoke)
    .venv/bin/python -m tests.perf.bench_stipends --size 200000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python -m tests.perf.bench_stipends

Builds its own program with bulk inserts (portal.scale.ScaleContext: COPY on PostgreSQL): N trainees in cohorts
of 25, each cohort meeting 8 times in the month, every trainee marked at each session (about 1 in 7 absent, so
some fall below the 80 % threshold), 2 % without an IBAN. Then times `stipends.entitlements.stipend_run` three
times: the first run (N new entitlements), a second run (idempotent: nothing new), and a run after attendance
corrections for 1 % of the trainees (adjustments only). Works in the configured database inside a transaction
that is rolled back; if that database is not migrated, in a throw-away test database. Prints the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django
from django.apps import apps as _apps

if not _apps.ready:
    django.setup()

from django.db import connection, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = {"tiny": 500, "small": 5_000, "pilot": 500, "national": 50_000, "full": 50_000}
PERIOD = date(2026, 9, 1)
SESSIONS_PER_MONTH = 8


class _Rollback(Exception):
    pass


def build(n: int) -> tuple:
    """The program, filled; returns (program, ctx, figures)."""
    from portal.models import Program, Province, User
    from portal.scale import ScaleContext
    from stipends.models import BudgetLine, StipendRule
    from training.models import Attendance, Cohort, Curriculum, CurriculumModule, Enrolment, Session, Trainee

    stamp = int(time.time() * 1000) % 10_000_000
    program = Program.objects.create(code=f"bench-stipends-{stamp}", name_tr="Bench", name_en="Bench")
    ctx = ScaleContext(program=program, rng=random.Random(7), sizes={}, verbose=False)
    rng = ctx.rng
    province_ids = list(Province.objects.values_list("pk", flat=True)[:10])
    staff = User.objects.create(email=f"bench-staff-{stamp}@example.test", full_name="Bench", password="!")
    user_ids = list(ctx.reserve_ids(User, n))
    ctx.rows(
        User,
        ["id", "email", "full_name", "password"],
        ((uid, f"b{stamp}-{uid}@example.test", f"Kursiyer {uid}", "!") for uid in user_ids),
    )
    trainee_ids = list(ctx.reserve_ids(Trainee, n))
    ctx.rows(
        Trainee,
        ["id", "user_id", "track", "province_id", "status", "iban_hash"],
        (
            (
                tid,
                uid,
                "ambassador" if i % 5 < 2 else "operator",
                province_ids[i % len(province_ids)],
                "active",
                "" if rng.random() < 0.02 else f"h{tid}",
            )
            for i, (tid, uid) in enumerate(zip(trainee_ids, user_ids, strict=True))
        ),
    )
    curricula = {
        track: Curriculum.objects.create(program=program, track=track, name_tr=track, name_en=track, planned_weeks=16)
        for track in ("ambassador", "operator")
    }
    modules = {
        track: CurriculumModule.objects.create(
            program=program, curriculum=c, code="M1", title_tr="M", title_en="M", domain="digital", planned_hours=10
        )
        for track, c in curricula.items()
    }
    n_cohorts = (n + 24) // 25
    starts = PERIOD - timedelta(days=45)
    cohort_ids = list(ctx.reserve_ids(Cohort, n_cohorts))
    cohort_track = {}
    ctx.rows(
        Cohort,
        ["id", "code", "name", "track", "curriculum_id", "mode", "province_id", "starts_on", "ends_on", "capacity"],
        (
            (cid, f"B{cid}", f"Kohort {cid}", "ambassador" if k % 5 < 2 else "operator",
             curricula["ambassador" if k % 5 < 2 else "operator"].pk, "in_person",
             province_ids[k % len(province_ids)], starts, starts + timedelta(days=150), 25)
            for k, cid in enumerate(cohort_ids)
        ),
    )  # fmt: skip
    for k, cid in enumerate(cohort_ids):
        cohort_track[cid] = "ambassador" if k % 5 < 2 else "operator"
    # a trainee's track is her cohort's: re-derive the cohort from the trainee's position
    members = {cid: [] for cid in cohort_ids}
    by_track = {"ambassador": [c for c in cohort_ids if cohort_track[c] == "ambassador"],
                "operator": [c for c in cohort_ids if cohort_track[c] == "operator"]}  # fmt: skip
    counters = {"ambassador": 0, "operator": 0}
    for i, tid in enumerate(trainee_ids):
        track = "ambassador" if i % 5 < 2 else "operator"
        pool = by_track[track] or cohort_ids
        members[pool[(counters[track] // 25) % len(pool)]].append(tid)
        counters[track] += 1
    ctx.rows(
        Enrolment,
        ["trainee_id", "cohort_id", "status", "enrolled_on", "created_by_id"],
        ((tid, cid, "active", starts, staff.pk) for cid, tids in members.items() for tid in tids),
    )
    session_ids = list(ctx.reserve_ids(Session, n_cohorts * SESSIONS_PER_MONTH))
    first = timezone.make_aware(datetime.combine(PERIOD, datetime.min.time())) + timedelta(hours=9)
    sessions = {}
    rows = []
    for k, cid in enumerate(cohort_ids):
        sessions[cid] = session_ids[k * SESSIONS_PER_MONTH : (k + 1) * SESSIONS_PER_MONTH]
        for j, sid in enumerate(sessions[cid]):
            at = first + timedelta(days=3 * j)
            rows.append((sid, cid, modules[cohort_track[cid]].pk, at, at + timedelta(hours=3)))
    ctx.rows(Session, ["id", "cohort_id", "module_id", "starts_at", "ends_at"], rows)
    n_marks = ctx.rows(
        Attendance,
        ["session_id", "trainee_id", "status", "recorded_by_id", "recorded_at"],
        (
            (sid, tid, "absent" if rng.random() < 0.14 else "present", staff.pk, first)
            for cid, tids in members.items()
            for tid in tids
            for sid in sessions[cid]
        ),
    )
    line = BudgetLine.objects.create(program=program, code="B", name="Bench", purpose="stipends")
    for track, amount in (("ambassador", 1_000_000), ("operator", 750_000)):
        StipendRule.objects.create(
            program=program,
            track=track,
            monthly_amount_kurus=amount,
            attendance_threshold_percent=80,
            effective_from=date(2026, 1, 1),
            budget_line=line,
        )
    return program, staff, {"trainees": n, "cohorts": n_cohorts, "attendance_marks": n_marks}


def measure(n: int) -> dict:
    from stipends.entitlements import stipend_run
    from stipends.models import Entitlement
    from training.models import Attendance

    figures: dict = {"database": connection.vendor}
    with scopes_disabled():
        try:
            with transaction.atomic():
                t = time.perf_counter()
                program, _staff, built = build(n)
                figures |= built
                figures["build_s"] = round(time.perf_counter() - t, 2)
                for label in ("first_run_s", "second_run_s"):
                    t = time.perf_counter()
                    run = stipend_run(program_id=program.pk, period=PERIOD)
                    figures[label] = round(time.perf_counter() - t, 3)
                    figures[label.replace("_s", "_created")] = run.created_count
                # attendance corrections for 1 % of the trainees: absent → present
                corrected = list(
                    Attendance.objects.filter(program_id=program.pk, status="absent").values_list("pk", flat=True)[
                        : max(1, n // 100)
                    ]
                )
                Attendance.objects.filter(pk__in=corrected).update(status="present")
                t = time.perf_counter()
                run = stipend_run(program_id=program.pk, period=PERIOD)
                figures["correction_run_s"] = round(time.perf_counter() - t, 3)
                figures["adjustments"] = run.adjustment_count
                qs = Entitlement.objects.filter(program_id=program.pk, period=PERIOD)
                figures["eligible"] = qs.filter(kind="stipend", reason="").count()
                figures["zero_with_reason"] = qs.filter(kind="stipend").exclude(reason="").count()
                raise _Rollback
        except _Rollback:
            pass
    return figures


def _throwaway_db():
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="full", help="tiny | small | pilot | national | full | a number")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    n = SIZES.get(args.size) or int(args.size)
    if "stipends_entitlement" not in connection.introspection.table_names():
        _throwaway_db()
    figures = measure(n)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"stipend run, {figures['trainees']:,} trainees, {figures['attendance_marks']:,} attendance marks "
              f"({figures['database']}):")  # fmt: skip
        print(f"  first run   {figures['first_run_s']:.3f} s  ({figures['first_run_created']:,} entitlements: "
              f"{figures['eligible']:,} eligible, {figures['zero_with_reason']:,} zero with a reason)")  # fmt: skip
        print(f"  second run  {figures['second_run_s']:.3f} s  ({figures['second_run_created']} new: idempotent)")
        print(f"  after corrections {figures['correction_run_s']:.3f} s  ({figures['adjustments']} adjustments)")
        print(f"  (building the data took {figures['build_s']} s)")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"stipends-{n}-{connection.vendor}.json").write_text(json.dumps(figures, indent=1))
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
