"""How long the M&E officer's "build the monitoring report" POST takes in the embedded mode (no broker), with the
job run eagerly inside the request (before) and by the embedded worker thread (after), and when the PDF is ready.

    DATABASE_URL=sqlite:////tmp/scaleout-bench.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/scaleout-bench.sqlite3 python manage.py seed_demo
    DATABASE_URL=sqlite:////tmp/scaleout-bench.sqlite3 python -m tests.perf.bench_embedded_jobs --mode eager
    DATABASE_URL=sqlite:////tmp/scaleout-bench.sqlite3 python -m tests.perf.bench_embedded_jobs --mode thread

Drives the real view through Django's test client logged in as the demo M&E officer (me@), on the demo data of
`seed_demo`. The reports it builds stay in the database (use a throw-away one). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django
from django.apps import apps as _apps

if not _apps.ready:
    django.setup()


def main(argv=None) -> dict:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from portal.models import Job, User
    from portal.services import jobs_embedded
    from reports.models import ReportingPeriod
    from reports.services import JOB_MONITORING_REPORT

    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["eager", "thread"], required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--email", default="me@demo.kadinimalat.test")
    args = parser.parse_args(argv)

    settings.JOBS_EMBEDDED_WORKER = args.mode == "thread"
    if args.mode == "thread":
        assert jobs_embedded.start_if_enabled(), "the embedded worker needs Celery eager (no REDIS_URL)"

    with scopes_disabled():
        user = User.objects.get(email=args.email)
        period = ReportingPeriod.objects.filter(program__code="kadin-imalat-pilot").order_by("-starts_on").first()
    client = Client()
    client.force_login(user)
    url = reverse("reports:report_generate", args=[period.pk])
    post_ms, ready_ms = [], []
    for _ in range(args.runs):
        with scopes_disabled():
            last = Job.objects.filter(kind=JOB_MONITORING_REPORT).order_by("-pk").values_list("pk", flat=True).first()
        started = time.perf_counter()
        response = client.post(url, {"language": "tr"})
        post_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
        with scopes_disabled():
            job = Job.objects.filter(kind=JOB_MONITORING_REPORT, pk__gt=last or 0).order_by("-pk").first()
        while True:
            with scopes_disabled():
                job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.02)
        assert job.status == Job.Status.DONE, job.error
        ready_ms.append((job.finished_at - job.created_at).total_seconds() * 1000)
    jobs_embedded.stop()
    figures = {
        "mode": args.mode,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "period": str(period),
        "post_ms": [round(ms) for ms in post_ms],
        "post_median_ms": round(statistics.median(post_ms)),
        "pdf_ready_median_ms": round(statistics.median(ready_ms)),
    }
    print(json.dumps(figures, ensure_ascii=False))
    return figures


if __name__ == "__main__":
    main()
