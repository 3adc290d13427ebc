"""An assessor's script sends bands through the API: checked as the workbook is, all or nothing, idempotent."""

import json

import pytest
from django_scopes import scopes_disabled

from assessments.models import Score
from assessments.selectors import version_dimensions
from portal import roles
from tests.api.helpers import make_token, token_client
from tests.assessments.helpers import Flow, version
from tests.factories import FirmFactory


@pytest.fixture
def setup(world):
    flow = Flow(world.a)
    assessment = flow.to_evaluation(flow.schedule(FirmFactory(program=world.a.program, name="API Firması")))
    secret = make_token(world.a.users[roles.ASSESSOR], world.a.program)
    with scopes_disabled():
        codes = [d.code for d in version_dimensions(version("SIRI"))]
    return flow, assessment, token_client(secret), codes


def post(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def url(assessment):
    return f"/api/v1/assessments/{assessment.pk}/scores/"


def test_bands_are_written_and_the_answer_lists_them(setup):
    _flow, assessment, client, codes = setup
    response = post(client, url(assessment), {"bands": [{"dimension": codes[0], "band": 3, "note": "MES pilotu"}]})
    assert response.status_code == 200, response.content
    assert response.json()["bands"] == {codes[0]: 3}
    assert response.json()["changed"] == {codes[0]: [None, 3]}
    with scopes_disabled():
        score = Score.objects.get(assessment=assessment, source="assessor")
    assert (score.band, score.note) == (3, "MES pilotu")


def test_one_bad_band_writes_nothing_and_names_each_dimension(setup):
    _flow, assessment, client, codes = setup
    body = {
        "bands": [
            {"dimension": codes[0], "band": 2},
            {"dimension": codes[1], "band": 9},
            {"dimension": "ZZ", "band": 1},
        ]
    }
    response = post(client, url(assessment), body)
    assert response.status_code == 400
    errors = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert errors == {(codes[1], "out_of_range"), ("ZZ", "unknown_dimension")}
    with scopes_disabled():
        assert not Score.objects.filter(assessment=assessment, source="assessor").exists()


def test_english_errors_with_accept_language(setup, world):
    _flow, assessment, _client, codes = setup
    client = token_client(make_token(world.a.users[roles.ASSESSOR], world.a.program), language="en")
    response = post(client, url(assessment), {"bands": [{"dimension": codes[0], "band": "x"}]})
    assert response.status_code == 400
    assert "is not a number" in response.json()["errors"][0]["message"]
    turkish = post(setup[2], url(assessment), {"bands": [{"dimension": codes[0], "band": "x"}]})
    assert "is not a number" not in turkish.json()["errors"][0]["message"]


def test_same_key_same_body_applies_once_other_body_is_refused(setup):
    _flow, assessment, client, codes = setup
    body = {"bands": [{"dimension": codes[0], "band": 4}]}
    first = post(client, url(assessment), body, HTTP_IDEMPOTENCY_KEY="k-1")
    again = post(client, url(assessment), body, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    other = post(client, url(assessment), {"bands": [{"dimension": codes[0], "band": 1}]}, HTTP_IDEMPOTENCY_KEY="k-1")
    assert other.status_code == 409
    with scopes_disabled():
        assert Score.objects.get(assessment=assessment, source="assessor").band == 4


def test_a_closed_assessment_refuses_bands(setup, world):
    flow, _assessment, client, codes = setup
    scheduled = flow.schedule(FirmFactory(program=world.a.program))
    response = post(client, url(scheduled), {"bands": [{"dimension": codes[0], "band": 2}]})
    assert response.status_code == 400 and response.json()["code"] == "closed"


def test_another_assessors_assessment_is_404(setup, world):
    _flow, _a, client, codes = setup
    with scopes_disabled():
        other = world.a.other_assessment
    response = post(client, url(other), {"bands": [{"dimension": codes[0], "band": 2}]})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_read_only_token_cannot_write(setup, world):
    _flow, assessment, _client, codes = setup
    client = token_client(make_token(world.a.users[roles.ASSESSOR], world.a.program, scopes=("read",)))
    assert post(client, url(assessment), {"bands": [{"dimension": codes[0], "band": 2}]}).status_code == 403
    assert client.get(f"/api/v1/assessments/{assessment.pk}/").status_code == 200


def test_submit_for_review_and_its_refusal(setup):
    _flow, assessment, client, codes = setup
    move = {"move": "submit_for_review"}
    refused = post(client, f"/api/v1/assessments/{assessment.pk}/transitions/", move)
    assert refused.status_code == 400 and refused.json()["code"] == "incomplete"
    post(client, url(assessment), {"bands": [{"dimension": c, "band": 2} for c in codes]})
    done = post(client, f"/api/v1/assessments/{assessment.pk}/transitions/", move)
    assert done.status_code == 200 and done.json()["status"] == "review"
    publish = post(client, f"/api/v1/assessments/{assessment.pk}/transitions/", {"move": "publish"})
    assert publish.status_code == 200 and publish.json()["status"] == "published"


def test_a_refused_request_leaves_its_key_free(setup):
    _flow, assessment, client, codes = setup
    bad = post(client, url(assessment), {"bands": [{"dimension": codes[0], "band": 9}]}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert bad.status_code == 400
    fixed = post(client, url(assessment), {"bands": [{"dimension": codes[0], "band": 2}]}, HTTP_IDEMPOTENCY_KEY="k-2")
    assert fixed.status_code == 200 and fixed.json()["bands"] == {codes[0]: 2}


def test_old_keys_are_forgotten(setup, world):
    from datetime import timedelta

    from django.utils import timezone

    from portal.models import IdempotentRequest
    from portal.tasks import api_housekeeping

    _flow, assessment, client, codes = setup
    post(client, url(assessment), {"bands": [{"dimension": codes[0], "band": 4}]}, HTTP_IDEMPOTENCY_KEY="k-3")
    assert api_housekeeping() == 0
    with scopes_disabled():
        IdempotentRequest.objects.filter(key="k-3").update(created_at=timezone.now() - timedelta(days=3))
    assert api_housekeeping() == 1
    again = post(client, url(assessment), {"bands": [{"dimension": codes[0], "band": 1}]}, HTTP_IDEMPOTENCY_KEY="k-3")
    assert again.status_code == 200 and again.json()["bands"] == {codes[0]: 1}
