"""The benchmark runner: key pages (server time, SQL queries, raw-SQL floor) and batch work at one data size.

    make bench                                                   # pilot size, the configured database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_scale python -m tests.perf.run --scale national
    python -m tests.perf.run --scale tiny --repeat 3 --pdf-count 2   # what the CI smoke test runs

Works on the database in DATABASE_URL (SQLite when unset), in the program `scale-<scale>` that
`manage.py seed_scale --preset <scale>` fills; when that program is missing it is seeded first.

Pages are requested through Django's test client, logged in as the role that uses them, so every request goes
through the whole middleware stack (sessions, tenancy, MFA check, locale, CSP) and the real view, selectors
and templates: server time without the network. Each page is compared with its **raw-SQL floor**: minimal
hand-written SQL fetching the same data (the session, the user, her memberships and what the page shows);
`ratio` = page median ÷ floor median. Batch work runs inside a transaction that is rolled back, so the data
stays as seeded. Results: a table on stdout and tests/perf/results/bench-<scale>-<database>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django
from django.apps import apps as _apps

if not _apps.ready:
    django.setup()

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

RESULTS = Path(__file__).resolve().parent / "results"
REPEAT = {"tiny": 3, "pilot": 20, "national": 30}
PDF_COUNT = {"tiny": 2, "pilot": 20, "national": 100}
TARGET_MEDIAN_MS, TARGET_P95_MS, TARGET_RATIO = 100, 250, 3.0


# --- measuring ----------------------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(times_ms: list[float]) -> dict:
    return {
        "median_ms": round(statistics.median(times_ms), 2),
        "p95_ms": round(percentile(times_ms, 0.95), 2),
        "min_ms": round(min(times_ms), 2),
        "runs": len(times_ms),
    }


def time_page(client: Client, url: str, repeat: int) -> dict:
    for _ in range(2):  # warm up: template and translation caches, the connection
        response = client.get(url)
        if response.status_code != 200:
            raise AssertionError(f"{url}: HTTP {response.status_code}")
    times, sql_times, cpu_times, queries = [], [], [], set()
    for _ in range(repeat):
        sql = SqlTimer()
        with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(sql):
            t, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
        if response.status_code != 200:
            raise AssertionError(f"{url}: HTTP {response.status_code}")
        sql_times.append(sql.ms)
        # BEGIN/COMMIT of ATOMIC_REQUESTS are not queries of the page
        queries.add(sum(1 for q in ctx.captured_queries if q["sql"] not in ("BEGIN", "COMMIT")))
    return {
        **summary(times),
        "sql_median_ms": round(statistics.median(sql_times), 2),
        # CPU of this (Django) process only: what the page costs the web worker, whatever else runs on the machine
        "cpu_median_ms": round(statistics.median(cpu_times), 2),
        "queries": max(queries),
        "bytes": len(response.content),
    }


class SqlTimer:
    """Adds up the time the database spends on the page's queries (execute and fetch of the cursor)."""

    def __init__(self):
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - t) * 1000


def time_floor(floor, fx, repeat: int) -> dict:
    def run():
        with connection.cursor() as cursor:
            for sql, params in floor(fx):
                cursor.execute(sql, params)
                cursor.fetchall()

    run()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        run()
        times.append((time.perf_counter() - t) * 1000)
    return summary(times)


# --- the data the pages are measured on --------------------------------------------------------------------


@dataclass
class Fixtures:
    program: object
    users: dict = field(default_factory=dict)  # role -> User
    ids: dict = field(default_factory=dict)
    sizes: dict = field(default_factory=dict)
    sessions: dict = field(default_factory=dict)  # role -> session key (for the floor's session lookup)


def ensure_program(scale: str, code: str, out) -> None:
    from django.core.management import call_command

    from portal.models import Program

    if not Program.objects.filter(code=code).exists():
        out.write(f"program {code} missing: seeding it (seed_scale --preset {scale})\n")
        call_command("seed_scale", preset=scale, code=code, stdout=out)


