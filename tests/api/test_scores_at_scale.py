"""An assessor's script submits bands for 100 firms through the API and retries half of the requests with the
same Idempotency-Keys: the bands equal one workbook upload of the same data (in a second program, same rules)."""

import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_scopes import scopes_disabled

from assessments import services
from assessments.models import Score
from assessments.selectors import version_dimensions
from portal import roles
from portal.tenancy import program_scope
from tests.api.helpers import make_token, token_client
from tests.assessments.helpers import Flow, version
from tests.assessments.test_uploads import fill, template
from tests.factories import FirmFactory

FIRMS = 100


def open_assessments(pw, n):
    flow = Flow(pw)
    return [
        flow.to_evaluation(flow.schedule(FirmFactory(program=pw.program, name=f"Ölçek Firması {i}"))) for i in range(n)
    ]


def bands_for(codes, seed):
    rng = random.Random(seed)
    return {c: rng.randint(0, 5) for c in codes}


def stored(assessments):
    with scopes_disabled():
        rows = Score.objects.filter(assessment__in=assessments, source="assessor").select_related(
            "dimension", "assessment"
        )
        return {(s.assessment.firm.name, s.dimension.code): s.band for s in rows}


def test_api_with_retries_equals_one_workbook_upload(world):
    with scopes_disabled():
        codes = [d.code for d in version_dimensions(version("SIRI"))]
    via_api = open_assessments(world.a, FIRMS)
    via_upload = open_assessments(world.b, FIRMS)
    wanted = {i: bands_for(codes, i) for i in range(FIRMS)}

    client = token_client(make_token(world.a.users[roles.ASSESSOR], world.a.program))
    for i, a in enumerate(via_api):
        body = {"bands": [{"dimension": c, "band": b} for c, b in wanted[i].items()]}
        first = client.post(f"/api/v1/assessments/{a.pk}/scores/", body, HTTP_IDEMPOTENCY_KEY=f"firm-{i}")
        assert first.status_code == 200, first.content
        if i % 2:  # the script lost the answer and sends the same request again
            again = client.post(f"/api/v1/assessments/{a.pk}/scores/", body, HTTP_IDEMPOTENCY_KEY=f"firm-{i}")
            assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"

    assessor_b = world.b.users[roles.ASSESSOR]
    assert stored(via_api)  # filled above
    # the workbook of the same data, built as the assessor fills the template
    web = Client()
    web.force_login(assessor_b)
    filled = fill(template(web), {a.firm_id: [wanted[i][c] for c in codes] for i, a in enumerate(via_upload)})
    with program_scope(world.b.program.pk):
        upload, _ = services.score_upload_receive(
            actor=assessor_b,
            program_id=world.b.program.pk,
            version=version("SIRI"),
            file=SimpleUploadedFile("bands.xlsx", filled),
        )
        assert upload.status == "valid", upload.errors[:3]
        services.score_upload_apply(actor=assessor_b, upload=upload)

    def by_index(assessments, scores):
        names = {a.firm.name: i for i, a in enumerate(assessments)}
        return {(names[name], code): band for (name, code), band in scores.items()}

    api_result = by_index(via_api, stored(via_api))
    upload_result = by_index(via_upload, stored(via_upload))
    assert len(api_result) == FIRMS * len(codes)
    assert api_result == upload_result
