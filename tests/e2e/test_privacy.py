"""KVKK rights in a real browser, as the people meet them: a trainee on her phone opens "My data", downloads her
export (hers and no one else's) and asks for erasure; staff on a laptop carry it out from the request queue and
answer her; afterwards her name, TCKN, IBAN, phone and documents are gone from the database and the media folder,
and the ledger still balances."""

import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from portal import roles
from portal.pii import decrypt_bytes
from privacy.models import DataRequest
from stipends import ledger
from stipends.models import Payment
from tests.e2e.conftest import assert_fits, log_in
from tests.privacy.test_personal_data import IBAN_HERS, TCKN, _database_values, _media_files, _paid_month

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return Path(tmp_path)


def test_she_downloads_her_data_asks_for_erasure_on_her_phone_and_staff_carry_it_out(new_context, world, media):
    pw = world.a
    with scopes_disabled():
        her, run, _bank_file = _paid_month(pw)
        user = her.user
        values = {user.full_name, user.email, TCKN, IBAN_HERS, "05559876543"}
        amounts = list(Payment.objects.filter(run=run).order_by("pk").values_list("amount_kurus", flat=True))
        others = [pw.users[roles.OPERATOR].email, *(t.user.email for t in pw.other_trainees)]

    # --- she, on her phone: what the portal holds about her --------------------------------------------------
    phone = new_context(**PHONE).new_page()
    log_in(phone, user)
    phone.goto(reverse("privacy:my_data"))
    expect(phone.locator("main")).to_contain_text(tr("Download my data"))
    expect(phone.locator("main")).not_to_contain_text(TCKN)  # masked until she asks again with her password
    assert_fits(phone, "My data")
    phone.screenshot(path="var/e2e-privacy-my-data.png", full_page=True)

    phone.get_by_role("button", name=tr("Download my data")).click()
    # the export is a background job (eager here, the real worker in CI): her page says when it is ready
    link = phone.locator(f"a[href^='{reverse('privacy:my_data')}export/']")
    for _ in range(30):
        phone.goto(reverse("privacy:my_data"))
        if link.count():
            break
        phone.wait_for_timeout(1000)
    with phone.expect_download() as download:
        link.first.click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    text = archive.read("verilerim-my-data.json").decode()
    assert json.loads(text)["person"]["email"] == user.email and TCKN in text
    assert not [email for email in others if email in text]

    # she asks for erasure
    phone.get_by_role("link", name=tr("Ask for correction, erasure or information")).click()
    phone.locator("input[name=kind][value=erasure]").check()
    phone.locator("textarea[name=text]").fill("Programdan ayrıldım, verilerimin silinmesini istiyorum.")
    assert_fits(phone, "new request")
    phone.get_by_role("button", name=tr("Send the request")).click()
    expect(phone).to_have_url(re.compile(r"/privacy/requests/\d+/$"))
    expect(phone.locator("main")).to_contain_text("verilerimin silinmesini")
    phone.screenshot(path="var/e2e-privacy-request.png", full_page=True)
    request_url = phone.url

    # --- staff, on a laptop: the queue, the erasure against the payment hold, the answer ----------------------
    staff_user = pw.users[roles.STAFF]
    staff = new_context(**LAPTOP).new_page()
    log_in(staff, staff_user, totp_secret=pw.totp.get(staff_user.email))
    staff.goto(reverse("privacy:request_queue"))
    staff.locator(f"a[href='{urlparse(request_url).path}']").first.click()
    # the payment made to her is a legal hold: staff are told what will be pseudonymised rather than destroyed
    expect(staff.locator("main")).to_contain_text(
        tr(
            "Legal holds found: what they cover is pseudonymised (identity replaced, documents destroyed, amounts and "
            "ledger untouched); the rest is destroyed."
        )
    )
    assert_fits(staff, "the request on a laptop (the office's menu wraps rather than pushing the page sideways)")
    staff.screenshot(path="var/e2e-privacy-staff-request.png", full_page=True)
    staff.get_by_role("button", name=tr("Carry out the erasure")).click()
    # the office is told it is done, and the request says when (the erasure form is gone: it cannot run twice)
    expect(staff.locator(".alert-success")).to_be_visible()
    expect(staff.locator("main p.text-success")).to_be_visible()
    expect(staff.get_by_role("button", name=tr("Carry out the erasure"))).to_have_count(0)
    staff.locator("select[name=outcome]").select_option("granted")
    staff.locator("textarea[name=answer]").fill(
        "Verileriniz silindi; ödeme kayıtları yasal süre boyunca takma adla tutulur."
    )
    staff.get_by_role("button", name=tr("Record the answer")).click()

    with scopes_disabled():
        request = DataRequest.objects.filter(subject=user, kind="erasure").latest("pk")
        assert request.status == "answered" and request.erased_at

        # the ledger still balances and her values are nowhere: the database and every file in the media folder
        assert ledger.trial_balance(pw.program.pk) == 0
        assert list(Payment.objects.filter(run=run).order_by("pk").values_list("amount_kurus", flat=True)) == amounts
        leaks = [(label, v) for label, row_text in _database_values() for v in values if v in row_text]
        assert not leaks, leaks[:5]
    for path in _media_files(media):
        content = decrypt_bytes(path.read_bytes()).decode("utf-8", "ignore")
        assert not [v for v in values if v in content], path

    # her session ended with her account: the phone is sent to log in
    phone.goto(reverse("privacy:my_data"))
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    staff.context.log.assert_no_csp_violations()
