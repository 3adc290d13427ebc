"""Firm salary support: claim → verification → entitlement → the same payment run, ledger and bank file; at most
12 months; an early end stops claims and turns support paid for later days into a receivable."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from portal import roles
from stipends import claims, ledger, services
from stipends.models import Account, BudgetLine, Entitlement, SupportClaim
from tests.stipends import builders as b

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="x.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def submit(pw, month, **extra):
    return claims.claim_submit(
        employment=pw.support_employment,
        actor=pw.users[roles.FIRM],
        period=month,
        payroll_document=pdf(),
        sgk_proof=pdf(),
        **extra,
    )


def second_month(pw):
    from stipends import calc

    return calc.next_month(pw.support_employment.start_date)


def fund_support(pw):
    line = BudgetLine.objects.get(program=pw.program, purpose="salary_support")
    services.budget_line_fund(budget_line=line, actor=pw.users[roles.FINANCE], amount_kurus=50_000_000, reference="t1")
    return line


def test_a_verified_claim_is_paid_through_the_payment_run(pw):
    fund_support(pw)
    claim = submit(pw, second_month(pw))
    assert (claim.month_index, claim.supported_kurus) == (2, 2_000_000)  # 50 % of 40.000 ₺, a full month
    entitlement = claims.claim_verify(claim=claim, actor=pw.users[roles.STAFF])
    assert (entitlement.kind, entitlement.firm_id, entitlement.amount_kurus) == (
        "salary_support",
        pw.firms[0].pk,
        2_000_000,
    )
    finance = pw.users[roles.FINANCE]
    run = services.payment_run_prepare(
        program_id=pw.program.pk, actor=finance, period=claim.period, purpose="salary_support"
    )
    (payment,) = run.payments.all()
    assert (payment.payee_name, payment.entitlement_id) == (pw.firms[0].name, entitlement.pk)
    run = services.payment_run_submit(run=run, actor=finance)
    run = services.payment_run_approve(run=run, actor=b.approver(pw))
    services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
    services.statement_upload(
        run=run, actor=finance, upload=SimpleUploadedFile("r.csv", b.result_csv([payment]), content_type="text/csv")
    )
    payment.refresh_from_db()
    assert payment.status == "paid"
    assert ledger.trial_balance(pw.program.pk) == 0


def test_a_claim_needs_both_documents_and_a_valid_turkish_iban(pw):
    FirmBankAccount = __import__("stipends.models", fromlist=["FirmBankAccount"]).FirmBankAccount
    FirmBankAccount.objects.filter(firm=pw.firms[0]).delete()
    with pytest.raises(ValidationError) as error:
        claims.claim_submit(
            employment=pw.support_employment,
            actor=pw.users[roles.FIRM],
            period=second_month(pw),
            payroll_document=SimpleUploadedFile("x.pdf", b"not a pdf"),
            sgk_proof=pdf(),
            iban="DE89370400440532013000",
        )
    assert set(error.value.message_dict) == {"payroll_document", "iban"}
    with pytest.raises(ValidationError) as error:
        submit(pw, second_month(pw), iban="TR330006100519786457841327")  # bad checksum
    assert "iban" in error.value.message_dict
    assert not SupportClaim.objects.filter(period=second_month(pw)).exists()


def test_a_month_is_claimed_once_and_another_firm_cannot_claim(pw):
    submit(pw, second_month(pw))
    with pytest.raises(ValidationError):
        submit(pw, second_month(pw))
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        claims.claim_submit(
            employment=pw.support_employment,
            actor=pw.other_firm_user,
            period=second_month(pw),
            payroll_document=pdf(),
            sgk_proof=pdf(),
        )


def test_at_most_twelve_months_per_employment_is_a_database_rule(pw):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportClaim.objects.filter(pk=pw.claim.pk).update(month_index=13)


def test_rejection_needs_a_reason(pw):
    with pytest.raises(ValidationError):
        claims.claim_reject(claim=pw.claim, actor=pw.users[roles.STAFF], reason=" ")
    claims.claim_reject(claim=pw.claim, actor=pw.users[roles.STAFF], reason="Bordro eksik")
    pw.claim.refresh_from_db()
    assert (pw.claim.status, pw.claim.decision_reason) == ("rejected", "Bordro eksik")
    assert not Entitlement.objects.filter(claim=pw.claim).exists()


def test_an_early_end_stops_claims_and_claws_back_support_paid_for_later_days(pw):
    line = fund_support(pw)
    finance = pw.users[roles.FINANCE]
    month = second_month(pw)
    claim = submit(pw, month)
    claims.claim_verify(claim=claim, actor=finance)
    run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=month, purpose="salary_support")
    run = services.payment_run_approve(run=services.payment_run_submit(run=run, actor=finance), actor=b.approver(pw))
    services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
    employment = pw.support_employment
    employment.terminated_on, employment.status = month + timedelta(days=9), "terminated"
    employment.save()
    claims.employment_ended(employment)
    receivable = Account.objects.get(kind="clawback_receivable", firm=pw.firms[0])
    from stipends import calc

    dim = calc.days_in_month(month)
    assert ledger.balance(receivable) == 2_000_000 - calc.prorate(2_000_000, 10, dim)
    figures = next(f for f in services.budget_figures(program_id=pw.program.pk) if f["line"] == line)
    assert figures["collected"] == 0  # owed, not collected: the budget does not count it yet
    with pytest.raises(ValidationError):
        submit(pw, calc.next_month(month))
    claims.employment_ended(employment)  # twice: posts once
    assert ledger.balance(receivable) == 2_000_000 - calc.prorate(2_000_000, 10, dim)


def test_the_current_month_is_claimed_only_after_it_ends_unless_the_programme_allows_it_from_payroll_day(pw):
    from django.utils import timezone

    from stipends.models import FundingPolicy

    this_month = timezone.localdate().replace(day=1)
    with pytest.raises(ValidationError) as error:
        submit(pw, this_month)
    assert "period" in error.value.message_dict
    FundingPolicy.objects.create(program=pw.program, claim_current_month_from_day=1)
    assert submit(pw, this_month).period == this_month


def test_finance_settles_a_clawback_by_transfer_and_only_then_the_budget_gets_it_back(pw):
    from stipends import calc

    line = fund_support(pw)
    finance = pw.users[roles.FINANCE]
    month = second_month(pw)
    claims.claim_verify(claim=submit(pw, month), actor=finance)
    run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=month, purpose="salary_support")
    run = services.payment_run_approve(run=services.payment_run_submit(run=run, actor=finance), actor=b.approver(pw))
    services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
    employment = pw.support_employment
    employment.terminated_on, employment.status = month + timedelta(days=9), "terminated"
    employment.save()
    claims.employment_ended(employment)
    owed = 2_000_000 - calc.prorate(2_000_000, 10, calc.days_in_month(month))

    def remaining():
        return next(f for f in services.budget_figures(program_id=pw.program.pk) if f["line"] == line)["remaining"]

    before = remaining()
    with pytest.raises(ValidationError):
        services.receivable_settle(
            program_id=pw.program.pk, actor=finance, firm_id=pw.firms[0].pk, amount_kurus=owed + 1,
            reference="EFT-1", budget_line=line,
        )  # fmt: skip
    services.receivable_settle(
        program_id=pw.program.pk, actor=finance, firm_id=pw.firms[0].pk, amount_kurus=owed,
        reference="EFT-1", budget_line=line,
    )  # fmt: skip
    assert remaining() == before + owed
    assert ledger.balance(Account.objects.get(kind="clawback_receivable", firm=pw.firms[0])) == 0
    assert ledger.trial_balance(pw.program.pk) == 0


def test_the_firm_sees_what_it_owes_and_finance_settles_it_on_the_receivables_page(client, pw):
    from django.urls import reverse

    from stipends import calc

    line = fund_support(pw)
    finance = pw.users[roles.FINANCE]
    month = second_month(pw)
    claims.claim_verify(claim=submit(pw, month), actor=finance)
    run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=month, purpose="salary_support")
    run = services.payment_run_approve(run=services.payment_run_submit(run=run, actor=finance), actor=b.approver(pw))
    services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
    employment = pw.support_employment
    employment.terminated_on, employment.status = month + timedelta(days=9), "terminated"
    employment.termination_reason = "İstifa etti"
    employment.save()
    claims.employment_ended(employment)
    owed = 2_000_000 - calc.prorate(2_000_000, 10, calc.days_in_month(month))

    client.force_login(pw.users[roles.FIRM])
    page = client.get(reverse("stipends:firm_claims")).content.decode()
    assert "İstifa etti" in page and "10" in page and calc.kurus_to_text(owed) in page.replace(".", "")
    client.force_login(pw.other_firm_user)
    assert "İstifa etti" not in client.get(reverse("stipends:firm_claims")).content.decode()

    client.force_login(finance)
    account = Account.objects.get(kind="clawback_receivable", firm=pw.firms[0])
    url = reverse("stipends:receivables")
    assert (
        client.post(url, {"account": account.pk, "amount": "abc", "reference": "", "budget_line": line.pk}).status_code
        == 400
    )
    assert ledger.balance(account) == owed
    response = client.post(
        url, {"account": account.pk, "amount": calc.kurus_to_text(owed), "reference": "EFT-9", "budget_line": line.pk}
    )
    assert response.status_code == 302
    assert ledger.balance(account) == 0
