"""Assessments in a real browser: a firm user fills in her self-assessment on a tablet; an assessor uploads a
workbook with one bad cell, sees the error, fixes it and publishes; the firm downloads its roadmap PDF.

Expected texts come from data (dimension names, firm names) or from the catalogue (gettext), so the tests hold
whether or not locale/*.mo has been compiled."""

import io
import re

import pytest
from django.utils import translation
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import Assessment, Publication, Score
from portal import roles
from tests.e2e.conftest import assert_fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
TABLET = {"viewport": {"width": 768, "height": 1024}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_a_firm_user_completes_her_self_assessment_on_a_tablet(new_context, world):
    t1 = world.a.reassessment  # open for the self-assessment, 3 of 16 answered
    with scopes_disabled():
        dimensions = list(t1.version.dimensions.order_by("order"))
    context = new_context(**TABLET)
    page = context.new_page()
    log_in(page, world.a.users[roles.FIRM])

    page.goto("/assessments/firm/")
    page.locator(f'a[href="/assessments/{t1.pk}/self/"]').first.click()
    expect(page).to_have_url(re.compile(rf"/assessments/{t1.pk}/self/$"))
    progress = page.locator("progress[max]").first
    expect(progress).to_have_attribute("value", "3")
    assert_fits(page, "self-assessment")

    def answer(dims, band):
        for d in dims:
            card = page.locator(f'[data-dimension="{d.code}"]')
            expect(card.locator("h3")).to_contain_text(d.name_tr)  # Turkish first
            card.locator(f'label[for="band_{d.pk}_{band}"]').tap()

    # half today …
    answer(dimensions[:8], 3)
    page.locator(f'[data-dimension="{dimensions[0].code}"] textarea').fill("MES kurulumu planlanıyor")
    page.locator("#self-assessment-form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(progress).to_have_attribute("value", "8")
    # … the rest when she comes back: what she chose is still there
    page.goto(f"/assessments/{t1.pk}/self/")
    expect(page.locator(f"#band_{dimensions[0].pk}_3")).to_be_checked()
    answer(dimensions[8:], 2)
    expect(progress).to_have_attribute("value", "16")  # counted live as she taps
    page.locator("#self-assessment-form button[type=submit]").click()
    expect(progress).to_have_attribute("value", "16")
    assert_fits(page, "self-assessment, all answered")

    page.locator(f'form[action="/assessments/{t1.pk}/self/send/"] button').click()
    expect(page).to_have_url(re.compile(rf"/assessments/{t1.pk}/$"))
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "evaluation")
    with scopes_disabled():
        assert Assessment.objects.get(pk=t1.pk).status == Assessment.Status.EVALUATION
        answers = dict(Score.objects.filter(assessment=t1, source="self").values_list("dimension__code", "note"))
    assert len(answers) == 16 and answers[dimensions[0].code] == "MES kurulumu planlanıyor"
    context.log.assert_no_csp_violations()


def test_an_assessor_uploads_a_workbook_fixes_a_bad_cell_and_publishes(page, world, tmp_path):
    assessor = world.a.users[roles.ASSESSOR]
    a = world.a.assessor_assessment  # COSIRI of firms[0], in evaluation, led by her
    log_in(page, assessor, totp_secret=world.a.totp[assessor.email])
    expect(page).to_have_url(re.compile(r"/assessments/assessor/$"))
    expect(page.locator(f'tr[data-assessment="{a.pk}"]')).to_contain_text(world.a.firms[0].name)

    with page.expect_download() as download:
        page.locator(f'a[href="/assessments/uploads/template/?version={a.version_id}"]').click()
    with open(download.value.path(), "rb") as f:
        book = load_workbook(io.BytesIO(f.read()))
    ws = book["Bands"]
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == a.firm_id)
    codes = [ws.cell(3, c).value for c in range(3, ws.max_column + 1)]
    assert len(codes) == 24
    for c in range(3, 3 + len(codes)):
        ws.cell(row, c, 3)
    ws.cell(row, 7, 9)  # one bad cell: band 9 in column G
    bad = tmp_path / "cosiri-bantlar.xlsx"
    book.save(bad)

    def upload(path):
        page.goto("/assessments/uploads/new/")
        page.locator("#id_version").select_option(value=str(a.version_id))
        page.locator("#id_file").set_input_files(str(path))
        page.locator("main form button[type=submit]").click()

    upload(bad)
    errors = page.locator("[data-upload-errors] tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("Bands")
    expect(errors.first.locator("td").nth(1)).to_have_text(str(row))
    expect(errors.first.locator("td").nth(2)).to_have_text("G")
    with scopes_disabled():
        assert set(Score.objects.filter(assessment=a, source="assessor").values_list("band", flat=True)) != {3}

    ws.cell(row, 7, 4)  # fixed
    good = tmp_path / "cosiri-bantlar-duzeltilmis.xlsx"
    book.save(good)
    upload(good)
    expect(page.locator("[data-upload-preview]")).to_contain_text(world.a.firms[0].name)
    page.locator(f'form[action="/assessments/uploads/{page.url.rstrip("/").split("/")[-1]}/confirm/"] button').click()
    expect(page.locator("[data-upload-status=applied]")).to_be_visible()

    page.goto(f"/assessments/{a.pk}/")
    page.locator('button[data-move="submit_for_review"]').click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "review")
    page.locator('button[data-move="publish"]').click()
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "published")
    expect(page.locator('[data-dimension="COSIRI-05"] [data-band]')).to_have_text("4")
    with scopes_disabled():
        assert Assessment.objects.get(pk=a.pk).status == Assessment.Status.PUBLISHED
        bands = dict(Publication.objects.get(assessment=a).scores.values_list("dimension__code", "band"))
    assert bands["COSIRI-05"] == 4 and {b for c, b in bands.items() if c != "COSIRI-05"} == {3}
    page.log.assert_no_csp_violations()


def test_the_firm_downloads_its_roadmap_pdf(page, world):
    t0 = world.a.assessment  # published SIRI with its roadmap
    firm = world.a.firms[0]
    log_in(page, world.a.users[roles.FIRM])
    page.goto(f"/assessments/{t0.pk}/roadmap/")
    expect(page.locator("[data-roadmap]")).to_be_visible()
    page.locator("#id_language").select_option("en")
    page.locator(f'form[action="/assessments/{t0.pk}/roadmap/pdf/"] button').click()
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    link = page.get_by_role("link", name=tr("Download the result"))
    expect(link).to_be_visible(timeout=30_000)  # the job page polls until the PDF is built
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as f:
        content = f.read()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages).split())
    assert firm.name in text
    with scopes_disabled():
        names = list(t0.version.dimensions.values_list("name_en", flat=True))
    assert len(names) == 16
    missing = [n for n in names if n not in text]
    assert not missing, missing
    assert "funded by the European Union" in text
    page.log.assert_no_csp_violations()
