"""Every named URL × every role → the status that role must get.

A URL missing from MATRIX fails `test_every_url_is_in_the_matrix`, so each new view has to be placed here.
Object URLs are tried with this program's objects and with the other program's (always 404).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal import roles
from tests.security.matrix import (
    ALL_ROLES,
    ANON,
    FOREIGN_NAMESPACES,
    FOREIGN_PREFIXES,
    all_rows,
    client_for,
    status_for,
)

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


# One test per URL, every role inside it: building the two-program world once per URL, not once per cell,
# keeps the matrix fast as it grows; a failure still lists every wrong cell of the row.
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(matrix_world, name):
    kwargs_builder, spec = MATRIX[name]
    pw = matrix_world.a
    url = reverse(name, kwargs=kwargs_builder(pw) if kwargs_builder else None)
    wrong = []
    for role in ALL_ROLES:
        client = client_for(role, pw, spec)
        response = getattr(client, spec["method"])(url)
        expected = status_for(role, spec)
        if response.status_code != expected:
            wrong.append(f"{role}: got {response.status_code}, expected {expected}")
        elif role == ANON and expected == 302 and not response["Location"].startswith(reverse("account_login")):
            wrong.append(f"{role}: redirected to {response['Location']}, not to the login")
    assert not wrong, f"{spec['method'].upper()} {url}\n" + "\n".join(wrong)


@pytest.mark.parametrize("name", sorted(n for n, (b, spec) in MATRIX.items() if b and not spec["public"]))
def test_other_programs_objects_are_404(matrix_world, name):
    """Program A's people ask for program B's objects: outsiders learn nothing (404, or the page's own 403)."""
    kwargs_builder, spec = MATRIX[name]
    url = reverse(name, kwargs=kwargs_builder(matrix_world.b))
    wrong = []
    for role in roles.ALL:
        client = client_for(role, matrix_world.a, spec)
        status = getattr(client, spec["method"])(url).status_code
        if status not in {404, 403} or (role in spec["ok"] and status != 404):
            wrong.append(f"{role}: got {status}")
    assert not wrong, f"{spec['method'].upper()} {url}\n" + "\n".join(wrong)


def test_firm_user_gets_404_for_the_other_firm_of_her_program(client, world):
    client.force_login(world.a.users[roles.FIRM])
    assert client.get(reverse("firms:firm_detail", args=[world.a.firms[1].pk])).status_code == 404
    assert client.get(reverse("firms:firm_detail", args=[world.a.firms[0].pk])).status_code == 200


def test_trainee_gets_404_for_another_trainee(client, world):
    client.force_login(world.a.users[roles.OPERATOR])
    other = world.a.trainees[roles.AMBASSADOR]
    assert client.get(reverse("training:trainee_detail", args=[other.pk])).status_code == 404
