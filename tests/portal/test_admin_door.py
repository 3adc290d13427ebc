"""The Django admin has one door: the portal's login, with its lockout and second factor; every change is audited."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse

from portal import roles
from portal.checks import refuse_development_secrets
from portal.models import PlatformAuditEvent, Role
from tests.factories import UserFactory
from tests.helpers import totp_now

PASSWORD = "Test-Parola-2026"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def platform_admin(db):
    user = UserFactory(email="root@example.test", is_staff=True, is_superuser=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.totp_secret = secret
    return user


def _log_in_with_both_factors(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(user.totp_secret)})
    assert response.status_code == 302


def test_posting_the_admins_password_to_the_admin_login_logs_nobody_in(client, world, platform_admin):
    operator = world.a.users[roles.OPERATOR]
    client.force_login(operator)
    response = client.post(reverse("admin:login"), {"username": platform_admin.email, "password": PASSWORD})
    assert response.status_code == 403  # an operator is not a platform operator, whatever she posts
    assert int(client.session["_auth_user_id"]) == operator.pk
    assert client.get(reverse("admin:index")).status_code in (302, 403)
    assert PlatformAuditEvent.objects.filter(action="admin.refused", actor=operator).exists()


def test_anonymous_credentials_posted_to_the_admin_are_ignored(client, platform_admin):
    response = client.post(reverse("admin:login"), {"username": platform_admin.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_a_password_only_session_reaches_nothing_of_the_admin(client, platform_admin):
    client.force_login(platform_admin)  # a session with no second factor recorded
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    response = client.get(response.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    assert client.get(reverse("admin:portal_program_changelist")).status_code == 302


def test_password_and_code_open_the_admin(client, platform_admin):
    _log_in_with_both_factors(client, platform_admin)
    assert client.get(reverse("admin:index")).status_code == 200


def test_wrong_admin_passwords_lock_the_account_like_any_other(client, platform_admin):
    for _ in range(6):
        client.post(reverse("account_login"), {"login": platform_admin.email, "password": "wrong-password-1"})
    response = client.post(reverse("account_login"), {"login": platform_admin.email, "password": PASSWORD})
    # the form again (or Too Many Requests): the right password no longer leads to the second step
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_admin_changes_are_audited_and_mfa_on_a_role_cannot_be_lowered(client, world, platform_admin):
    _log_in_with_both_factors(client, platform_admin)
    finance = Role.objects.get(code=roles.FINANCE)
    assert finance.requires_mfa
    url = reverse("admin:portal_role_change", args=[finance.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "code": finance.code,
        "name_tr": finance.name_tr,
        "name_en": finance.name_en + " (edited)",
        "needs_firm": "",
        "order": finance.order,
        "requires_mfa": "",  # not on the form: a read-only field must ignore it
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    finance.refresh_from_db()
    assert finance.requires_mfa
    assert finance.name_en.endswith("(edited)")
    event = PlatformAuditEvent.objects.get(action="admin.changed", target_type="portal.role")
    assert event.actor == platform_admin and event.target_id == str(finance.pk)
    assert "name_en" in " ".join(event.data["fields"]).lower() or event.data["fields"]
    assert PlatformAuditEvent.objects.filter(action="admin.post", actor=platform_admin).exists()

    spare = Role.objects.create(code="spare-role", name_tr="Yedek", name_en="Spare")
    response = client.post(reverse("admin:portal_role_delete", args=[spare.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Role.objects.filter(pk=spare.pk).exists()
    assert PlatformAuditEvent.objects.filter(action="admin.deleted", target_id=str(spare.pk)).exists()


def test_totp_code_refuses_outside_debug(settings, platform_admin):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("totp_code", platform_admin.email)


def _run(code: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", **env}
    for name in ("DJANGO_SECRET_KEY", "PII_HASH_KEY", "PII_ENCRYPTION_KEYS"):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_has_no_totp_code_command():
    result = _run(
        "import django; django.setup(); from django.core.management import get_commands; "
        "print('totp_code' in get_commands())",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        PII_HASH_KEY="y" * 40,
        PII_ENCRYPTION_KEYS="Qk9SaWNoZWNrLWEta2V5LWZvci10ZXN0cy0xMjM0NTY=",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_wsgi_entry_point_refuses_development_keys_outside_debug():
    result = _run("import portal.wsgi", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "Refusing to start" in result.stderr
    started = _run(
        "import portal.wsgi; print('started')",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        PII_HASH_KEY="y" * 40,
        PII_ENCRYPTION_KEYS="Qk9SaWNoZWNrLWEta2V5LWZvci10ZXN0cy0xMjM0NTY=",
    )
    assert started.returncode == 0, started.stderr
    assert "started" in started.stdout


def test_refusal_depends_on_debug_and_the_keys(settings):
    settings.DEBUG = True
    refuse_development_secrets()  # a developer's machine starts
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        refuse_development_secrets()
