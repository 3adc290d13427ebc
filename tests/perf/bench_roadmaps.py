"""Roadmap PDF benchmark: one PDF (cold and warm) and N in a row, through the same code the background job runs.

    python -m tests.perf.bench_roadmaps                      # SQLite
    DATABASE_URL=postgres://... python -m tests.perf.bench_roadmaps
    BENCH_ROADMAPS=100 BENCH_FIRMS=20 python -m tests.perf.bench_roadmaps

Builds a throw-away database with the demo program plus BENCH_FIRMS firms with a published SIRI assessment and
a roadmap (so the pool median is drawn), then renders PDFs with WeasyPrint. Prints the figures and writes
tests/perf/results/roadmaps.json. Not part of `make test`: figures, not pass/fail (target: one PDF < 1.5 s).
"""

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_PASSWORD_HASHERS", "django.contrib.auth.hashers.MD5PasswordHasher")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

N_PDFS = int(os.environ.get("BENCH_ROADMAPS", "100"))
N_FIRMS = int(os.environ.get("BENCH_FIRMS", "20"))
RESULTS = Path(__file__).resolve().parent / "results"


def fill(program, users, n: int) -> list:
    """n firms with a published SIRI assessment (bands vary), each with its drafted roadmap."""
    import random

    from assessments import services
    from assessments.models import FrameworkVersion, Roadmap
    from assessments.selectors import assessment_list_for_user, version_dimensions
    from portal.models import Province, Sector
    from portal.tenancy import audience_for
    from tests.factories import FirmFactory

    rng = random.Random(7)  # reproducible figures
    siri = FrameworkVersion.objects.get(framework__code="SIRI", is_current=True)
    dims = version_dimensions(siri)
    staff, assessor = users["staff"], users["assessor"]
    as_staff, as_assessor = audience_for(staff, program_id=program.pk), audience_for(assessor, program_id=program.pk)
    provinces, sectors = list(Province.objects.filter(pilot_2023=True)), list(Sector.objects.all())
    roadmaps = []
    for i in range(n):
        firm = FirmFactory(
            program=program, name=f"Bench Firma {i} A.Ş.", province=provinces[i % 5], sector=sectors[i % 5]
        )
        a = services.assessment_schedule(actor=staff, program_id=program.pk, firm=firm, version=siri, lead=assessor)
        services.assessment_open_self_assessment(audience=as_staff, actor=staff, assessment=a)
        services.assessment_start_evaluation(audience=as_staff, actor=staff, assessment=a)
        services.assessor_bands_save(
            actor=assessor, assessment=a, entries={d.pk: (rng.randint(0, 5), "Bench") for d in dims}
        )
        mine = assessment_list_for_user(audience=as_assessor)
        services.assessment_submit_for_review(audience=as_assessor, actor=assessor, assessment=mine.get(pk=a.pk))
        services.assessment_publish(audience=as_assessor, actor=assessor, assessment=mine.get(pk=a.pk))
        roadmaps.append(Roadmap.objects.select_related("assessment__version__framework", "firm").get(assessment=a))
    return roadmaps


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from assessments.documents import roadmap_pdf
        from assessments.services import roadmap_document_build
        from portal.demo import seed_demo
        from portal.models import User
        from portal.tenancy import program_scope

        program, _logins = seed_demo()
        users = {role: User.objects.get(email=f"{role}@demo.kadinimalat.test") for role in ("staff", "assessor")}
        with program_scope(program.pk):
            roadmaps = fill(program, users, N_FIRMS)
            started = time.perf_counter()
            first = roadmap_document_build(actor=users["assessor"], roadmap=roadmaps[0], language="tr")
            cold = time.perf_counter() - started
            size = first.file.size
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            times = []
            started = time.perf_counter()
            for i in range(N_PDFS):
                t = time.perf_counter()
                roadmap_pdf(roadmap=roadmaps[i % len(roadmaps)], language="tr" if i % 2 else "en")
                times.append(time.perf_counter() - t)
            total = time.perf_counter() - started
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    times.sort()
    figures = {
        "database": connection.vendor,
        "pool_firms": N_FIRMS,
        "first_pdf_s (through the job service, stored)": round(cold, 3),
        "one_pdf_median_s": round(statistics.median(times), 3),
        "one_pdf_p95_s": round(times[int(0.95 * (len(times) - 1))], 3),
        "one_pdf_max_s": round(times[-1], 3),
        f"{N_PDFS}_in_a_row_s": round(total, 2),
        "pdf_bytes": size,
        "max_rss_growth_mb": round((rss_after - rss_before) / 1024, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "roadmaps.json").write_text(json.dumps(figures, indent=2))
    for key, value in figures.items():
        print(f"{key:<72} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
