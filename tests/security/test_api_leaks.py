"""The crawler's promise for the API: with her own token, a firm user, a trainee, an assessor or a stakeholder of
program A reads every API list and every object it names, and no name, email or identifier of program B — or of
another firm or trainee of program A — appears in any answer."""

import json

import pytest

from portal import roles
from tests.api.helpers import make_token, token_client
from tests.security.test_crawler import _forbidden


def _api_lists(client):
    """Every parameterless GET of the schema (the lists), as this client sees them."""
    paths = client.get("/api/schema/?format=json").json()["paths"]
    return [p for p, ops in paths.items() if "get" in ops and "{" not in p]


def read_everything(client) -> dict:
    answers = {}
    for path in _api_lists(client):
        response = client.get(path + "?page_size=200")
        answers[path] = response.content.decode()
        if response.status_code != 200:
            continue
        body = response.json()
        for row in body.get("results", []) if isinstance(body, dict) else []:
            if isinstance(row, dict) and "id" in row:
                for suffix in ("", "result/"):
                    detail = f"{path}{row['id']}/{suffix}"
                    answers[detail] = client.get(detail).content.decode()
    return answers


@pytest.mark.parametrize("role", [roles.FIRM, roles.AMBASSADOR, roles.OPERATOR, roles.ASSESSOR, roles.STAKEHOLDER])
def test_no_leak_through_the_api(world, role):
    client = token_client(make_token(world.a.users[role], world.a.program))
    answers = read_everything(client)
    assert len(answers) >= 5
    forbidden = _forbidden(world, role)
    for path, text in answers.items():
        leaked = sorted(s for s in forbidden if s and s in text)
        assert not leaked, f"{role} reads {leaked} at {path}"


def test_the_api_leak_check_would_see_a_leak(world):
    """Guard the guard: staff of A read A's second firm through the API, which the check forbids a firm user."""
    client = token_client(make_token(world.a.users[roles.STAFF], world.a.program))
    text = json.dumps(read_everything(client), ensure_ascii=False)
    assert world.a.firms[1].name in text and world.a.firms[1].name in _forbidden(world, roles.FIRM)
