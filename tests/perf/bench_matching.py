"""Matching benchmark: score every candidate × position, then the optimal assignment and the stable matching.

    .venv/bin/python -m tests.perf.bench_matching                  # 2,000 candidates × 1,000 firms (2 places each)
    .venv/bin/python -m tests.perf.bench_matching --size tiny      # 40 × 20, milliseconds (CI smoke)
    .venv/bin/python -m tests.perf.bench_matching --candidates 4000 --firms 2000
    .venv/bin/python -m tests.perf.bench_matching --db --size pilot   # the whole service, database included

Runs the same pure code the `proposal_run` service runs (matching.scoring + matching.assignment) on generated
candidates and firms (seeded: the same figures each run): 81 provinces of which the firms sit in 10, candidates
listing 1–3 provinces (a third willing to relocate), random specialisations, sectors, training results and a few
ranked preferences on both sides. Prints the figures and checks capacities and hard constraints on the result.

With `--db`, it instead builds a throw-away database (`seed_scale --preset tiny` with the firms and trainees the
size asks for; the seeded employments are removed so everyone is a candidate) and times `services.proposal_run`
end to end: reading profiles, grades and roadmaps, scoring, assigning and writing the proposal's lines.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from matching import assignment, scoring

RESULTS = Path(__file__).resolve().parent / "results"
# "pilot"/"national" are the names `make bench` (tests/perf/run.py) passes; "full" is the figure.
SIZES = {"tiny": (40, 20), "small": (400, 200), "pilot": (400, 200), "full": (2000, 1000), "national": (2000, 1000)}
WEIGHTS = {"province": 30, "specialisation": 30, "sector": 10, "training": 15, "preference": 15}


def generate(n_candidates: int, n_firms: int, *, places: int = 2, seed: int = 7):
    rng = random.Random(seed)
    provinces = list(range(1, 82))
    firm_provinces = rng.sample(provinces, 10)
    sectors = list(range(1, 25))
    slots = []
    for f in range(n_firms):
        digital = rng.random()
        slots.append(
            scoring.Slot(
                id=f + 1,
                firm_id=f + 1,
                track="ambassador",
                capacity=places,
                province_id=rng.choice(firm_provinces),
                digital_need=digital,
                green_need=1 - digital,
                sector_id=rng.choice(sectors),
                candidate_ranks={},
            )
        )
    candidates = []
    for c in range(n_candidates):
        home = rng.choice(firm_provinces) if rng.random() < 0.8 else rng.choice(provinces)
        work = frozenset(rng.sample(firm_provinces, rng.randint(0, 2)))
        ranked = rng.sample(range(1, n_firms + 1), min(n_firms, rng.randint(0, 3)))
        candidates.append(
            scoring.Candidate(
                id=c + 1,
                track="ambassador",
                province_id=home,
                work_province_ids=work,
                willing_to_relocate=rng.random() < 0.33,
                specialisation=rng.choice(["digital", "green", "both"]),
                sector_ids=frozenset(rng.sample(sectors, rng.randint(0, 3))),
                training_percent=rng.choice([None, *range(40, 101, 5)]),
                firm_ranks={firm: r + 1 for r, firm in enumerate(ranked)},
            )
        )
    # firms rank a few candidates after interviews
    for j, slot in enumerate(slots):
        if rng.random() < 0.3:
            picks = rng.sample(range(1, n_candidates + 1), min(n_candidates, 3))
            slots[j] = scoring.Slot(**{**slot.__dict__, "candidate_ranks": {t: r + 1 for r, t in enumerate(picks)}})
    return candidates, slots


def _check(matrix, result):
    counts = {}
    for i, j in result.items():
        assert matrix.allowed[i, j], "a hard constraint was broken"
        counts[j] = counts.get(j, 0) + 1
    assert all(counts[j] <= matrix.slots[j].capacity for j in counts), "a capacity was exceeded"


def run(n_candidates: int, n_firms: int, places: int = 2) -> dict:
    candidates, slots = generate(n_candidates, n_firms, places=places)
    t0 = time.perf_counter()
    matrix = scoring.score_matrix(candidates, slots, WEIGHTS)
    t1 = time.perf_counter()
    best = assignment.optimal(matrix)
    t2 = time.perf_counter()
    stable = assignment.stable(matrix)
    t3 = time.perf_counter()
    _check(matrix, best)
    _check(matrix, stable)
    return {
        "candidates": n_candidates,
        "firms": n_firms,
        "places": n_firms * places,
        "pairs_allowed": int(matrix.allowed.sum()),
        "score_seconds": round(t1 - t0, 3),
        "optimal_seconds": round(t2 - t1, 3),
        "stable_seconds": round(t3 - t2, 3),
        "total_seconds": round(t3 - t0, 3),
        "optimal_placed": len(best),
        "optimal_total_score": round(assignment.total_score(matrix, best), 2),
        "stable_placed": len(stable),
        "stable_total_score": round(assignment.total_score(matrix, stable), 2),
    }


def run_db(n_candidates: int, n_firms: int) -> dict:
    """The whole proposal_run service against a throw-away database (SQLite or DATABASE_URL)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_PASSWORD_HASHERS", "django.contrib.auth.hashers.MD5PasswordHasher")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from matching import services
        from matching.models import Employment, ProposalLine, RetentionCheckpoint
        from portal.models import Membership, Program
        from portal.tenancy import audience_for, program_scope

        t0 = time.perf_counter()
        trainees = int(n_candidates / 0.4) + 1
        call_command(
            "seed_scale",
            preset="tiny",
            firms=n_firms,
            trainees=trainees,
            code="bench-matching",
            set=[f"candidates={n_candidates}", f"matching_firms={n_firms}", "attendance_per_trainee=2"],
            json=True,
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        seeded = time.perf_counter() - t0
        program = Program.objects.get(code="bench-matching")
        with program_scope(program.pk):
            RetentionCheckpoint.objects.filter(program=program).delete()
            Employment.objects.filter(program=program).delete()
            staff = Membership.objects.filter(program=program, role__code="staff").select_related("user").first().user
            audience = audience_for(staff, program_id=program.pk)
            t1 = time.perf_counter()
            optimal = services.proposal_run(audience=audience, actor=staff, track="ambassador", method="optimal")
            t2 = time.perf_counter()
            stable = services.proposal_run(audience=audience, actor=staff, track="ambassador", method="stable")
            t3 = time.perf_counter()
            lines = ProposalLine.objects.filter(proposal=optimal)
            return {
                "database": connection.vendor,
                "candidates": lines.count(),
                "firms": n_firms,
                "seed_seconds": round(seeded, 1),
                "proposal_run_optimal_seconds": round(t2 - t1, 3),
                "proposal_run_stable_seconds": round(t3 - t2, 3),
                "optimal_placed": lines.filter(position__isnull=False).count(),
                "stable_placed": ProposalLine.objects.filter(proposal=stable, position__isnull=False).count(),
            }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def bench_pages(fx):
    """Matching pages for tests/perf/run.py: (name, role, url, floor)."""
    from django.urls import reverse

    return [
        ("matching home (staff)", "staff", reverse("matching:home"), None),
        ("employments (staff)", "staff", reverse("matching:employment_list"), None),
        ("overdue checkpoints (staff)", "staff", reverse("matching:checkpoint_overdue"), None),
        ("matching positions (staff)", "staff", reverse("matching:position_list"), None),
        ("ambassador profiles (staff)", "staff", reverse("ambassadors:profile_list"), None),
        ("mentoring (staff)", "staff", reverse("ambassadors:mentoring_list"), None),
        ("operator profiles (staff)", "staff", reverse("operators:profile_list"), None),
    ]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--candidates", type=int)
    parser.add_argument("--firms", type=int)
    parser.add_argument("--places", type=int, default=2, help="places per firm")
    parser.add_argument("--no-save", action="store_true", help="do not write tests/perf/results/matching.json")
    parser.add_argument("--db", action="store_true", help="time the proposal_run service on a throw-away database")
    args = parser.parse_args(argv)
    n_candidates, n_firms = SIZES[args.size]
    if args.db:
        figures = run_db(args.candidates or n_candidates, args.firms or n_firms)
    else:
        figures = run(args.candidates or n_candidates, args.firms or n_firms, args.places)
    for key, value in figures.items():
        print(f"{key:>22}: {value}")
    if not args.no_save:
        RESULTS.mkdir(exist_ok=True)
        name = "matching_db.json" if args.db else "matching.json"
        (RESULTS / name).write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