def fixtures_for(code: str) -> Fixtures:
    from firms.models import Firm
    from portal.models import Application, Call, Program, User
    from training.models import Attendance, Cohort, Enrolment, Session

    with scopes_disabled():
        program = Program.objects.get(code=code)
        fx = Fixtures(program=program)

        def user(kind):
            return User.objects.get(email=f"{kind}1.{code}@scale.kadinimalat.test")

        fx.users = {"staff": user("staff"), "firm": user("firma"), "assessor": user("assessor")}
        firms = Firm.objects.filter(program=program).order_by("pk")
        n_firms = firms.count()
        fx.ids["firm"] = firms.values_list("pk", flat=True)[n_firms // 2]
        fx.ids["call"] = Call.objects.get(program=program, group="firm").pk
        today = timezone.localdate()
        cohort = (
            Cohort.objects.filter(program=program, ends_on__gte=today, sessions__starts_at__date=today)
            .order_by("pk")
            .first()
        )
        fx.ids["cohort"] = cohort.pk
        fx.users["trainer"] = cohort.trainer_assignments.order_by("pk").first().trainer
        fx.ids["session_today"] = Session.objects.filter(cohort=cohort, starts_at__date=today).first().pk
        enrolment = Enrolment.objects.filter(cohort=cohort, status="active").order_by("pk").first()
        fx.users["trainee"] = enrolment.trainee.user
        fx.ids["trainee"] = enrolment.trainee_id
        fx.sizes = {
            "firms": n_firms,
            "applications": Application.objects.filter(program=program).count(),
            "trainees": Enrolment.objects.filter(program=program).count(),
            "attendance": Attendance.objects.filter(program=program).count(),
            "cohort_sessions": Session.objects.filter(cohort=cohort).count(),
            "cohort_trainees": Enrolment.objects.filter(cohort=cohort).count(),
        }
        fx.sizes.update(_later_sizes(program))
    return fx


def _later_sizes(program) -> dict:
    """Row counts of the later apps' big tables, when they exist."""
    from django.apps import apps

    sizes = {}
    for label, model in (("ledger_entries", "stipends.LedgerEntry"), ("employments", "matching.Employment")):
        with contextlib.suppress(LookupError):
            sizes[label] = apps.get_model(model).objects.filter(program=program).count()
    return sizes


# --- pages and their floors ---------------------------------------------------------------------------------


def _auth(fx, role):
    """What every page reads about who is asking: the session, the user, her memberships."""
    return [
        ("SELECT session_data FROM django_session WHERE session_key = %s", [fx.sessions[role]]),
        ("SELECT id, email, full_name, is_active FROM portal_user WHERE id = %s", [fx.users[role].pk]),
        (
            "SELECT m.program_id, m.firm_id, r.code, r.requires_mfa, p.code FROM portal_membership m "
            "JOIN portal_role r ON r.id = m.role_id JOIN portal_program p ON p.id = m.program_id "
            "WHERE m.user_id = %s AND m.is_active",
            [fx.users[role].pk],
        ),
    ]


def floor_staff_home(fx):
    p, u = fx.program.pk, fx.users["staff"].pk
    return [
        *_auth(fx, "staff"),
        (
            "SELECT r.id, r.code, r.name_tr, COUNT(m.id) FROM portal_role r LEFT JOIN portal_membership m "
            "ON m.role_id = r.id AND m.program_id = %s AND m.is_active GROUP BY r.id, r.code, r.name_tr",
            [p],
        ),
        (
            "SELECT id, kind, status, progress, created_at FROM portal_job WHERE program_id = %s "
            "AND requested_by_id = %s ORDER BY created_at DESC LIMIT 10",
            [p, u],
        ),
    ]


def floor_firm_list(fx):
    p = fx.program.pk
    where = "f.program_id = %s AND pr.plate = 34"
    return [
        *_auth(fx, "staff"),
        (f"SELECT COUNT(*) FROM firms_firm f JOIN portal_province pr ON pr.id = f.province_id WHERE {where}", [p]),
        (
            "SELECT f.id, f.name, pr.name, s.division, s.name_tr, "
            "(SELECT COUNT(*) FROM portal_membership m WHERE m.firm_id = f.id AND m.is_active) "
            "FROM firms_firm f JOIN portal_province pr ON pr.id = f.province_id "
            f"LEFT JOIN portal_sector s ON s.id = f.sector_id WHERE {where} "
            "ORDER BY f.name, f.id LIMIT 25 OFFSET 25",
            [p],
        ),
    ]


def floor_firm_detail(fx):
    p, f = fx.program.pk, fx.ids["firm"]
    return [
        *_auth(fx, "staff"),
        (
            "SELECT f.*, pr.name, s.name_tr FROM firms_firm f JOIN portal_province pr ON pr.id = f.province_id "
            "LEFT JOIN portal_sector s ON s.id = f.sector_id WHERE f.program_id = %s AND f.id = %s",
            [p, f],
        ),
        ("SELECT * FROM firms_workforcesnapshot WHERE firm_id = %s ORDER BY as_of", [f]),
        (
            "SELECT u.full_name, u.email, r.code, m.is_active FROM portal_membership m "
            "JOIN portal_user u ON u.id = m.user_id JOIN portal_role r ON r.id = m.role_id WHERE m.firm_id = %s",
            [f],
        ),
    ]


def floor_application_list(fx):
    p, c = fx.program.pk, fx.ids["call"]
    return [
        *_auth(fx, "staff"),
        ("SELECT * FROM portal_call WHERE program_id = %s AND id = %s", [p, c]),
        ("SELECT COUNT(*) FROM portal_application WHERE call_id = %s AND status <> 'draft'", [c]),
        (
            "SELECT a.id, a.status, a.display_name, a.email, a.score, a.score_spread, a.eligible, a.size_class, "
            "a.submitted_at, pr.name, s.division FROM portal_application a "
            "LEFT JOIN portal_province pr ON pr.id = a.province_id LEFT JOIN portal_sector s ON s.id = a.sector_id "
            "WHERE a.call_id = %s AND a.status <> 'draft' ORDER BY a.submitted_at DESC, a.created_at DESC LIMIT 50",
            [c],
        ),
    ]


def floor_cohort_attendance(fx):
    c = fx.ids["cohort"]
    return [
        *_auth(fx, "trainer"),
        ("SELECT * FROM training_cohort WHERE id = %s", [c]),
        ("SELECT id, starts_at, module_id FROM training_session WHERE cohort_id = %s ORDER BY starts_at", [c]),
        (
            "SELECT e.id, e.status, t.id, u.full_name FROM training_enrolment e JOIN training_trainee t "
            "ON t.id = e.trainee_id JOIN portal_user u ON u.id = t.user_id WHERE e.cohort_id = %s",
            [c],
        ),
        (
            "SELECT a.trainee_id, a.session_id, a.status FROM training_attendance a JOIN training_session s "
            "ON s.id = a.session_id WHERE s.cohort_id = %s",
            [c],
        ),
    ]


def floor_session_sheet(fx):
    s, c = fx.ids["session_today"], fx.ids["cohort"]
    return [
        *_auth(fx, "trainer"),
        (
            "SELECT s.*, c.code, c.name, m.code, m.title_tr FROM training_session s JOIN training_cohort c "
            "ON c.id = s.cohort_id JOIN training_curriculummodule m ON m.id = s.module_id WHERE s.id = %s",
            [s],
        ),
        (
            "SELECT e.id, t.id, u.full_name FROM training_enrolment e JOIN training_trainee t ON t.id = e.trainee_id "
            "JOIN portal_user u ON u.id = t.user_id WHERE e.cohort_id = %s",
            [c],
        ),
        ("SELECT trainee_id, status, reason FROM training_attendance WHERE session_id = %s", [s]),
        ("SELECT trainee_id, confirmed_at FROM training_checkin WHERE session_id = %s", [s]),
        ("SELECT * FROM training_attendancechange WHERE session_id = %s ORDER BY changed_at DESC", [s]),
    ]


def floor_my_training(fx):
    t = fx.ids["trainee"]
    return [
        *_auth(fx, "trainee"),
        ("SELECT * FROM training_trainee WHERE id = %s", [t]),
        (
            "SELECT e.*, c.* FROM training_enrolment e JOIN training_cohort c ON c.id = e.cohort_id "
            "WHERE e.trainee_id = %s",
            [t],
        ),
        ("SELECT * FROM training_certificate WHERE trainee_id = %s", [t]),
        (
            "SELECT m.* FROM training_curriculummodule m JOIN training_cohort c ON c.curriculum_id = m.curriculum_id "
            "JOIN training_enrolment e ON e.cohort_id = c.id WHERE e.trainee_id = %s AND e.status = 'active'",
            [t],
        ),
        (
            "SELECT s.id, s.starts_at, s.module_id, a.status FROM training_session s JOIN training_enrolment e "
            "ON e.cohort_id = s.cohort_id LEFT JOIN training_attendance a ON a.session_id = s.id "
            "AND a.trainee_id = e.trainee_id WHERE e.trainee_id = %s AND e.status = 'active'",
            [t],
        ),
        ("SELECT module_id, score FROM training_grade WHERE trainee_id = %s", [t]),
    ]


def floor_trainer_home(fx):
    u = fx.users["trainer"].pk
    return [
        *_auth(fx, "trainer"),
        (
            "SELECT s.id, s.starts_at, c.code, c.name FROM training_session s JOIN training_cohort c "
            "ON c.id = s.cohort_id JOIN training_cohorttrainer ct ON ct.cohort_id = c.id "
            "WHERE ct.trainer_id = %s AND s.starts_at >= %s ORDER BY s.starts_at LIMIT 10",
            [u, timezone.now().replace(hour=0, minute=0)],
        ),
        (
            "SELECT c.* FROM training_cohort c JOIN training_cohorttrainer ct ON ct.cohort_id = c.id "
            "WHERE ct.trainer_id = %s AND c.ends_on >= %s",
            [u, timezone.localdate()],
        ),
    ]


def floor_firm_home(fx):
    u = fx.users["firm"].pk
    return [
        *_auth(fx, "firm"),
        (
            "SELECT f.*, "
            "EXISTS(SELECT 1 FROM firms_workforcesnapshot w WHERE w.firm_id = f.id), "
            "EXISTS(SELECT 1 FROM assessments_publication p WHERE p.firm_id = f.id), "
            "EXISTS(SELECT 1 FROM assessments_roadmapitem r WHERE r.firm_id = f.id) "
            "FROM firms_firm f JOIN portal_membership m ON m.firm_id = f.id WHERE m.user_id = %s",
            [u],
        ),
    ]


@dataclass
class Page:
    name: str
    role: str
    url: object  # callable(fx) -> str
    floor: object = None  # callable(fx) -> [(sql, params)]


PAGES = [
    Page("staff home", "staff", lambda fx: reverse("staff_home"), floor_staff_home),
    Page(
        "firm list (İstanbul, page 2)",
        "staff",
        lambda fx: reverse("firms:firm_list") + "?province=34&page=2",
        floor_firm_list,
    ),
    Page("firm detail", "staff", lambda fx: reverse("firms:firm_detail", args=[fx.ids["firm"]]), floor_firm_detail),
    Page(
        "application list (firm call)",
        "staff",
        lambda fx: reverse("call_detail", args=[fx.ids["call"]]),
        floor_application_list,
    ),
    Page(
        "cohort attendance sheet",
        "trainer",
        lambda fx: reverse("training:cohort_attendance", args=[fx.ids["cohort"]]),
        floor_cohort_attendance,
    ),
    Page(
        "session attendance (trainer)",
        "trainer",
        lambda fx: reverse("training:session_attendance", args=[fx.ids["session_today"]]),
        floor_session_sheet,
    ),
    Page("trainer home", "trainer", lambda fx: reverse("training:trainer_home"), floor_trainer_home),
    Page("my training (trainee)", "trainee", lambda fx: reverse("training:my_training"), floor_my_training),
    Page("firm home", "firm", lambda fx: reverse("firms:home"), floor_firm_home),
    # further pages that grow with the data (no floor written for them: time and queries only)
    Page(
        "trainee list (operators, page 3)",
        "staff",
        lambda fx: reverse("training:trainee_list") + "?track=operator&page=3",
    ),
    Page("at-risk trainees", "staff", lambda fx: reverse("training:at_risk")),
    Page("cohort list", "staff", lambda fx: reverse("training:cohort_list")),
    Page("assessments overview (staff)", "staff", lambda fx: reverse("assessments:staff_overview")),
    Page("assessor home", "assessor", lambda fx: reverse("assessments:assessor_home")),
]


def later_pages(fx) -> list[Page]:
    """Pages of the apps other helpers build (stipends, matching, reports): measured once they exist.

    Each app may expose `tests.perf.bench_<app>.bench_pages(fx)` returning [(name, role, url, floor)], with
    `fx.users` holding the scale program's users by role; without it the runner tries the obvious page."""
    pages = []
    for module_name in ("tests.perf.bench_stipends", "tests.perf.bench_matching", "tests.perf.bench_reports"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        hook = getattr(module, "bench_pages", None)
        if hook is None:
            continue
        try:
            for name, role, url, floor in hook(fx):
                pages.append(Page(name, role, (lambda fx, url=url: url), floor))
        except Exception as error:
            print(f"  {module_name}.bench_pages: {error!r}", file=sys.stderr)
    pages += _pages_from_data(fx, taken={p.name for p in pages})
    if not any(p.name.startswith("reports") for p in pages):
        with contextlib.suppress(NoReverseMatch, Exception):
            url = reverse("reports:me_home")
            pages.append(Page("reports cockpit (M&E)", "me", lambda fx, url=url: url, None))
    return pages


def _pages_from_data(fx, *, taken) -> list[Page]:
    """Detail pages of the later apps measured on the newest row the scale seeders made (when there is one)."""
    from django.apps import apps

    wanted = [
        ("payment run detail (finance)", "finance", "stipends.PaymentRun", "stipends:run_detail"),
        ("stipends finance home", "finance", None, "stipends:finance_home"),
        ("matching proposal (staff)", "staff", "matching.Proposal", "matching:proposal_detail"),
    ]
    pages = []
    for name, role, model_label, url_name in wanted:
        if name in taken:
            continue
        try:
            if model_label is None:
                url = reverse(url_name)
            else:
                with scopes_disabled():
                    pk = (
                        apps.get_model(model_label)
                        .objects.filter(program=fx.program)
                        .order_by("-pk")
                        .values_list("pk", flat=True)
                        .first()
                    )
                if pk is None:
                    continue
                url = reverse(url_name, args=[pk])
        except (LookupError, NoReverseMatch, Exception):
            continue
        pages.append(Page(name, role, (lambda fx, url=url: url), None))
    return pages


def ensure_users(fx) -> None:
    """Users for the later pages' roles (finance, M&E) from the scale program, when seeded."""
    from portal.models import User

    code = fx.program.code
    for role in ("finance", "me", "mentor", "stakeholder"):
        if role not in fx.users:
            found = User.objects.filter(email=f"{role}1.{code}@scale.kadinimalat.test").first()
            if found:
                fx.users[role] = found


def measure_pages(fx, repeat: int, *, only=None, out=sys.stdout) -> list[dict]:
    ensure_users(fx)
    clients = {}
    rows = []
    for page in PAGES + later_pages(fx):
        if only and not any(o in page.name for o in only):
            continue
        if page.role not in fx.users:
            rows.append({"page": page.name, "skipped": f"no {page.role} user"})
            continue
        if page.role not in clients:
            client = Client()
            client.force_login(fx.users[page.role])
            clients[page.role] = client
            fx.sessions[page.role] = client.session.session_key
        url = page.url(fx)
        try:
            row = {"page": page.name, "role": page.role, "url": url, **time_page(clients[page.role], url, repeat)}
        except Exception as error:
            rows.append({"page": page.name, "url": url, "error": repr(error)[:300]})
            out.write(f"  {page.name}: {error!r}\n")
            continue
        if page.floor:
            floor = time_floor(page.floor, fx, repeat)
            row["floor_median_ms"] = floor["median_ms"]
            row["floor_queries"] = len(page.floor(fx))
            row["ratio"] = round(row["median_ms"] / floor["median_ms"], 2) if floor["median_ms"] else None
            row["sql_ratio"] = round(row["sql_median_ms"] / floor["median_ms"], 2) if floor["median_ms"] else None
        rows.append(row)
        out.write(
            f"  {page.name:<34} {row['median_ms']:>8} ms  p95 {row['p95_ms']:>8} ms  {row['queries']:>3} queries"
            + (f"  sql {row['sql_median_ms']} ms, floor {row['floor_median_ms']} ms" if "ratio" in row else "")
            + "\n"
        )
    return rows


# --- batch work ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def rolled_back():
    """Batch work writes (jobs, files' rows); undo it so the data stays as seeded."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def timed(fn, n: int = 1) -> dict:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return summary(times)


def bench_pdfs(fx, count: int) -> list[dict]:
    from assessments.documents import roadmap_pdf
    from assessments.models import Roadmap
    from portal.tenancy import program_scope
    from training.models import Certificate

    rows = []
    with program_scope(fx.program.pk), rolled_back():
        roadmaps = list(Roadmap.objects.filter(program=fx.program).order_by("pk")[:count])
        if roadmaps:
            cold = timed(lambda: roadmap_pdf(roadmap=roadmaps[0], language="tr"))
            warm = timed(lambda: roadmap_pdf(roadmap=roadmaps[0], language="tr"), 3)
            t = time.perf_counter()
            for r in roadmaps:
                roadmap_pdf(roadmap=r, language="tr")
            total = (time.perf_counter() - t) * 1000
            rows += [
                {"batch": "roadmap PDF, first", **cold},
                {"batch": "roadmap PDF, one (warm)", **warm},
                {"batch": f"roadmap PDF, {len(roadmaps)} in a row", "total_ms": round(total, 1),
                 "per_item_ms": round(total / len(roadmaps), 1)},
            ]  # fmt: skip
        certificates = list(Certificate.objects.filter(program=fx.program).order_by("pk")[:count])
        if certificates:
            from training.services import certificate_build

            t = time.perf_counter()
            certificate_build(certificate_id=certificates[0].pk)
            one = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            for c in certificates[1:]:
                certificate_build(certificate_id=c.pk)
            total = (time.perf_counter() - t) * 1000
            rows += [
                {"batch": "certificate PDF, one", "total_ms": round(one, 1)},
                {"batch": f"certificate PDF, {len(certificates) - 1} in a row", "total_ms": round(total, 1),
                 "per_item_ms": round(total / max(1, len(certificates) - 1), 1)},
            ]  # fmt: skip
            _remove_certificate_files(certificates)
    return rows


def _remove_certificate_files(certificates) -> None:
    """certificate_build saved files to storage; the rows are rolled back, so remove the files too."""
    from django.core.files.storage import default_storage

    for c in certificates:
        for name in (f"certificates/{timezone.now():%Y}/certificate-{c.code}.pdf",):
            with contextlib.suppress(Exception):
                default_storage.delete(name)


def bench_score_import(fx, n_firms: int) -> list[dict]:
    """The assessor's workbook for n firms: template download, upload check, apply (the services users hit)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessments import documents, services
    from assessments.models import Assessment, AssessorAssignment, FrameworkVersion
    from firms.models import Firm
    from portal.tenancy import program_scope

    assessor = fx.users["assessor"]
    with program_scope(fx.program.pk), rolled_back():
        version = FrameworkVersion.objects.select_related("framework").get(framework__code="SIRI", is_current=True)
        firm_ids = list(Firm.objects.filter(program=fx.program).order_by("-pk").values_list("pk", flat=True)[:n_firms])
        made = Assessment.objects.bulk_create(
            Assessment(program=fx.program, firm_id=f, framework=version.framework, version=version,
                       status=Assessment.Status.EVALUATION, created_by=fx.users["staff"])
            for f in firm_ids
        )  # fmt: skip
        AssessorAssignment.objects.bulk_create(
            AssessorAssignment(program=fx.program, assessment=a, firm_id=a.firm_id, user=assessor, is_lead=True)
            for a in made
        )
        t = time.perf_counter()
        content = documents.band_template(program_id=fx.program.pk, user=assessor, version=version)
        template_ms = (time.perf_counter() - t) * 1000
        filled = _fill_template(content, version)
        upload_file = SimpleUploadedFile("bands.xlsx", filled)
        t = time.perf_counter()
        upload, _already = services.score_upload_receive(
            actor=assessor, program_id=fx.program.pk, version=version, file=upload_file
        )
        if upload.job_id:  # a big file goes to a background job: run its handler here, as the worker would
            from portal.models import Job

            services.score_upload_job(Job.objects.get(pk=upload.job_id), lambda *a, **k: None)
            upload.refresh_from_db()
        check_ms = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        status = upload.status
        if status == "valid":
            services.score_upload_apply(actor=assessor, upload=upload)
        apply_ms = (time.perf_counter() - t) * 1000
    return [
        {"batch": f"score workbook, template for {len(firm_ids)} firms", "total_ms": round(template_ms, 1)},
        {"batch": f"score workbook, upload check of {len(firm_ids)} firms ({status})", "total_ms": round(check_ms, 1)},
        {"batch": f"score workbook, apply {len(firm_ids)} firms", "total_ms": round(apply_ms, 1)},
    ]


def bench_api_scores(fx, n_firms: int) -> list[dict]:
    """The same n firms' bands through the API (one request per firm, half sent twice with the same
    Idempotency-Key, as a script retrying lost answers would): the figure to compare with the workbook above."""
    from assessments.models import Assessment, AssessorAssignment, FrameworkVersion
    from firms.models import Firm
    from portal.api.tokens import token_create
    from portal.tenancy import audience_for, program_scope

    assessor = fx.users["assessor"]
    with program_scope(fx.program.pk), rolled_back():
        version = FrameworkVersion.objects.select_related("framework").get(framework__code="SIRI", is_current=True)
        codes = list(version.dimensions.order_by("order").values_list("code", flat=True))
        firm_ids = list(Firm.objects.filter(program=fx.program).order_by("-pk").values_list("pk", flat=True)[:n_firms])
        made = Assessment.objects.bulk_create(
            Assessment(program=fx.program, firm_id=f, framework=version.framework, version=version,
                       status=Assessment.Status.EVALUATION, created_by=fx.users["staff"])
            for f in firm_ids
        )  # fmt: skip
        AssessorAssignment.objects.bulk_create(
            AssessorAssignment(program=fx.program, assessment=a, firm_id=a.firm_id, user=assessor, is_lead=True)
            for a in made
        )
        _token, secret = token_create(
            actor=assessor,
            audience=audience_for(assessor, program_id=fx.program.pk),
            name="bench",
            scopes=["read", "write"],
            days=1,
        )
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
        times, statuses = [], set()
        t = time.perf_counter()
        for i, a in enumerate(made):
            body = json.dumps({"bands": [{"dimension": c, "band": 1 + (i + j) % 4} for j, c in enumerate(codes)]})
            for _attempt in range(2 if i % 2 else 1):
                t1 = time.perf_counter()
                response = client.post(
                    f"/api/v1/assessments/{a.pk}/scores/", body, content_type="application/json",
                    HTTP_IDEMPOTENCY_KEY=f"bench-{a.pk}",
                )  # fmt: skip
                times.append((time.perf_counter() - t1) * 1000)
                statuses.add(response.status_code)
        total_ms = (time.perf_counter() - t) * 1000
    return [
        {
            "batch": f"score API, {len(made)} firms ({len(times)} requests, half retried; HTTP {sorted(statuses)})",
            "total_ms": round(total_ms, 1),
            **summary(times),
        }
    ]


def _fill_template(content: bytes, version) -> bytes:
    """Put a band into every empty band cell of the template, as an assessor would."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    ws = book["Bands"] if "Bands" in book.sheetnames else book.active
    codes = {d.code for d in version.dimensions.all()}
    header_row, columns = None, []
    for row in ws.iter_rows(min_row=1, max_row=10):
        cols = [c.column for c in row if isinstance(c.value, str) and c.value in codes]
        if cols:
            header_row, columns = row[0].row, cols
            break
    if header_row is None:
        return content
    for r in range(header_row + 1, ws.max_row + 1):
        if ws.cell(r, 1).value in (None, ""):
            continue
        for i, col in enumerate(columns):
            if ws.cell(r, col).value in (None, ""):
                ws.cell(r, col).value = 1 + (r + i) % 4
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@contextlib.contextmanager
def _test_environment_once():
    from django.test import utils

    original = utils.setup_test_environment
    utils.setup_test_environment = lambda *args, **kwargs: None
    try:
        yield
    finally:
        utils.setup_test_environment = original


def bench_external(scale: str, out) -> list[dict]:
    """The other helpers' batch benchmarks (stipend run, matching, monitoring report), when they exist."""
    rows = []
    size = {"tiny": "tiny", "pilot": "pilot", "national": "national"}[scale]
    for name in ("bench_stipends", "bench_matching", "bench_reports"):
        try:
            module = importlib.import_module(f"tests.perf.{name}")
        except ImportError as error:
            rows.append({"batch": name, "skipped": f"not available ({error})"})
            continue
        captured = io.StringIO()
        t = time.perf_counter()
        try:
            # the runner has set up the test environment already (and pytest may have): a second call would fail
            with contextlib.redirect_stdout(captured), _test_environment_once():
                try:
                    code = module.main(["--size", size])
                except SystemExit as exit_:  # its own options differ: run its default
                    code = 0 if exit_.code in (0, None) else module.main([])
            status = "ok" if code in (0, None) or not isinstance(code, int) else f"exit {code}"
        except Exception as error:
            status = f"error: {error!r}"[:300]
        total = (time.perf_counter() - t) * 1000
        row = {"batch": name, "status": status, "total_ms": round(total, 1), "output": captured.getvalue()[-4000:]}
        if isinstance(code, dict):
            row["figures"] = code
        rows.append(row)
        out.write(f"  {name}: {status} in {total / 1000:.1f} s\n")
    return rows


# --- main ---------------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=["tiny", "pilot", "national"], default="pilot")
    parser.add_argument("--program", help="program code (default scale-<scale>)")
    parser.add_argument("--repeat", type=int, help="requests per page (default by scale)")
    parser.add_argument("--pdf-count", type=int, help="PDFs in a row (default 100 at national size)")
    parser.add_argument("--import-firms", type=int, help="firms in the score workbook (default 100)")
    parser.add_argument("--pages", help="comma-separated parts of page names to measure")
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--no-batch", action="store_true")
    parser.add_argument("--no-external", action="store_true", help="skip the other apps' batch benchmarks")
    parser.add_argument("--label", default="", help="a label kept in the results (e.g. 'before', 'after')")
    parser.add_argument("--out", help="results file (default tests/perf/results/bench-<scale>-<db>.json)")
    args = parser.parse_args(argv)
    from django.test.utils import setup_test_environment

    out = sys.stdout
    with contextlib.suppress(RuntimeError):  # already set up (inside pytest)
        setup_test_environment()
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    database = connection.vendor
    code = args.program or f"scale-{args.scale}"
    out.write(
        f"database: {database} ({'DATABASE_URL set' if os.environ.get('DATABASE_URL') else 'SQLite default'})"
        f"; program {code}\n"
    )
    ensure_program(args.scale, code, out)
    fx = fixtures_for(code)
    out.write("data: " + ", ".join(f"{k} {v:,}" for k, v in fx.sizes.items()) + "\n")
    repeat = args.repeat or REPEAT[args.scale]
    result = {
        "scale": args.scale,
        "program": code,
        "database": database,
        "label": args.label,
        "when": timezone.now().isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_at_start": os.getloadavg()},
        "repeat": repeat,
        "sizes": fx.sizes,
        "pages": [],
        "batch": [],
    }
    if not args.no_pages:
        out.write(f"pages ({repeat} requests each):\n")
        result["pages"] = measure_pages(fx, repeat, only=args.pages.split(",") if args.pages else None, out=out)
    if not args.no_batch:
        out.write("batch work:\n")
        n_pdf = args.pdf_count or PDF_COUNT[args.scale]
        for label, fn in (
            ("pdfs", lambda: bench_pdfs(fx, n_pdf)),
            ("score import", lambda: bench_score_import(fx, args.import_firms or (100 if args.scale != "tiny" else 5))),
            ("score API", lambda: bench_api_scores(fx, args.import_firms or (100 if args.scale != "tiny" else 5))),
        ):
            try:
                rows = fn()
            except Exception as error:
                rows = [{"batch": label, "error": repr(error)[:300]}]
            for row in rows:
                out.write(f"  {row['batch']:<50} " + _batch_figure(row) + "\n")
            result["batch"] += rows
        if not args.no_external:
            result["batch"] += bench_external(args.scale, out)
    result["machine"]["load_at_end"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    path = (
        Path(args.out)
        if args.out
        else RESULTS / f"bench-{args.scale}-{database}{'-' + args.label if args.label else ''}.json"
    )
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str))
    print_table(result, out)
    out.write(f"results: {path}\n")
    return 0


def _batch_figure(row: dict) -> str:
    if "error" in row or "skipped" in row:
        return row.get("error") or row.get("skipped")
    if "median_ms" in row:
        return f"median {row['median_ms']} ms, p95 {row['p95_ms']} ms"
    extra = f" ({row['per_item_ms']} ms each)" if "per_item_ms" in row else ""
    return f"{row['total_ms']} ms{extra}"


def print_table(result: dict, out) -> None:
    out.write(
        f"\n{result['database']} · program {result['program']} · "
        + ", ".join(f"{k} {v:,}" for k, v in result["sizes"].items())
        + f"\nload average at start {result['machine']['load_at_start'][0]:.1f}, at end "
        + f"{result['machine'].get('load_at_end', (0,))[0]:.1f} on {result['machine']['cpus']} CPUs "
        + "(other work on the machine inflates the times; cpu ms is this process's own)\n"
    )
    out.write(
        f"{'page':<36}{'median ms':>10}{'p95 ms':>9}{'cpu ms':>8}{'queries':>8}{'sql ms':>8}{'floor ms':>9}"
        f"{'sql÷floor':>10}"
        f"{'page÷floor':>11}  target\n"
    )
    for r in result["pages"]:
        if "median_ms" not in r:
            out.write(f"{r['page']:<36}  {r.get('error') or r.get('skipped')}\n")
            continue
        ok = (
            r["median_ms"] < TARGET_MEDIAN_MS
            and r["p95_ms"] < TARGET_P95_MS
            and (r.get("sql_ratio") or 0) <= TARGET_RATIO
        )
        out.write(
            f"{r['page']:<36}{r['median_ms']:>10}{r['p95_ms']:>9}{r['cpu_median_ms']:>8}{r['queries']:>8}"
            f"{r['sql_median_ms']:>8}"
            f"{r.get('floor_median_ms', '-'):>9}{r.get('sql_ratio') or '-':>10}{r.get('ratio') or '-':>11}"
            f"  {'ok' if ok else 'MISS'}\n"
        )
    for r in result["batch"]:
        out.write(f"{r['batch']:<50} {_batch_figure(r)}\n")


if __name__ == "__main__":
    sys.exit(main())
