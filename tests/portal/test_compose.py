"""docker-compose.yml stays valid and consistent with the settings: web x2 and worker x2 behind one proxy, the
files in an S3-compatible store, and every variable it sets is one the settings read."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_web_and_workers_are_scaled_out_behind_one_proxy():
    services = _compose()["services"]
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["worker"]["deploy"]["replicas"] == 2
    assert "replicas" not in services["beat"].get("deploy", {})  # one beat, or periodic tasks run twice
    assert "ports" not in services["web"]  # reached through the proxy only
    assert any("deploy/nginx.conf" in volume for volume in services["proxy"]["volumes"])
    assert {"postgres", "redis", "minio", "minio-init"} <= set(services)


def test_every_variable_compose_sets_is_read_by_the_settings():
    settings_text = (ROOT / "portal" / "settings.py").read_text()
    env = _compose()["x-portal"]["environment"]
    assert env["AWS_STORAGE_BUCKET_NAME"] and env["AWS_S3_ENDPOINT_URL"].startswith("http://minio:")
    for name in env:
        assert re.search(rf"""env(\.\w+)?\(\s*["']{name}["']""", settings_text), f"{name} is not read in settings"
    example = (ROOT / ".env.example").read_text()
    for name in ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "DATABASE_REPLICA_URL", "JOBS_EMBEDDED_WORKER"):
        assert name in example


def test_the_proxy_refuses_what_the_portal_refuses():
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "client_max_body_size 25m;" in nginx  # MAX_REQUEST_BYTES' default
    assert "X-Forwarded-Proto" in nginx and "X-Forwarded-For" in nginx
