import re

import pytest
from django.core import mail
from django.urls import reverse
from django_scopes import scopes_disabled

from portal import roles
from portal.models import AuditEvent, Invitation, Membership, Role, User


def _invite(client, world, email="yeni@example.test", role=roles.FIRM, firm=True):
    client.force_login(world.a.users[roles.STAFF])
    data = {"email": email, "role": Role.objects.get(code=role).pk}
    if firm:
        data["firm"] = world.a.firms[0].pk
    with_callbacks = client.post(reverse("invitation_new"), data)
    return with_callbacks


def _link_from_outbox():
    match = re.search(r"http://[^/]+(/p/[^/]+/invitation/[^/\s]+/)", mail.outbox[-1].body)
    return match.group(1)


def test_staff_invites_a_firm_user_who_sets_a_password_and_lands_on_her_firm(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, world)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["yeni@example.test"]
    assert "davet" in message.subject.lower() and "invitation" in message.subject.lower()  # Turkish, then English
    assert "Avrupa Birliği" in message.body  # EU visibility line
    link = _link_from_outbox()

    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Firma kullanıcısı" in page.content.decode()
    response = client.post(
        link,
        {
            "full_name": "Yeni Kullanıcı",
            "password1": "Uzun-Parola-2026!",
            "password2": "Uzun-Parola-2026!",
            "privacy_ack": "on",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("firms:home")
    assert world.a.firms[0].name in client.get(reverse("firms:home")).content.decode()
    with scopes_disabled():
        user = User.objects.get(email="yeni@example.test")
        membership = Membership.objects.get(user=user)
        assert membership.firm == world.a.firms[0]
        assert membership.program == world.a.program
        assert AuditEvent.objects.filter(action="invitation.accept", actor=user).exists()


def test_the_link_works_once(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world)
    link = _link_from_outbox()
    client.logout()
    data = {"full_name": "A B", "password1": "Uzun-Parola-2026!", "password2": "Uzun-Parola-2026!", "privacy_ack": "on"}
    client.post(link, data)
    client.logout()
    assert client.get(link).status_code == 404
    with scopes_disabled():
        assert User.objects.filter(email="yeni@example.test").count() == 1


def test_a_firm_role_needs_a_firm(client, world):
    response = _invite(client, world, firm=False)
    assert response.status_code == 400
    assert "firmaya" in response.content.decode() or "firm" in response.content.decode()
    with scopes_disabled():
        assert not Invitation.objects.filter(email="yeni@example.test").exists()


def test_inviting_twice_gives_a_clear_error_and_one_invitation(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world)
        second = _invite(client, world)
    assert second.status_code == 400
    assert len(mail.outbox) == 1
    with scopes_disabled():
        assert Invitation.objects.filter(email="yeni@example.test").count() == 1


def test_staff_cannot_invite_into_another_programs_firm(client, world):
    client.force_login(world.a.users[roles.STAFF])
    response = client.post(
        reverse("invitation_new"),
        {"email": "x@example.test", "role": Role.objects.get(code=roles.FIRM).pk, "firm": world.b.firms[0].pk},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not Invitation.objects.filter(email="x@example.test").exists()


def test_weak_password_is_refused_and_nothing_is_created(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world)
    link = _link_from_outbox()
    client.logout()
    response = client.post(link, {"full_name": "A B", "password1": "123", "password2": "123", "privacy_ack": "on"})
    assert response.status_code == 400
    with scopes_disabled():
        assert not User.objects.filter(email="yeni@example.test").exists()


def test_an_existing_user_joins_with_her_account(client, world, django_capture_on_commit_callbacks):
    existing = world.b.users[roles.TRAINER]  # a trainer of program B is invited to program A
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world, email=existing.email, role=roles.TRAINER, firm=False)
    link = _link_from_outbox()
    client.force_login(existing)
    response = client.post(link)
    assert response.status_code == 302
    with scopes_disabled():
        assert Membership.objects.filter(user=existing, program=world.a.program, role__code=roles.TRAINER).exists()


def test_someone_else_logged_in_cannot_take_the_invitation(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world)
    link = _link_from_outbox()
    client.force_login(world.a.users[roles.OPERATOR])
    assert client.post(link).status_code == 403
    with scopes_disabled():
        assert Invitation.objects.get(email="yeni@example.test").accepted_at is None


def test_revoked_invitation_no_longer_works(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client, world)
    link = _link_from_outbox()
    with scopes_disabled():
        invitation = Invitation.objects.get(email="yeni@example.test")
    client.post(reverse("invitation_revoke", args=[invitation.pk]))
    client.logout()
    assert client.get(link).status_code == 404


@pytest.mark.parametrize("role", [roles.FINANCE, roles.FIRM, roles.TRAINER])
def test_only_staff_may_invite(client, world, role):
    client.force_login(world.a.users[role])
    response = client.post(reverse("invitation_new"), {"email": "x@example.test"})
    assert response.status_code == 403
