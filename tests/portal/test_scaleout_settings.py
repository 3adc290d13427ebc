"""The settings a scaled-out deployment depends on, read from the environment as a deployer sets it."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import django, json; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({'storage': s.STORAGES['default'], 'session': s.SESSION_ENGINE,"
    " 'db': s.DATABASES['default'].get('OPTIONS', {}), 'jobs_thread': s.JOBS_EMBEDDED_WORKER}))"
)


def _settings(**env):
    keep = ("DJANGO_", "PII_", "DATABASE_", "REDIS_", "CACHE_", "CELERY_", "AWS_", "JOBS_")
    base = {k: v for k, v in os.environ.items() if not k.startswith(keep)}
    result = subprocess.run(
        [sys.executable, "-c", PRINT],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_embedded_default_keeps_files_local_and_runs_jobs_in_a_thread_on_sqlite_in_wal_mode():
    figures = _settings()
    assert figures["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert figures["session"] == "django.contrib.sessions.backends.db"  # no shared cache: the database alone
    assert figures["db"] == {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    assert figures["jobs_thread"] is True


def test_a_bucket_and_redis_make_files_and_sessions_shared_and_the_bucket_private():
    figures = _settings(
        AWS_STORAGE_BUCKET_NAME="portal",
        AWS_S3_ENDPOINT_URL="http://minio:9000",
        CACHE_URL="redis://redis:6379/1",
        REDIS_URL="redis://redis:6379/1",
    )
    storage = figures["storage"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == ("portal", "http://minio:9000")
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert figures["session"] == "django.contrib.sessions.backends.cached_db"
    assert figures["jobs_thread"] is False  # a broker: Celery workers run the jobs
