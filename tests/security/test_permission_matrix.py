"""Every named URL × every role → the status that role must get.

A URL missing from MATRIX fails `test_every_url_is_in_the_matrix`, so each new view has to be placed here.
Object URLs are tried with this program's objects and with the other program's (always 404).
"""

from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.models import Invitation, Role
from portal.models.programs import hash_token
from tests.security.matrix import ALL_ROLES, ANON, FOREIGN_NAMESPACES, FOREIGN_PREFIXES, all_rows, status_for

MATRIX = all_rows()


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in FOREIGN_NAMESPACES:
                continue
            yield from _named_urls(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}{entry.name}"
            if not name.startswith(FOREIGN_PREFIXES):
                yield name


def test_every_url_is_in_the_matrix():
    missing = sorted(set(_named_urls()) - set(MATRIX))
    assert not missing, f"add these URLs to the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - set(_named_urls()))
    assert not stale, f"these matrix rows name no URL any more: {stale}"


@pytest.fixture
def matrix_world(world):
    with scopes_disabled():
        for pw in (world.a, world.b):
            pw.invitation = Invitation.objects.create(
                program=pw.program,
                email=f"invitee-{pw.program.code}@example.test",
                role=Role.objects.get(code=roles.TRAINER),
                token_hash=hash_token(f"token-{pw.program.code}"),
                invited_by=pw.users[roles.STAFF],
                expires_at=timezone.now() + timedelta(days=3),
            )
    return world


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_matrix(client, matrix_world, name, role):
    kwargs_builder, spec = MATRIX[name]
    pw = matrix_world.a
    if role != ANON:
        client.force_login(pw.users[role])
    url = reverse(name, kwargs=kwargs_builder(pw) if kwargs_builder else None)
    response = getattr(client, spec["method"])(url)
    expected = status_for(role, spec)
    assert response.status_code == expected, f"{role} {spec['method'].upper()} {url}"
    if role == ANON and expected == 302:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(n for n, (b, spec) in MATRIX.items() if b and not spec["public"]))
@pytest.mark.parametrize("role", roles.ALL)
def test_other_programs_objects_are_404(client, matrix_world, name, role):
    kwargs_builder, spec = MATRIX[name]
    client.force_login(matrix_world.a.users[role])
    url = reverse(name, kwargs=kwargs_builder(matrix_world.b))
    response = getattr(client, spec["method"])(url)
    # Outsiders learn nothing: 404 where the role may use the page, or the page's own 403.
    assert response.status_code in {404, 403}, f"{role} got {response.status_code} for {url}"
    if role in spec["ok"]:
        assert response.status_code == 404


def test_firm_user_gets_404_for_the_other_firm_of_her_program(client, world):
    client.force_login(world.a.users[roles.FIRM])
    assert client.get(reverse("firms:firm_detail", args=[world.a.firms[1].pk])).status_code == 404
    assert client.get(reverse("firms:firm_detail", args=[world.a.firms[0].pk])).status_code == 200


def test_trainee_gets_404_for_another_trainee(client, world):
    client.force_login(world.a.users[roles.OPERATOR])
    other = world.a.trainees[roles.AMBASSADOR]
    assert client.get(reverse("training:trainee_detail", args=[other.pk])).status_code == 404
