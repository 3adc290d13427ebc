"""Money in a real browser: finance prepares a payment run, a second person approves it, finance downloads the
bank file, uploads the bank's result with one failure, and sees the failed payment carried into the next run.

Expected texts come from the translation catalogue (gettext under the page's language).
"""

import re

import pytest
from django.utils import translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from portal import roles
from stipends.entitlements import stipend_run
from stipends.models import Payment, PaymentRun
from tests.e2e.conftest import PASSWORD, log_in
from tests.stipends import builders as b

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


def test_finance_prepares_another_approves_and_a_failure_is_carried_over(new_context, world, tmp_path):
    pw = world.a
    with scopes_disabled():
        line = b.budget(pw)
        b.rules(pw, line, amount_kurus=750_000)
        b.training_month(pw, n=3)
        stipend_run(program_id=pw.program.pk, period=b.PERIOD)
        b.csv_format(pw)
        approver = pw.approver
        approver.set_password(PASSWORD)
        approver.save()
    finance = pw.users[roles.FINANCE]

    # finance prepares and submits
    page = new_context().new_page()
    log_in(page, finance, totp_secret=pw.totp[finance.email])
    expect(page).to_have_url(re.compile(r"/stipends/finance/$"))
    page.locator("#id_period").nth(1).fill("2026-09")
    page.get_by_role("button", name=tr("Prepare"), exact=True).click()
    expect(page).to_have_url(re.compile(r"/stipends/finance/runs/\d+/$"))
    run_url = page.url
    expect(page.locator("#run-lines tbody tr")).to_have_count(3)
    page.get_by_role("button", name=tr("Submit for approval")).click()
    expect(page.locator("#run-status")).to_have_text(tr("Submitted for approval"))
    # the preparer is offered no approval
    expect(page.get_by_role("button", name=tr("Approve and post"))).to_have_count(0)

    # a second person approves
    other = new_context().new_page()
    log_in(other, approver, totp_secret=pw.totp[approver.email])
    other.goto(run_url)
    other.get_by_role("button", name=tr("Approve and post")).click()
    expect(other.locator("#run-status")).to_have_text(tr("Approved"))

    # finance writes and downloads the bank file
    page.goto(run_url)
    page.get_by_role("button", name=tr("Write the bank file")).click()
    expect(page.locator("#run-status")).to_have_text(tr("Sent to the bank"))
    # the file holds every payee's TCKN and IBAN: finance says why before it downloads, and that is logged
    page.locator("a[href*='/bank-files/']").first.click()
    page.locator("input[name=reason]").fill("Bankaya yükleme")
    with page.expect_download() as download:
        page.locator("main form button[type=submit]").click()
    content = download.value.path().read_bytes().decode()
    assert content.strip().splitlines()[-1].startswith("KONTROL;3;;22500,00")
    with scopes_disabled():
        from portal.models import PiiAccessLog

        assert PiiAccessLog.objects.filter(actor=finance, field="file:file", reason="Bankaya yükleme").count() == 1
    references = [row.split(";")[5] for row in content.strip().splitlines()[1:-1]]
    page.get_by_role("link", name=tr("Back to the payment run")).click()
    expect(page).to_have_url(run_url)

    # the bank answers: one payment failed
    result = tmp_path / "banka-sonuc.csv"
    rows = ["Referans;Tutar;Durum;Açıklama"] + [
        f"{ref};7500,00;{'başarısız' if i == 0 else 'ödendi'};{'Hesap kapalı' if i == 0 else ''}"
        for i, ref in enumerate(references)
    ]
    result.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.locator("input[name=file]").set_input_files(str(result))
    page.get_by_role("button", name=tr("Upload and match")).click()
    expect(page).to_have_url(re.compile(r"/statements/\d+/$"))
    expect(page.locator("#statement-lines")).to_contain_text("Hesap kapalı")
    with scopes_disabled():
        run = PaymentRun.objects.get(pk=int(run_url.rstrip("/").rsplit("/", 1)[1]))
        assert run.status == "closed"
        assert sorted(run.payments.values_list("status", flat=True)) == ["failed", "paid", "paid"]

    # the failure is carried into the next run, as a second attempt
    page.goto("/stipends/finance/")
    page.locator("#id_period").nth(1).fill("2026-10")
    page.get_by_role("button", name=tr("Prepare"), exact=True).click()
    expect(page.locator("#run-lines tbody tr")).to_have_count(1)
    retry = references[0].replace("A1", "A2")
    expect(page.locator("#run-lines")).to_contain_text(retry)
    with scopes_disabled():
        assert Payment.objects.filter(reference=retry, attempt=2, status="pending").exists()
    page.context.log.assert_no_csp_violations()


def test_a_firm_claims_a_month_and_it_appears_in_the_next_payment_run(new_context, world, tmp_path):
    from stipends import calc

    pw = world.a
    month = calc.next_month(pw.support_employment.start_date)
    pdf = tmp_path / "bordro.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    firm = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    log_in(firm, pw.users[roles.FIRM])
    firm.goto("/stipends/firm/claims/")
    firm.get_by_role("link", name=tr("Claim a month")).first.click()
    firm.locator("#id_period").fill(month.strftime("%Y-%m"))
    firm.locator("#id_payroll_document").set_input_files(str(pdf))
    firm.locator("#id_sgk_proof").set_input_files(str(pdf))
    firm.get_by_role("button", name=tr("Submit the claim")).click()
    expect(firm).to_have_url(re.compile(r"/stipends/firm/claims/$"))
    expect(firm.locator(".alert-success")).to_be_visible()

    staff_user = pw.users[roles.STAFF]
    staff = new_context().new_page()
    log_in(staff, staff_user, totp_secret=pw.totp[staff_user.email])
    staff.goto("/stipends/finance/claims/?status=submitted")
    staff.get_by_role("link", name=month.strftime("%m.%Y")).click()
    staff.get_by_role("button", name=tr("Verify")).click()
    expect(staff.locator(".alert-success")).to_be_visible()

    finance_user = pw.users[roles.FINANCE]
    finance = new_context().new_page()
    log_in(finance, finance_user, totp_secret=pw.totp[finance_user.email])
    finance.locator("#id_period").nth(1).fill(month.strftime("%Y-%m"))
    finance.locator("#id_purpose").select_option("salary_support")
    finance.get_by_role("button", name=tr("Prepare"), exact=True).click()
    expect(finance.locator("#run-lines tbody tr")).to_have_count(1)
    expect(finance.locator("#run-lines")).to_contain_text(pw.firms[0].name)
    for p in (firm, staff, finance):
        p.context.log.assert_no_csp_violations()
