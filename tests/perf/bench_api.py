"""Score submission benchmark: an assessor's script sends bands for N firms through the API (one request per
firm, every other request retried with the same Idempotency-Key), against one workbook upload of the same data
(template, check, apply) in a second program; the bands must come out equal.

    python -m tests.perf.bench_api                         # SQLite, 100 firms
    DATABASE_URL=postgres://... BENCH_API_FIRMS=500 python -m tests.perf.bench_api

Builds a throw-away test database (the two-program test world), prints the figures and writes
tests/perf/results/api.json. Not part of `make test`: figures, not pass/fail.
"""

import json
import os
import random
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

N_FIRMS = int(os.environ.get("BENCH_API_FIRMS", "100"))
RESULTS = Path(__file__).resolve().parent / "results"


def open_assessments(pw, n):
    """n firms with a SIRI assessment in evaluation, led by the world's assessor (rows made in bulk)."""
    from assessments.models import Assessment, AssessorAssignment, FrameworkVersion
    from firms.models import Firm
    from portal.pii import pii_hash

    version = FrameworkVersion.objects.select_related("framework").get(framework__code="SIRI", is_current=True)
    firms = Firm.objects.bulk_create(
        Firm(program=pw.program, name=f"Bench Firma {i}", tax_number=f"{9000000000 + i}",
             tax_number_hash=pii_hash("vkn", f"{pw.program.pk}-{i}"), province_id=pw.firms[0].province_id)
        for i in range(n)
    )  # fmt: skip
    made = Assessment.objects.bulk_create(
        Assessment(program=pw.program, firm=f, framework=version.framework, version=version,
                   status=Assessment.Status.EVALUATION, created_by=pw.users["staff"])
        for f in firms
    )  # fmt: skip
    AssessorAssignment.objects.bulk_create(
        AssessorAssignment(program=pw.program, assessment=a, firm=a.firm, user=pw.users["assessor"], is_lead=True)
        for a in made
    )
    return version, made


def stored(assessments, program_id):
    from assessments.models import Score
    from portal.tenancy import program_scope

    index = {a.pk: i for i, a in enumerate(assessments)}
    with program_scope(program_id):
        rows = Score.objects.filter(assessment__in=assessments, source="assessor").select_related("dimension")
        return {(index[s.assessment_id], s.dimension.code): s.band for s in rows}


def main():
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import Client
        from django_scopes import scopes_disabled

        from assessments import documents, services
        from tests.api.helpers import make_token
        from tests.conftest import ensure_reference_data
        from tests.world import build_program

        ensure_reference_data()
        a, b = build_program("a"), build_program("b")
        with scopes_disabled():
            version, via_api = open_assessments(a, N_FIRMS)
            _version, via_upload = open_assessments(b, N_FIRMS)
            codes = list(version.dimensions.order_by("order").values_list("code", flat=True))
        rng = random.Random(2026)
        wanted = [{c: rng.randint(0, 5) for c in codes} for _ in range(N_FIRMS)]

        client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(a.users['assessor'], a.program)}")
        times, statuses = [], set()
        started = time.perf_counter()
        for i, assessment in enumerate(via_api):
            body = json.dumps({"bands": [{"dimension": c, "band": band} for c, band in wanted[i].items()]})
            for _attempt in range(2 if i % 2 else 1):
                t = time.perf_counter()
                response = client.post(
                    f"/api/v1/assessments/{assessment.pk}/scores/", body, content_type="application/json",
                    HTTP_IDEMPOTENCY_KEY=f"firm-{i}",
                )  # fmt: skip
                times.append((time.perf_counter() - t) * 1000)
                statuses.add(response.status_code)
        api_total = time.perf_counter() - started

        from openpyxl import load_workbook

        from portal.tenancy import program_scope

        assessor_b = b.users["assessor"]
        with program_scope(b.program.pk):
            started = time.perf_counter()
            content = documents.band_template(program_id=b.program.pk, user=assessor_b, version=version)
            template_s = time.perf_counter() - started
            import io

            book = load_workbook(io.BytesIO(content))
            ws = book["Bands"]
            columns = {ws.cell(3, col).value: col for col in range(3, ws.max_column + 1)}
            by_firm = {x.firm_id: i for i, x in enumerate(via_upload)}
            for row in range(5, ws.max_row + 1):
                i = by_firm.get(ws.cell(row, 1).value)
                if i is not None:
                    for code, band in wanted[i].items():
                        ws.cell(row, columns[code], band)
            buffer = io.BytesIO()
            book.save(buffer)
            started = time.perf_counter()
            upload, _already = services.score_upload_receive(
                actor=assessor_b,
                program_id=b.program.pk,
                version=version,
                file=SimpleUploadedFile("bands.xlsx", buffer.getvalue()),
            )
            check_s = time.perf_counter() - started
            started = time.perf_counter()
            services.score_upload_apply(actor=assessor_b, upload=upload)
            apply_s = time.perf_counter() - started
        equal = stored(via_api, a.program.pk) == stored(via_upload, b.program.pk)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    figures = {
        "database": connection.vendor,
        "firms": N_FIRMS,
        "api_requests (half retried with the same key)": len(times),
        "api_http_statuses": sorted(statuses),
        "api_total_s": round(api_total, 2),
        "api_request_median_ms": round(statistics.median(times), 1),
        "api_request_p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 1),
        "workbook_template_s": round(template_s, 2),
        "workbook_check_s": round(check_s, 2),
        "workbook_apply_s": round(apply_s, 2),
        "workbook_total_s (template + check + apply)": round(template_s + check_s + apply_s, 2),
        "bands_equal_to_one_workbook_upload": equal,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.json").write_text(json.dumps(figures, indent=2))
    for key, value in figures.items():
        print(f"{key:<52} {value}")
    return 0 if equal and statuses == {200} else 1


if __name__ == "__main__":
    sys.exit(main())
