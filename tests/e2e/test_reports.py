"""M&E in a real browser: staff write a narrative section, build the quarterly report, watch its progress bar
and download the PDF, whose text carries the indicator names and the EU funding statement."""

import io
import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from portal import roles
from reports import services
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_staff_write_a_narrative_build_the_quarterly_report_and_download_it(page, world):
    pw = world.a
    with scopes_disabled():
        services.logframe_install_default(program=pw.program)
    staff = pw.users[roles.STAFF]
    log_in(page, staff, totp_secret=pw.totp[staff.email])

    page.goto("/reports/me/")
    expect(page.locator('[data-indicator="OP1.1"]')).to_be_visible()
    page.goto(f"/reports/periods/{pw.open_period.pk}/")
    form = page.locator("#narrative-form")
    form.locator("select[name=key]").select_option("progress")
    form.locator("select[name=language]").select_option("en")
    form.locator("textarea[name=text]").fill("Two firms in Kocaeli finished their SIRI assessment this quarter.")
    form.locator("button[type=submit]").click()
    expect(page.locator("body")).to_contain_text("Two firms in Kocaeli finished their SIRI assessment")

    page.locator("#id_report_language").select_option("en")
    page.locator("#generate-report").click()
    expect(page).to_have_url(re.compile(rf"/reports/periods/{pw.open_period.pk}/$"))
    # the progress bar (polled with htmx while the job runs) ends at 100 % with the report to download
    expect(page.locator(".job-progress progress")).to_have_attribute("value", "100", timeout=60_000)
    expect(page.locator("[data-job-status=done]")).to_be_visible()
    link = page.locator('a[href^="/reports/monitoring-reports/"]')
    expect(link).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        link.first.click()
    with open(download.value.path(), "rb") as f:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(f.read())).pages).split())
    assert "Firms selected" in text and "Change ambassadors who completed training" in text
    assert "This project is funded by the European Union." in text
    assert "Kocaeli finished their SIRI assessment this quarter." in text  # (pypdf splits "T wo")
    page.log.assert_no_csp_violations()
