"""Staff import INCIT's licensed content from a spreadsheet: validated as a whole, kept as a new version with
its provenance; finished assessments keep their version; the prioritisation starts using the tables."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from assessments.models import Assessment, BandDescriptor, ContentImport, FrameworkVersion
from assessments.results import assessment_results
from portal import roles
from portal.models import AuditEvent
from portal.tenancy import program_scope
from tests.assessments.helpers import Flow, version
from tests.factories import FirmFactory

LICENCE = "MEXT–INCIT lisans sözleşmesi 2025/7"


def content_workbook(client, siri, *, descriptor_for=("SIRI-01",), bad=None) -> bytes:
    response = client.get(reverse("assessments:content_template") + f"?version={siri.pk}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    for row in book["descriptors"].iter_rows(min_row=2):
        if row[0].value in descriptor_for:
            row[2].value = f"Lisanslı metin {row[0].value} bant {row[1].value}"
            row[3].value = f"Licensed text {row[0].value} band {row[1].value}"
    for row in book["relevance"].iter_rows(min_row=2):
        # SIRI-16 matters for labour cost and safety; everything else a little for labour cost
        if row[2].value == "LAB":
            row[3].value = 3 if row[0].value == "SIRI-16" else 1
        if row[2].value == "SAF" and row[0].value == "SIRI-16":
            row[3].value = 3
    for row in book["best_in_class"].iter_rows(min_row=2):
        if row[1].value in (None, "automotive"):
            row[2].value = 4 if row[1].value is None else 5
    if bad:
        bad(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def post_import(client, siri, content, name="incit.xlsx"):
    return client.post(
        reverse("assessments:content_import"),
        {"base_version": siri.pk, "file": SimpleUploadedFile(name, content), "licence_reference": LICENCE},
    )


@pytest.fixture
def staff(client, world):
    client.force_login(world.a.users[roles.STAFF])
    return client


def test_a_valid_import_becomes_a_new_version_with_provenance(staff, world):
    siri = version("SIRI")
    finished = world.a.assessment  # published on v1
    response = post_import(staff, siri, content_workbook(staff, siri))
    assert response.status_code == 302
    new = version("SIRI")
    assert new.number == 2 and new.content_source == "licensed" and new.based_on == siri
    record = new.content_import
    assert record.licence_reference == LICENCE and record.imported_by == world.a.users[roles.STAFF]
    assert record.counts["descriptors"] == 6 and record.counts["relevance"] == 17
    assert len(record.sha256) == 64
    assert new.dimensions.count() == 16  # the structure comes along
    assert BandDescriptor.objects.filter(dimension__version=new).count() == 6
    with scopes_disabled():
        assert Assessment.objects.get(pk=finished.pk).version == siri  # a finished assessment keeps its matrix
        assert AuditEvent.objects.filter(action="framework.content_import", program=world.a.program).exists()
    page = staff.get(reverse("assessments:framework_list") + f"?version={new.pk}").content.decode()
    assert "Lisanslı metin SIRI-01 bant 3" in page and LICENCE in page and "data-placeholder-content" not in page


def test_the_same_file_twice_imports_once(staff):
    siri = version("SIRI")
    content = content_workbook(staff, siri)
    post_import(staff, siri, content)
    post_import(staff, siri, content, name="tekrar.xlsx")
    assert FrameworkVersion.objects.filter(framework__code="SIRI").count() == 2
    assert ContentImport.objects.count() == 1


def test_one_wrong_row_imports_nothing_and_says_where(staff):
    siri = version("SIRI")

    def bad(book):
        book["relevance"]["D5"] = 2  # degrees of relevance are 0, 1 or 3
        book["best_in_class"].append(["SIRI-99", None, 3])

    response = post_import(staff, siri, content_workbook(staff, siri, bad=bad))
    assert response.status_code == 400
    html = response.content.decode()
    assert "data-import-errors" in html
    assert "<td>relevance</td><td>5</td><td>D</td>" in html
    assert "SIRI-99" in html
    assert FrameworkVersion.objects.filter(framework__code="SIRI").count() == 1
    assert not ContentImport.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused(staff):
    response = post_import(staff, version("SIRI"), b"%PDF-1.4 not a workbook %%EOF")
    assert response.status_code == 400
    assert not ContentImport.objects.exists()


def test_licensed_descriptors_reach_the_self_assessment_and_tables_reach_the_priorities(staff, client, world):
    siri = version("SIRI")
    post_import(staff, siri, content_workbook(staff, siri))
    flow = Flow(world.a)
    a = flow.schedule(FirmFactory(program=world.a.program))
    assert a.version.number == 2  # new assessments take the new version
    flow.move(a, "open_self_assessment", by=world.a.users[roles.STAFF])
    firm_user = world.a.users[roles.FIRM]
    # the firm's page shows the licensed band text
    from tests.assessments.helpers import new_firm_user

    user = new_firm_user(world.a.program, a.firm)
    client.force_login(user)
    html = client.get(reverse("assessments:self_assessment", args=[a.pk])).content.decode()
    assert "Lisanslı metin SIRI-01 bant 4" in html and firm_user.email not in html
    # the assessor's inputs switch the cost and KPI factors on
    a = flow.move(a, "start_evaluation", by=world.a.users[roles.STAFF])
    flow.bands(a, 2)
    client.force_login(world.a.users[roles.ASSESSOR])
    with scopes_disabled():
        automotive = a.version.industry_groups.get(code="automotive")
    client.post(
        reverse("assessments:priority_inputs", args=[a.pk]),
        {
            "industry_group": automotive.pk,
            "planning_horizon": "strategic",
            "cost_LAB": 70,
            "cost_RAW": 30,
            "kpi_codes": ["SAF"],
        },
    )
    html = client.get(reverse("assessments:assessment_detail", args=[a.pk])).content.decode()
    first = html.split('data-rank="1"')[1][:200]
    assert 'data-dimension="SIRI-16"' in first  # labour-heavy, safety-minded: strategy and governance first
    with program_scope(world.a.program.pk):
        results = assessment_results(assessment=flow.fresh(a), audience=flow.audience(world.a.users[roles.ASSESSOR]))
    assert results.weights == pytest.approx({"cost": 0.3, "kpi": 0.4, "proximity": 0.3})  # the strategic preset
    top = results.ranking[0]
    assert top.dimension.code == "SIRI-16"
    assert {p.code for p in top.parts} == {"cost", "kpi", "proximity"}
    assert top.parts[1].raw == 3  # KPI relevance: safety, degree 3
    assert {r.best_in_class for r in results.rows} == {5}  # the automotive best-in-class bands
