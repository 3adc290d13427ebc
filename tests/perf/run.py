"""Page benchmarks: server time (median, p95) and SQL queries of key pages at two data sizes.

    make bench                          # SQLite
    DATABASE_URL=postgres://... make bench

Builds a throw-away test database, fills it with bulk inserts, renders each page repeatedly through Django's
test client (the whole middleware stack, templates included), prints a table and writes
tests/perf/results/pages.json. Not part of `make test`: figures, not pass/fail.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_PASSWORD_HASHERS", "django.contrib.auth.hashers.MD5PasswordHasher")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

SIZES = [int(s) for s in os.environ.get("BENCH_SIZES", "100,2000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "30"))
RESULTS = Path(__file__).resolve().parent / "results"


def fill(program, n_firms: int):
    """n firms with one user each, 5 trainees per firm, spread over the pilot provinces."""
    from firms.models import Firm
    from portal.models import Membership, Province, Role, Sector, User
    from portal.pii import pii_hash
    from tests.factories import valid_vkn
    from training.models import Trainee

    provinces = list(Province.objects.filter(pilot_2023=True))
    sectors = list(Sector.objects.all())
    start = Firm.objects.filter(program=program).count()
    firms = Firm.objects.bulk_create(
        Firm(
            program=program,
            name=f"Bench Firma {i} A.Ş.",
            tax_number=valid_vkn(1_000_000 + i),
            tax_number_hash=pii_hash("vkn", valid_vkn(1_000_000 + i)),
            province=provinces[i % len(provinces)],
            sector=sectors[i % len(sectors)],
        )
        for i in range(start, start + n_firms)
    )
    users = User.objects.bulk_create(
        User(email=f"bench{i}@example.test", full_name=f"Bench Kişi {i}", password="!")
        for i in range(start * 6, (start + n_firms) * 6)
    )
    firm_role = Role.objects.get(code="firm")
    Membership.objects.bulk_create(
        Membership(program=program, user=users[i * 6], role=firm_role, firm=firm) for i, firm in enumerate(firms)
    )
    Trainee.objects.bulk_create(
        Trainee(
            program=program,
            user=users[i * 6 + k],
            track=Trainee.Track.AMBASSADOR if k % 2 else Trainee.Track.OPERATOR,
            province=provinces[(i + k) % len(provinces)],
        )
        for i in range(len(firms))
        for k in range(1, 6)
    )


def measure(client, url):
    client.get(url)  # warm up
    times, queries = [], None
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "queries": queries,
    }


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with scopes_disabled():
            from portal.demo import seed_demo

            program, _logins = seed_demo()
            from portal.models import User

            people = {role: User.objects.get(email=f"{role}@demo.kadinimalat.test") for role in ("staff", "firm")}
        pages = [
            ("staff", "staff home", reverse("staff_home")),
            ("staff", "firm list", reverse("firms:firm_list")),
            ("staff", "firm list, filtered", reverse("firms:firm_list") + "?province=34&page=2"),
            ("staff", "member list", reverse("member_list")),
            ("staff", "trainee list", reverse("training:trainee_list") + "?track=operator"),
            ("firm", "firm home", reverse("firms:home")),
        ]
        rows, filled = [], 0
        for size in SIZES:
            with scopes_disabled():
                fill(program, size - filled)
            filled = size
            for role, label, url in pages:
                client = Client()
                client.force_login(people[role])
                rows.append({"firms": size, "page": label, "url": url, **measure(client, url)})
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    engine = connection.vendor
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pages.json").write_text(json.dumps({"database": engine, "repeat": REPEAT, "rows": rows}, indent=2))
    print(f"database: {engine}; {REPEAT} requests per page; trainees = 5 × firms")
    print(f"{'firms':>6}  {'page':<22} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for r in rows:
        print(f"{r['firms']:>6}  {r['page']:<22} {r['median_ms']:>10} {r['p95_ms']:>8} {r['queries']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
