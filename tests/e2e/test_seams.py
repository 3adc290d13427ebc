"""The seams between stages, in a real browser: a refused applicant fixes her value on her phone and submits; a
trainee gives her IBAN on her phone and the next run pays her; a firm sees the salary support it owes after an
early end, finance settles it, and the budget moves only then."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from portal import roles
from portal.models import Application, Province, Sector
from stipends import calc, claims, services
from stipends.entitlements import stipend_run
from stipends.models import BudgetLine, Payment
from tests.e2e.conftest import PASSWORD, assert_fits, log_in
from tests.e2e.test_selection import _ask_for_link, _emailed_link
from tests.factories import valid_vkn
from tests.selection_helpers import make_call
from tests.stipends import builders as b

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}
TABLET = {"viewport": {"width": 800, "height": 1280}, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


def _firm_form(page, *, employees: str):
    page.fill("input[name=trade_name]", "Ege Plastik A.Ş.")
    page.fill("input[name=tax_number]", valid_vkn(2468))
    page.select_option("select[name=province]", str(Province.objects.get(plate=41).pk))
    page.fill("input[name=district]", "Gebze")
    page.select_option("select[name=sector]", str(Sector.objects.get(division="22").pk))
    for name in ("white_collar_total", "blue_collar_total"):
        page.fill(f"input[name={name}]", employees)
    for name in ("white_collar_women", "blue_collar_women"):
        page.fill(f"input[name={name}]", "0")
    page.fill("input[name=contact_name]", "Nur Aydın")
    page.fill("input[name=contact_email]", "nur@egeplastik.test")
    page.fill("input[name=contact_phone]", "05321110000")
    page.check("input[name=privacy_consent]")


def test_a_refused_applicant_fixes_her_value_on_her_phone_and_submits(new_context, world, live_server, tmp_path):
    call = make_call(world, group="firm", quota=3)
    page = new_context(**PHONE).new_page()
    _ask_for_link(page, world, call, "nur@egeplastik.test")
    link = _emailed_link(live_server, r"/p/[^/]+/applications/[^/\s]+/")
    page.goto(link)
    _firm_form(page, employees="0")
    # the check runs as she types: the workforce rule fails, with her value and what would pass
    live = page.locator("#eligibility-live")
    expect(live.locator('[data-eligibility-ok="0"]', has_text=tr("At least 1 employee."))).to_be_visible()
    expect(live.locator('[data-eligibility-ok="0"]')).to_have_count(1)  # only the workforce: consent is ticked
    page.screenshot(path=str(tmp_path / "live-check.png"), full_page=True)
    assert_fits(page, "the application form")
    page.locator("button[name=submit]").click()
    expect(page.locator("#ineligible")).to_contain_text(tr("Has employees"))
    expect(page.locator("#ineligible .eligibility-value")).to_have_text("0")
    assert_fits(page, "the refused application")
    page.get_by_role("button", name=tr("Correct my application")).click()
    # her emailed link opens the form again, with what she typed
    expect(page.locator("input[name=trade_name]")).to_have_value("Ege Plastik A.Ş.")
    page.fill("input[name=blue_collar_total]", "35")
    expect(live.locator('[data-eligibility-ok="0"]')).to_have_count(0)
    page.locator("button[name=submit]").click()
    expect(page.locator("main")).to_contain_text(tr("Submitted"))
    with scopes_disabled():
        application = Application.objects.get(call=call)
        statuses = list(application.transitions.values_list("to_status", flat=True))
    assert application.status == "submitted" and application.eligible
    assert statuses == ["submitted", "ineligible", "draft", "submitted"]


def test_a_trainee_adds_her_iban_on_her_phone_and_the_next_run_pays_her(new_context, world, tmp_path):
    pw = world.a
    with scopes_disabled():
        line = b.budget(pw)
        b.rules(pw, line, amount_kurus=750_000)
        (ayse,), _sessions = b.training_month(pw, n=1, with_iban=False)
        ayse.user.set_password(PASSWORD)
        ayse.user.save()
        stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    page = new_context(**PHONE).new_page()
    log_in(page, ayse.user)
    page.goto("/stipends/me/")
    expect(page.locator("main")).to_contain_text(tr("No IBAN on record"))
    page.get_by_role("link", name=tr("My bank account (IBAN)")).click()
    assert_fits(page, "the IBAN page")
    page.fill("input[name=iban]", "TR33 0006 1005 1978 6457 8413 27")  # one digit wrong
    page.check("input[name=attested]")
    page.get_by_role("button", name=tr("Save my IBAN")).click()
    expect(page.locator("main")).to_contain_text(tr("This is not a valid IBAN: check the digits."))
    page.fill("input[name=iban]", "TR33 0006 1005 1978 6457 8413 26")
    page.check("input[name=attested]")
    page.get_by_role("button", name=tr("Save my IBAN")).click()
    expect(page).to_have_url(re.compile(r"/stipends/me/$"))
    page.screenshot(path=str(tmp_path / "iban-saved.png"), full_page=True)

    # the next month's run decides September again (she has an IBAN now), the payment run pays it, she sees it
    with scopes_disabled():
        stipend_run(program_id=pw.program.pk, period=calc.next_month(b.PERIOD))
        run = b.approved_run(pw)
        finance = pw.users[roles.FINANCE]
        services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
        (payment,) = run.payments.filter(entitlement__trainee=ayse)
        services.statement_upload(
            run=run,
            actor=finance,
            upload=SimpleUploadedFile("r.csv", b.result_csv(list(run.payments.all())), content_type="text/csv"),
        )
        payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID and payment.amount_kurus == 750_000
    page.reload()
    expect(page.locator("main")).to_contain_text(tr("Paid"))
    expect(page.locator("main")).to_contain_text("7.500,00 ₺")


def test_a_firm_sees_its_clawback_finance_settles_it_and_only_then_the_budget_moves(new_context, world, tmp_path):
    pw = world.a
    finance, firm_user = pw.users[roles.FINANCE], pw.users[roles.FIRM]
    with scopes_disabled():
        line = BudgetLine.objects.get(program=pw.program, purpose="salary_support")
        services.budget_line_fund(budget_line=line, actor=finance, amount_kurus=50_000_000, reference="e2e")
        month = calc.next_month(pw.support_employment.start_date)
        claim = claims.claim_submit(
            employment=pw.support_employment,
            actor=firm_user,
            period=month,
            payroll_document=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
            sgk_proof=SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"),
        )
        claims.claim_verify(claim=claim, actor=finance)
        run = services.payment_run_prepare(
            program_id=pw.program.pk, actor=finance, period=month, purpose="salary_support"
        )
        run = services.payment_run_approve(
            run=services.payment_run_submit(run=run, actor=finance), actor=b.approver(pw)
        )
        services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
        from matching import services as matching_services
        from portal.tenancy import audience_for

        matching_services.employment_terminate(
            audience=audience_for(firm_user, program_id=pw.program.pk),
            actor=firm_user,
            employment=pw.support_employment,
            on=month + timedelta(days=9),
            reason="Kendi isteğiyle ayrıldı",
        )
        owed = 2_000_000 - calc.prorate(2_000_000, 10, calc.days_in_month(month))
    owed_text = f"{owed // 100:,}".replace(",", ".") + f",{owed % 100:02d} ₺"

    firm = new_context(**TABLET).new_page()
    log_in(firm, firm_user)
    firm.goto("/stipends/firm/claims/")
    owed_card = firm.locator("[id^=owed-]")
    expect(owed_card).to_contain_text(owed_text)
    expect(owed_card).to_contain_text("Kendi isteğiyle ayrıldı")
    expect(owed_card).to_contain_text("10")
    assert_fits(firm, "the firm's claims page")
    firm.screenshot(path=str(tmp_path / "firm-owes.png"), full_page=True)

    office = new_context(**LAPTOP).new_page()
    log_in(office, finance, totp_secret=pw.totp[finance.email])

    def remaining():
        office.goto("/stipends/finance/budget/")
        row = office.locator("tr", has_text=line.code)
        return row.locator("td").last.inner_text()

    before = remaining()
    office.goto("/stipends/finance/receivables/")
    card = office.locator("section", has_text=pw.firms[0].name)
    expect(card.locator(".owed-balance")).to_have_text(owed_text)
    card.locator("input[name=amount]").fill(calc.kurus_to_text(owed))
    card.locator("input[name=reference]").fill("EFT-2026-118")
    card.locator("select[name=budget_line]").select_option(str(line.pk))
    card.get_by_role("button", name=tr("Record the repayment")).click()
    expect(office.locator(".alert-success, .alert-info").first).to_be_visible()
    office.screenshot(path=str(tmp_path / "settled.png"), full_page=True)
    after = remaining()
    assert before != after
    as_kurus = [calc.kurus_from_text(x.replace("₺", "").strip()) for x in (before, after)]
    assert as_kurus[1] - as_kurus[0] == owed
    firm.reload()
    expect(firm.locator("[id^=owed-] .owed-balance")).to_have_text("0,00 ₺")
