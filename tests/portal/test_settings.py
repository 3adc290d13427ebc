import os
import secrets
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]


def _check_deploy(**env):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PII_", "DATABASE_", "REDIS_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_check_deploy_is_clean_under_production_settings():
    code, output = _check_deploy(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        PII_HASH_KEY=secrets.token_urlsafe(32),
        PII_ENCRYPTION_KEYS=Fernet.generate_key().decode(),
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )
    assert code == 0, output
    assert "no issues" in output


def test_check_deploy_refuses_development_secrets():
    code, output = _check_deploy(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="portal.example.org")
    assert code != 0
    assert "portal.E002" in output
