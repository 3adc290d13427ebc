"""In a real browser: the second person sees "approve run #N" first on her laptop home (the preparer does not), and a
trainee on a phone whose payment came back sees "payment failed — update your IBAN" in her list and her inbox, and
the link takes her to her IBAN page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from portal import roles
from stipends import services
from stipends.entitlements import stipend_run
from stipends.models import PaymentRun
from tests.e2e.conftest import PASSWORD, browser, log_in, new_context  # noqa: F401  (the e2e fixtures)
from tests.stipends import builders as b

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


def test_the_approver_sees_the_run_and_a_trainee_sees_her_failed_payment(new_context, world, tmp_path):  # noqa: F811
    pw = world.a
    finance = pw.users[roles.FINANCE]
    with scopes_disabled():
        line = b.budget(pw)
        b.rules(pw, line, amount_kurus=750_000)
        (her, *_rest), _ = b.training_month(pw, n=2)
        her.user.set_password(PASSWORD)
        her.user.save()
        stipend_run(program_id=pw.program.pk, period=b.PERIOD)
        paid_run = b.approved_run(pw)
        services.payment_run_export(run=paid_run, actor=finance, fmt=b.csv_format(pw))
        payments = list(paid_run.payments.select_related("entitlement"))
        mine = next(p for p in payments if p.entitlement.trainee_id == her.pk)
        services.statement_upload(
            run=paid_run,
            actor=finance,
            upload=SimpleUploadedFile("r.csv", b.result_csv(payments, failed={mine.reference})),
        )
        waiting_run = PaymentRun.objects.create(
            program=pw.program, period=b.PERIOD, purpose="stipends", status="submitted", prepared_by=finance
        )
        approver = pw.approver
        approver.set_password(PASSWORD)
        approver.save()

    page = new_context(**LAPTOP).new_page()
    log_in(page, approver, totp_secret=pw.totp[approver.email])
    tasks = page.locator("#waiting-for-you")
    approve = tasks.get_by_role("link", name=f"#{waiting_run.pk} numaralı ödeme listesini onaylayın")
    expect(approve).to_be_visible()
    page.screenshot(path=str(tmp_path / "approver.png"))
    approve.click()
    expect(page).to_have_url(re.compile(rf"/stipends/finance/runs/{waiting_run.pk}/$"))

    page = new_context(**LAPTOP).new_page()
    log_in(page, finance, totp_secret=pw.totp[finance.email])
    expect(page.locator("#waiting-for-you")).not_to_contain_text(f"#{waiting_run.pk} numaralı ödeme listesini onay")

    phone = new_context(**PHONE).new_page()
    log_in(phone, her.user)
    failed = phone.locator("#waiting-for-you").get_by_role("link", name="Ödeme başarısız — IBAN'ınızı güncelleyin")
    expect(failed).to_be_visible()
    phone.screenshot(path=str(tmp_path / "trainee.png"))
    phone.goto("/inbox/")
    expect(phone.locator("main")).to_contain_text("09.2026 ödeneğiniz ödenemedi: IBAN'ınızı güncelleyin")
    phone.goto("/")
    phone.locator("#waiting-for-you").get_by_role("link", name="Ödeme başarısız — IBAN'ınızı güncelleyin").click()
    expect(phone).to_have_url(re.compile(r"/training/me/iban/$"))
