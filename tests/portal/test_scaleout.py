"""Two web processes share everything a person touches: one PostgreSQL database, sessions (database, read through
the shared Redis cache) and files (an S3-compatible bucket: moto's server here, MinIO or S3 in production).

Starts moto's S3 server (port 8612) and two gunicorn processes (8610, 8611) on the database `portal_scaleout`,
logs a staff member in on one (password and second factor), uploads a guide's file through the other, and
downloads it back through the first; the session survives every switch. Skipped when PostgreSQL or Redis is not
running on 127.0.0.1 or moto's server is not installed (`pip install '.[dev]'`).
"""

import base64
import contextlib
import hashlib
import hmac
import json
import os
import re
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
DATABASE = "portal_scaleout"
REDIS = ("127.0.0.1", 6379)
WEB_PORTS = (8610, 8611)
S3_PORT = 8612
BUCKET = "portal-scaleout-test"

pytestmark = [pytest.mark.slow]


def _reachable(host, port) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def _redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _totp(secret: str) -> str:
    """RFC 6238, as allauth checks it (SHA-1, 6 digits, 30 s)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args} exited with {process.returncode}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    psycopg2 = pytest.importorskip("psycopg2")
    pytest.importorskip("moto.server", reason="moto[server] is not installed")
    boto3 = pytest.importorskip("boto3")
    if not _reachable(PG["host"], PG["port"]):
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    if not _redis_answers():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    if any(_reachable("127.0.0.1", port) for port in (*WEB_PORTS, S3_PORT)):
        pytest.skip("ports 8610-8612 are taken")

    admin = psycopg2.connect(dbname="postgres", **PG)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE}")

    logs = tmp_path_factory.mktemp("scaleout")
    keep = ("DJANGO_", "PII_", "DATABASE_", "REDIS_", "CACHE_", "CELERY_", "AWS_", "MEDIA_", "JOBS_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(keep)}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DATABASE}",
        CACHE_URL=f"redis://{REDIS[0]}:{REDIS[1]}/13",  # shared cache: sessions read through it
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{S3_PORT}",
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="scaleout-test",
        AWS_SECRET_ACCESS_KEY="scaleout-test",
        MEDIA_ROOT=str(logs / "no-local-media"),  # must stay empty: files go to the bucket
        LOG_LEVEL="WARNING",
    )
    processes = []

    def start(args, name):
        log = open(logs / f"{name}.log", "wb")  # noqa: SIM115  (closed with the process)
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        processes.append((process, log))
        return process

    try:
        s3 = start([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(S3_PORT)], "moto")
        _wait_for(f"http://127.0.0.1:{S3_PORT}/", s3)
        boto3.client(
            "s3",
            endpoint_url=env["AWS_S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="scaleout-test",
            aws_secret_access_key="scaleout-test",
        ).create_bucket(Bucket=BUCKET)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
        )
        setup = (
            "import django, json; django.setup()\n"
            "from tests.world import build_program\n"
            "from portal import roles\n"
            "world = build_program('s')\n"
            "staff = world.users[roles.STAFF]\n"
            "print(json.dumps({'email': staff.email, 'totp': world.totp[staff.email]}))\n"
        )
        made = subprocess.run(
            [sys.executable, "-c", setup], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert made.returncode == 0, made.stderr[-3000:]
        person = json.loads(made.stdout.strip().splitlines()[-1])
        webs = []
        for port in WEB_PORTS:
            web = start(
                [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--timeout", "60"],
                f"web-{port}",
            )  # fmt: skip
            webs.append(web)
        for port, web in zip(WEB_PORTS, webs, strict=True):
            _wait_for(f"http://127.0.0.1:{port}/healthz/live/", web)
        yield {"person": person, "env": env, "logs": logs, "media": Path(env["MEDIA_ROOT"])}
    finally:
        for process, log in reversed(processes):
            process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
            if process.poll() is None:
                process.kill()
                process.wait()
            log.close()
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.close()


def test_a_file_uploaded_through_one_web_process_is_served_by_the_other(servers):
    import boto3
    import requests

    one, other = (f"http://127.0.0.1:{port}" for port in WEB_PORTS)
    person = servers["person"]
    browser = requests.Session()  # cookies are per host, not per port: the same session goes to both processes

    # log in on the first process: password, then the second factor
    page = browser.get(f"{one}/accounts/login/")
    answer = browser.post(
        f"{one}/accounts/login/",
        data={"csrfmiddlewaretoken": _csrf(page.text), "login": person["email"], "password": "Test-Parola-2026"},
        headers={"Referer": f"{one}/accounts/login/"},
    )
    assert "/accounts/2fa/authenticate/" in answer.url, answer.url
    answer = browser.post(
        answer.url,
        data={"csrfmiddlewaretoken": _csrf(answer.text), "code": _totp(person["totp"])},
        headers={"Referer": answer.url},
    )
    assert answer.status_code == 200 and "/accounts/" not in answer.url, answer.url

    # the session works on the second process: upload a guide's file there
    form = browser.get(f"{other}/knowledge/manage/new/")
    assert form.status_code == 200 and "/accounts/" not in form.url, form.url
    pdf = b"%PDF-1.4\n%" + os.urandom(32).hex().encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    saved = browser.post(
        f"{other}/knowledge/manage/new/",
        data={
            "csrfmiddlewaretoken": _csrf(form.text),
            "kind": "guide",
            "title_tr": "Ölçeklenme rehberi",
            "title_en": "Scale-out guide",
            "summary_tr": "İki web sürecinden yüklenen ve indirilen dosya.",
            "year": "2026",
            "for_firms": "on",
        },
        files={"file": ("rehber.pdf", pdf, "application/pdf")},
        headers={"Referer": f"{other}/knowledge/manage/new/"},
    )
    match = re.search(r"/knowledge/manage/(\d+)/", saved.url)
    assert match, (saved.status_code, saved.url)
    resource = match.group(1)
    for status in ("review", "published"):  # members read published guides only; moved on the first process
        moved = browser.post(
            f"{one}/knowledge/manage/{resource}/status/",
            data={"csrfmiddlewaretoken": _csrf(saved.text), "to_status": status, "note": "scale-out test"},
            headers={"Referer": f"{one}/knowledge/manage/{resource}/"},
        )
        assert moved.status_code == 200 and f"/knowledge/manage/{resource}/" in moved.url, moved.url

    # ... and download it through the first process: the same bytes, from the bucket
    download = browser.get(f"{one}/knowledge/{resource}/file/")
    assert download.status_code == 200, download.status_code
    assert download.content == pdf

    # the file is in the bucket, nowhere on the web processes' disks
    s3 = boto3.client(
        "s3",
        endpoint_url=servers["env"]["AWS_S3_ENDPOINT_URL"],
        region_name="us-east-1",
        aws_access_key_id="scaleout-test",
        aws_secret_access_key="scaleout-test",
    )
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
    assert any(key.startswith("media/") and key.endswith(".pdf") for key in keys), keys
    acl = s3.get_object_acl(Bucket=BUCKET, Key=next(k for k in keys if k.endswith(".pdf")))
    assert not [g for g in acl["Grants"] if "AllUsers" in str(g.get("Grantee", {}).get("URI", ""))]  # private
    assert not servers["media"].exists() or not any(servers["media"].rglob("*.pdf"))

    # logging out on the second process ends the session on the first too
    home = browser.get(f"{other}/")
    logout_page = browser.get(f"{other}/accounts/logout/")
    browser.post(
        f"{other}/accounts/logout/",
        data={"csrfmiddlewaretoken": _csrf(logout_page.text)},
        headers={"Referer": f"{other}/accounts/logout/"},
    )
    assert home.status_code == 200
    after = browser.get(f"{one}/knowledge/{resource}/file/", allow_redirects=False)
    assert after.status_code in (302, 404) and "/accounts/login/" in after.headers.get("Location", "/accounts/login/")
