"""The permission matrix, one module per app: each defines ROWS (url name -> (kwargs builder, expectation)).

Every named URL must have a row (tests/security/test_permission_matrix.py fails otherwise). Kwargs builders take
a ProgramWorld (tests/world.py) and return the URL's kwargs for one of its objects.
"""

import importlib
import pkgutil

from portal import roles

ANON = "anonymous"
ALL_ROLES = (ANON, *roles.ALL)
OFFICE = set(roles.PROGRAM_OFFICE)

# Third-party URL sets with their own tests and login rules.
FOREIGN_NAMESPACES = {"admin"}
FOREIGN_PREFIXES = ("account_", "mfa_", "set_language", "usersessions_")


def expect(ok: set, *, ok_status=200, other=403, anon=302, method="get", overrides=None, public=False, auth="session"):
    """`overrides`: role -> status where one role differs; `public`: reachable by anyone who has the link (its
    URL carries its own program and a secret token), so the cross-program 404 test does not apply. `auth="token"`:
    each role calls with her own personal access token (read and write scopes) instead of a session."""
    return {
        "auth": auth,
        "method": method,
        "ok": ok,
        "ok_status": ok_status,
        "other": other,
        "anon": anon,
        "overrides": overrides or {},
        "public": public,
    }


EVERYONE = set(roles.ALL)


def status_for(role, spec) -> int:
    if role == ANON:
        return spec["anon"]
    if role in spec["overrides"]:
        return spec["overrides"][role]
    return spec["ok_status"] if role in spec["ok"] else spec["other"]


def all_rows() -> dict:
    rows = {}
    for module in pkgutil.iter_modules(__path__):
        app_rows = importlib.import_module(f"{__name__}.{module.name}").ROWS
        overlap = set(rows) & set(app_rows)
        assert not overlap, f"rows defined twice: {overlap}"
        rows.update(app_rows)
    return rows


def expect_api(ok: set, **kwargs):
    """An /api/ route: called with each role's token; no credentials answer 401."""
    return expect(ok, anon=kwargs.pop("anon", 401), auth="token", **kwargs)


def client_for(role, pw, spec):
    """A test client acting as `role` of program world `pw`, the way `spec` says (session or token)."""
    from django.test import Client

    if role == ANON:
        return Client()
    user = pw.users[role]
    if spec.get("auth") == "token":
        from tests.api.helpers import make_token, token_client

        return token_client(make_token(user, pw.program))
    client = Client()
    client.force_login(user)
    return client
