"""Entering bands: the firm's self-assessment (save and resume) and the assessor's entry beside it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import Assessment, Evidence, Score
from portal import roles
from tests.assessments.helpers import Flow, version

S = Assessment.Status


def self_form(assessment, answers: dict, notes: dict | None = None) -> dict:
    dims = list(assessment.version.dimensions.order_by("order"))
    data = {}
    for i, band in answers.items():
        data[f"band_{dims[i].pk}"] = band
    for i, note in (notes or {}).items():
        data[f"note_{dims[i].pk}"] = note
    return data


def test_the_firm_saves_part_of_its_self_assessment_and_resumes_later(client, world):
    firm_user = world.a.users[roles.FIRM]
    t1 = world.a.reassessment  # 3 of 16 answered in the world
    client.force_login(firm_user)
    url = reverse("assessments:self_assessment", args=[t1.pk])
    page = client.get(url).content.decode()
    assert 'max="16" value="3"' in page  # 3 of 16 answered
    with scopes_disabled():
        dims = list(t1.version.dimensions.order_by("order"))
        for d in dims:
            assert d.name_tr in page  # Turkish first
    response = client.post(url, self_form(t1, {3: 4, 4: 0, 5: 5}, {3: "ERP var ama entegre değil"}))
    assert response.status_code == 302
    with scopes_disabled():
        mine = {s.dimension.code: (s.band, s.note) for s in Score.objects.filter(assessment=t1, source="self")}
    assert len(mine) == 6
    assert mine["SIRI-04"] == (4, "ERP var ama entegre değil")
    assert mine["SIRI-05"] == (0, "")
    # resuming: the page shows what was chosen
    page = client.get(url).content.decode()
    assert f'id="band_{dims[3].pk}_4" value="4" autocomplete="off" checked' in page
    assert 'max="16" value="6"' in page
    assert '_6" value="6"' not in page  # bands stop at 5


def test_a_band_out_of_range_is_refused_with_a_clear_error(client, world):
    t1 = world.a.reassessment
    client.force_login(world.a.users[roles.FIRM])
    response = client.post(reverse("assessments:self_assessment", args=[t1.pk]), self_form(t1, {0: 7}))
    assert response.status_code == 400
    assert "7" in response.content.decode()
    with scopes_disabled():
        assert Score.objects.filter(assessment=t1, source="self").count() == 3  # nothing written


def test_sending_needs_every_dimension_and_then_closes_the_self_assessment(client, world):
    t1 = world.a.reassessment
    client.force_login(world.a.users[roles.FIRM])
    send = reverse("assessments:self_assessment_submit", args=[t1.pk])
    assert client.post(send).status_code == 302
    with scopes_disabled():
        assert Assessment.objects.get(pk=t1.pk).status == S.SELF_ASSESSMENT  # 3 of 16: not sent
    client.post(reverse("assessments:self_assessment", args=[t1.pk]), self_form(t1, dict.fromkeys(range(16), 2)))
    client.post(send)
    with scopes_disabled():
        assert Assessment.objects.get(pk=t1.pk).status == S.EVALUATION
    response = client.post(reverse("assessments:self_assessment", args=[t1.pk]), self_form(t1, {0: 5}))
    assert response.status_code == 403  # closed now


def test_staff_read_the_self_assessment_but_cannot_answer_it(client, world):
    t1 = world.a.reassessment
    client.force_login(world.a.users[roles.STAFF])
    url = reverse("assessments:self_assessment", args=[t1.pk])
    assert "disabled" in client.get(url).content.decode()
    assert client.post(url, self_form(t1, {0: 1})).status_code == 403


def test_another_firm_cannot_open_it(client, world):
    client.force_login(world.a.other_firm_user)
    assert client.get(reverse("assessments:self_assessment", args=[world.a.reassessment.pk])).status_code == 404


def test_the_assessor_enters_bands_beside_the_self_assessment_and_sees_large_gaps(client, world):
    flow = Flow(world.a)
    a = flow.schedule(world.a.firms[1])
    flow.move(a, "open_self_assessment", by=world.a.users[roles.STAFF])
    firm_client = client
    firm_client.force_login(world.a.other_firm_user)
    firm_client.post(reverse("assessments:self_assessment", args=[a.pk]), self_form(a, dict.fromkeys(range(16), 4)))
    firm_client.post(reverse("assessments:self_assessment_submit", args=[a.pk]))
    client.force_login(world.a.users[roles.ASSESSOR])
    url = reverse("assessments:evaluation", args=[a.pk])
    response = client.post(url, self_form(a, {0: 1, 1: 3}, {0: "MES yok", 1: "EDI var"}))
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert html.count("data-gap-flag") == 1  # 4 vs 1 is flagged, 4 vs 3 is not
    assert "MES yok" in html and 'data-done="2" data-total="16"' in html
    with scopes_disabled():
        assert {s.band for s in Score.objects.filter(assessment=a, source="assessor")} == {1, 3}


def test_the_firm_does_not_see_the_assessors_drafts(client, world):
    client.force_login(world.a.users[roles.FIRM])
    a = world.a.assessor_assessment
    assert client.get(reverse("assessments:evaluation", args=[a.pk])).status_code == 403
    html = client.get(reverse("assessments:assessment_detail", args=[a.pk])).content.decode()
    assert "Değerlendirici notu" not in html and "data-results-table" not in html


def test_bands_cannot_be_entered_outside_evaluation(client, world):
    client.force_login(world.a.users[roles.ASSESSOR])
    t1 = world.a.reassessment  # self-assessment stage
    assert client.post(reverse("assessments:evaluation", args=[t1.pk]), self_form(t1, {0: 1})).status_code == 403


def test_evidence_is_judged_by_content(client, world):
    a = world.a.assessor_assessment
    client.force_login(world.a.users[roles.ASSESSOR])
    url = reverse("assessments:evidence_add", args=[a.pk])
    with scopes_disabled():
        dimension = a.version.dimensions.order_by("order").first()
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100
    client.post(url, {"dimension": dimension.pk, "file": SimpleUploadedFile("hat.png", png)})
    client.post(url, {"dimension": dimension.pk, "file": SimpleUploadedFile("virus.png", b"MZ\x90\x00 not an image")})
    with scopes_disabled():
        names = set(Evidence.objects.filter(assessment=a).values_list("original_name", flat=True))
    assert "hat.png" in names and "virus.png" not in names
    with scopes_disabled():
        evidence = Evidence.objects.get(assessment=a, original_name="hat.png")
    download = client.get(reverse("assessments:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == png
    client.force_login(world.a.users[roles.FIRM])  # not published: not the firm's yet
    assert client.get(reverse("assessments:evidence_download", args=[evidence.pk])).status_code == 404


def test_prioritisation_inputs_are_checked(client, world):
    a = world.a.assessor_assessment
    siri = version("SIRI")
    client.force_login(world.a.users[roles.ASSESSOR])
    url = reverse("assessments:priority_inputs", args=[world.a.assessment.pk])
    with scopes_disabled():
        group = siri.industry_groups.get(code="automotive")
    response = client.post(
        url,
        {
            "industry_group": group.pk,
            "planning_horizon": "strategic",
            "cost_LAB": 60,
            "cost_RAW": 30,
            "kpi_codes": ["SAF"],
        },
    )
    assert response.status_code == 400
    assert "90" in response.content.decode()  # the shares add up to 90%
    response = client.post(
        url,
        {
            "industry_group": group.pk,
            "planning_horizon": "strategic",
            "cost_LAB": 60,
            "cost_RAW": 40,
            "kpi_codes": ["SAF", "TTM"],
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        saved = Assessment.objects.get(pk=world.a.assessment.pk)
    assert saved.cost_profile == {"LAB": 60, "RAW": 40} and saved.kpi_codes == ["SAF", "TTM"]
    assert saved.industry_group == group and saved.planning_horizon == "strategic"
    assert a.pk != saved.pk
