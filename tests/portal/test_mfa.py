from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal import roles
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import totp_now

PASSWORD = "Test-Parola-2026"


def _password_step(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_staff_login_asks_for_a_code_and_accepts_the_right_one(client, world):
    staff = world.a.users[roles.STAFF]
    response = _password_step(client, staff)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("staff_home")).status_code == 302  # not logged in until the code is given
    response = client.post(reverse("mfa_authenticate"), {"code": totp_now(world.a.totp[staff.email])})
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("staff_home")


def test_a_wrong_code_keeps_her_out(client, world):
    staff = world.a.users[roles.STAFF]
    _password_step(client, staff)
    good = totp_now(world.a.totp[staff.email])
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200  # the form again, with an error
    assert client.get(reverse("staff_home")).status_code == 302


def test_roles_without_mfa_log_in_with_a_password(client, world):
    operator = world.a.users[roles.OPERATOR]
    response = _password_step(client, operator)
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("training:my_training")


def test_staff_without_an_authenticator_must_set_one_up_first(client, world):
    newcomer = UserFactory(email="new-staff@example.test")
    MembershipFactory(program=world.a.program, user=newcomer)  # staff role, no TOTP yet
    client.force_login(newcomer)
    response = client.get(reverse("member_list") + "?page=2&province=34")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp") + "?next=%2Fstaff%2Fmembers%2F%3Fpage%3D2%26province%3D34"
    # the pages to set it up stay reachable (allauth first asks for the password again)
    page = client.get(reverse("mfa_activate_totp"), follow=True)
    assert page.status_code == 200
    assert page.redirect_chain[-1][0].startswith("/accounts/")


def test_mfa_is_offered_to_everyone_else(client, world):
    client.force_login(world.a.users[roles.FIRM])
    assert client.get(reverse("mfa_index")).status_code == 200
    assert not Authenticator.objects.filter(user=world.a.users[roles.FIRM]).exists()
    assert client.get(reverse("firms:home")).status_code == 200


def test_admin_site_goes_through_the_portal_login(client, world):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert reverse("account_login") in response.url or "/admin/login/" in response.url
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
