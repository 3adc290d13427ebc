"""Staff read firms, trainees and employments through the API: the same rows as the pages, never a national id,
tax number or IBAN in clear; stakeholders get suppressed aggregates; the public reads open calls."""

import json

from django.test import Client
from django_scopes import scopes_disabled

from portal import roles
from tests.api.helpers import make_token, token_client

TCKN, IBAN = "10000000146", "TR330006100519786457841326"


def test_no_identifier_in_clear(world):
    with scopes_disabled():
        trainee = world.a.trainees[roles.AMBASSADOR]
        trainee.tckn, trainee.iban = TCKN, IBAN
        trainee.save()
    client = token_client(make_token(world.a.users[roles.STAFF], world.a.program))
    bodies = [
        client.get("/api/v1/trainees/").content,
        client.get(f"/api/v1/trainees/{trainee.pk}/").content,
        client.get("/api/v1/firms/").content,
        client.get(f"/api/v1/firms/{world.a.firms[0].pk}/").content,
        client.get("/api/v1/employments/").content,
    ]
    text = b"".join(bodies).decode()
    assert TCKN not in text and IBAN not in text
    for firm in world.a.firms:
        assert firm.tax_number not in text
    detail = json.loads(bodies[1])
    assert detail["tckn_masked"].endswith(TCKN[-2:]) and "•" in detail["tckn_masked"] + detail["iban_masked"]


def test_lists_are_paginated_with_counts_and_filters(world):
    client = token_client(make_token(world.a.users[roles.STAFF], world.a.program))
    everyone = client.get("/api/v1/trainees/?page_size=1").json()
    assert everyone["count"] >= 4 and len(everyone["results"]) == 1 and everyone["next"]
    operators = client.get("/api/v1/trainees/?track=operator").json()
    assert operators["count"] >= 1 and {t["track"] for t in operators["results"]} == {"operator"}
    names = {f["name"] for f in client.get("/api/v1/firms/").json()["results"]}
    assert {f.name for f in world.a.firms} <= names
    assert not names & {f.name for f in world.b.firms}


def test_stakeholder_figures_are_the_public_aggregates(world):
    stakeholder = token_client(make_token(world.a.users[roles.STAKEHOLDER], world.a.program)).get("/api/v1/indicators/")
    office = token_client(make_token(world.a.users[roles.ME], world.a.program)).get("/api/v1/indicators/")
    assert stakeholder.status_code == office.status_code == 200
    assert stakeholder.json()["public"] is True and office.json()["public"] is False
    assert stakeholder.json()["suppress_below"] == 5
    for entry in stakeholder.json()["indicators"]:
        for cells in entry["disaggregations"].values():
            for _label, value, subjects in cells:
                assert subjects is None or subjects == 0 or subjects >= 5 or value is None


def test_public_calls_need_no_token(world):
    response = Client().get(f"/api/v1/public/{world.a.program.code}/calls/")
    assert response.status_code == 200 and "count" in response.json()
    assert Client().get("/api/v1/public/no-such-programme/calls/").status_code == 404


def test_the_applicant_reads_her_status_with_her_link(world):
    base = f"/api/v1/public/{world.a.program.code}/applications/"
    mine = Client().get(base + world.a.application_token + "/")
    assert mine.status_code == 200, mine.content
    assert mine.json()["status"] == world.a.application.status
    assert world.a.application.email not in mine.content.decode()
    assert Client().get(base + "not-her-link/").status_code == 404
    # her link names program A: asking under program B's address learns nothing
    other = f"/api/v1/public/{world.b.program.code}/applications/{world.a.application_token}/"
    assert Client().get(other).status_code == 404
