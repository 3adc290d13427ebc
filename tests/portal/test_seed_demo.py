import json

from django.core.management import call_command
from django.test import Client
from django_scopes import scopes_disabled

from firms.models import Firm
from portal import roles
from portal.models import Membership, Program, User
from tests.helpers import totp_now


def _seed_json(capsys):
    call_command("seed_demo", "--json")
    return json.loads(capsys.readouterr().out)


def _row_counts():
    with scopes_disabled():
        return [model.objects.count() for model in (User, Membership, Firm, Program)]


def test_seed_demo_gives_one_login_per_role_and_can_be_run_twice(db, capsys):
    logins = _seed_json(capsys)
    assert {login["role"] for login in logins} == {"admin", roles.FINANCE_APPROVER, *roles.ALL}
    with scopes_disabled():
        counts = (User.objects.count(), Membership.objects.count(), Firm.objects.count(), Program.objects.count())
    assert _seed_json(capsys) == logins
    with scopes_disabled():
        assert (
            User.objects.count(),
            Membership.objects.count(),
            Firm.objects.count(),
            Program.objects.count(),
        ) == counts
    program = Program.objects.get()
    assert set(program.pilot_provinces.values_list("plate", flat=True)) == {34, 6, 35, 45, 41}
    assert program.case_by_case_provinces.count() == 11


def test_every_demo_login_works_as_printed(db, capsys, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for login in _seed_json(capsys):
        client = Client()
        response = client.post("/accounts/login/", {"login": login["email"], "password": login["password"]})
        assert response.status_code == 302, login["email"]
        if login["totp_secret"]:
            assert response.url == "/accounts/2fa/authenticate/"
            response = client.post(response.url, {"code": totp_now(login["totp_secret"])})
            assert response.status_code == 302
        home = client.get("/home/", follow=True)
        assert home.status_code == 200, login["email"]
