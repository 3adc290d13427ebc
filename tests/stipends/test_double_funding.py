"""No woman-month is funded twice: the stipend stops the day salary-supported employment starts (a program setting),
the guard refuses a payment run that would pay the same days twice, and money already paid twice becomes a
receivable in the ledger that her next payment nets (the budget gets it back only then)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from matching.models import Employment
from portal import roles
from stipends import calc, funding, ledger, services
from stipends.entitlements import stipend_run
from stipends.models import Account, Entitlement, FundingPolicy, Payment
from tests.stipends import builders as b

MONTH_DAYS = calc.days_in_month(b.PERIOD)


def employ(pw, trainee, start, *, firm=None):
    return Employment.objects.create(
        program=pw.program,
        trainee=trainee,
        firm=firm or pw.firms[0],
        start_date=start,
        planned_end_date=Employment.planned_end_for(start),
        gross_salary_kurus=4_000_000,
    )


def stipends_of(trainee):
    return list(Entitlement.objects.filter(trainee=trainee, period=b.PERIOD).order_by("sequence"))


def remaining(pw, line):
    return next(f for f in services.budget_figures(program_id=pw.program.pk) if f["line"] == line)["remaining"]


@pytest.fixture
def month(pw):
    line = b.budget(pw)
    b.rules(pw, line, amount_kurus=1_000_000)
    return line


def test_an_ambassador_employed_from_the_first_gets_no_stipend_and_reads_why(pw, month):
    (ayse, fatma), _sessions = b.training_month(pw, n=2)
    employ(pw, ayse, b.PERIOD)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    (ent,) = stipends_of(ayse)
    assert (ent.amount_kurus, ent.reason) == (0, Entitlement.Reason.SALARY_SUPPORTED)
    with translation.override("en"):
        assert funding.explanation(ent.snapshot) == "Employed from 01.09 with salary support: 0 days of stipend."
    assert funding.explanation(ent.snapshot) == "01.09 tarihinden beri maaş destekli istihdamda: 0 günlük burs."
    assert stipends_of(fatma)[0].amount_kurus == 1_000_000


def test_employment_mid_month_prorates_the_stipend_by_days(pw, month):
    (ayse,), _sessions = b.training_month(pw, n=1)
    employ(pw, ayse, b.PERIOD + timedelta(days=14))  # from the 15th: 14 days of stipend
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    (ent,) = stipends_of(ayse)
    assert ent.amount_kurus == calc.prorate(1_000_000, 14, MONTH_DAYS)
    assert (ent.snapshot["stipend_days"], ent.snapshot["supported_days"]) == (14, MONTH_DAYS - 14)


def test_the_whole_month_policy_pays_nothing_for_a_month_with_a_supported_day(pw, month):
    FundingPolicy.objects.create(program=pw.program, stipend_overlap=FundingPolicy.Overlap.WHOLE_MONTH)
    (ayse,), _sessions = b.training_month(pw, n=1)
    employ(pw, ayse, b.PERIOD + timedelta(days=27))
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    assert stipends_of(ayse)[0].reason == Entitlement.Reason.SALARY_SUPPORTED


def test_an_operator_employed_by_a_firm_keeps_her_stipend(pw, month):
    (zeynep,), _sessions = b.training_month(pw, n=1, track="operator")
    employ(pw, zeynep, b.PERIOD)  # operators' employments are not salary-supported
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    assert stipends_of(zeynep)[0].amount_kurus == 1_000_000


def _pay(pw, period=b.PERIOD):
    from django.core.files.uploadedfile import SimpleUploadedFile

    finance = pw.users[roles.FINANCE]
    run = b.approved_run(pw, period=period)
    services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
    exported = list(run.payments.filter(status="exported"))
    services.statement_upload(
        run=run, actor=finance, upload=SimpleUploadedFile("r.csv", b.result_csv(exported), content_type="text/csv")
    )
    return run


def test_a_stipend_paid_before_the_employment_was_known_becomes_a_receivable_netted_from_her_next_payment(pw, month):
    (ayse,), _sessions = b.training_month(pw, n=1)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    _pay(pw)  # September paid in full: 10.000 ₺
    before = remaining(pw, month)
    employ(pw, ayse, b.PERIOD + timedelta(days=14))  # recorded late: she was employed from 15 September
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    _first, correction = stipends_of(ayse)
    overpaid = 1_000_000 - calc.prorate(1_000_000, 14, MONTH_DAYS)
    assert (correction.amount_kurus, correction.reason) == (-overpaid, Entitlement.Reason.RECOVERY)
    receivable = Account.objects.get(kind=Account.Kind.STIPEND_RECEIVABLE, trainee=ayse)
    assert ledger.balance(receivable) == overpaid
    assert remaining(pw, month) == before  # a receivable counts only once collected

    # August's stipend, decided late (before her employment), is the next payment: it nets what she owes
    Entitlement.objects.create(
        program=pw.program,
        kind="stipend",
        trainee=ayse,
        period=calc.month_start(b.PERIOD - timedelta(days=1)),
        amount_kurus=1_000_000,
        budget_line=month,
    )
    run = _pay(pw, period=calc.next_month(b.PERIOD))
    (payment,) = run.payments.all()
    assert (payment.netted_kurus, payment.amount_kurus) == (overpaid, 1_000_000 - overpaid)
    assert ledger.balance(receivable) == 0
    # the budget paid out only what went to the bank
    assert remaining(pw, month) == before - (1_000_000 - overpaid)
    assert ledger.trial_balance(pw.program.pk) == 0


def test_the_approver_cannot_approve_a_run_that_pays_the_same_days_twice(pw, month):
    (ayse,), _sessions = b.training_month(pw, n=1)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    finance = pw.users[roles.FINANCE]
    run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=b.PERIOD, purpose="stipends")
    run = services.payment_run_submit(run=run, actor=finance)
    employ(pw, ayse, b.PERIOD)  # employment recorded after the run was prepared
    with translation.override("en"):
        warnings = funding.run_warnings(run)
        assert len(warnings) == 1 and "salary support" in warnings[0].text
        with pytest.raises(ValidationError) as error:
            services.payment_run_approve(run=run, actor=b.approver(pw))
    assert "Employed from 01.09" in str(error.value)
    assert not Payment.objects.filter(run=run, accrual__isnull=False).exists()

    # finance runs the month again: the stipend is recovered in full; a new run nets it to nothing
    services.payment_run_cancel(run=run, actor=finance, reason="Maaş desteği başladı")
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=b.PERIOD, purpose="stipends")
    (payment,) = run.payments.all()
    assert (payment.amount_kurus, payment.netted_kurus) == (0, 1_000_000)
    run = services.payment_run_approve(run=services.payment_run_submit(run=run, actor=finance), actor=b.approver(pw))
    payment.refresh_from_db()
    assert payment.status == "paid"  # settled by netting: nothing went to the bank
    assert services.bank_lines(run) == []


def test_a_payee_whose_iban_changed_since_her_last_payment_is_flagged_for_the_approver(pw, month):
    from django.utils import timezone

    from stipends import selectors
    from training import services as training_services

    (ayse, fatma), _sessions = b.training_month(pw, n=2)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    _pay(pw)
    ayse.user.refresh_from_db()
    training_services.trainee_iban_set_own(trainee=ayse, actor=ayse.user, iban=b.IBANS[1], attested=True)
    assert ayse.__class__.objects.get(pk=ayse.pk).iban_changed_at <= timezone.now()
    for t in (ayse, fatma):
        Entitlement.objects.create(
            program=pw.program, kind="stipend", trainee=t, period=calc.next_month(b.PERIOD), amount_kurus=1_000_000
        )
    run = services.payment_run_prepare(
        program_id=pw.program.pk, actor=pw.users[roles.FINANCE], period=calc.next_month(b.PERIOD), purpose="stipends"
    )
    flagged = selectors.payment_run_iban_changes(run=run)
    assert [p.entitlement.trainee_id for p in flagged] == [ayse.pk]


def test_a_month_unpaid_for_want_of_an_iban_is_paid_by_the_next_months_run_once_she_gives_one(pw, month):
    from training import services as training_services

    (ayse,), _sessions = b.training_month(pw, n=1, with_iban=False)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    assert stipends_of(ayse)[0].reason == Entitlement.Reason.MISSING_IBAN
    training_services.trainee_iban_set_own(trainee=ayse, actor=ayse.user, iban=b.IBANS[0], attested=True)
    stipend_run(program_id=pw.program.pk, period=calc.next_month(b.PERIOD))
    _first, paid = stipends_of(ayse)
    assert (paid.kind, paid.amount_kurus, paid.reason) == ("stipend_adjustment", 1_000_000, "")
    stipend_run(program_id=pw.program.pk, period=calc.next_month(b.PERIOD))  # again: nothing more
    assert len(stipends_of(ayse)) == 2


def test_finance_sets_the_funding_policy_on_the_rules_page_and_it_is_audited(client, pw):
    from django.urls import reverse

    from portal.models import AuditEvent

    client.force_login(pw.users[roles.FINANCE])
    url = reverse("stipends:rules")
    bad = client.post(url, {"policy": "1", "stipend_overlap": "prorate", "claim_current_month_from_day": "40"})
    assert bad.status_code == 400 and not FundingPolicy.objects.filter(program=pw.program).exists()
    ok = client.post(
        url,
        {"policy": "1", "stipend_overlap": "whole_month", "claim_current_month_from_day": "5", "netting_allowed": "on"},
    )
    assert ok.status_code == 302
    policy = FundingPolicy.objects.get(program=pw.program)
    assert (policy.stipend_overlap, policy.claim_current_month_from_day, policy.netting_allowed) == (
        "whole_month",
        5,
        True,
    )
    event = AuditEvent.objects.get(action="stipends.funding_policy")
    assert (
        event.data["before"]["stipend_overlap"] == "prorate" and event.data["after"]["stipend_overlap"] == "whole_month"
    )
    client.force_login(pw.users[roles.ME])
    assert client.post(url, {"policy": "1", "stipend_overlap": "prorate"}).status_code == 403


def test_the_claim_screen_warns_when_her_stipend_still_pays_days_of_the_employment(client, pw, month):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from stipends import claims

    (ayse,), _sessions = b.training_month(pw, n=1)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)  # September decided before the employment was known
    employment = employ(pw, ayse, b.PERIOD + timedelta(days=14))
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    claim = claims.claim_submit(
        employment=employment,
        actor=pw.users[roles.FIRM],
        period=b.PERIOD,
        payroll_document=SimpleUploadedFile("b.pdf", pdf, content_type="application/pdf"),
        sgk_proof=SimpleUploadedFile("s.pdf", pdf, content_type="application/pdf"),
    )
    client.force_login(pw.users[roles.FINANCE])
    page = client.get(reverse("stipends:claim_detail", args=[claim.pk])).content.decode()
    assert 'id="stipend-overlap"' in page
    claims.claim_verify(claim=claim, actor=pw.users[roles.FINANCE])  # the recheck: the excess becomes a receivable
    overpaid = 1_000_000 - calc.prorate(1_000_000, 14, MONTH_DAYS)
    receivable = Account.objects.get(kind=Account.Kind.STIPEND_RECEIVABLE, trainee=ayse)
    assert ledger.balance(receivable) == overpaid


def test_hostile_input_on_the_receivables_page_is_a_clear_answer_never_a_500(client, pw):
    from django.urls import reverse

    client.force_login(pw.users[roles.FINANCE])
    url = reverse("stipends:receivables")
    for account in ("abc", "-1", "99999999", "1 OR 1=1", ""):
        response = client.post(url, {"account": account, "amount": "10", "reference": "x", "budget_line": "1"})
        assert response.status_code == 404, account


def test_staff_move_an_employment_start_earlier_and_the_stipend_days_paid_twice_become_a_receivable(pw, month):
    from matching import services as matching_services
    from portal.models import AuditEvent
    from portal.tenancy import audience_for

    (ayse,), _sessions = b.training_month(pw, n=1)
    employment = employ(pw, ayse, calc.next_month(b.PERIOD))  # recorded from October
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    assert stipends_of(ayse)[0].amount_kurus == 1_000_000  # September: not employed yet
    staff = pw.users[roles.STAFF]
    with pytest.raises(ValidationError):
        matching_services.employment_start_correct(
            audience=audience_for(staff, program_id=pw.program.pk), actor=staff, employment=employment,
            start_date=b.PERIOD + timedelta(days=20), reason="",
        )  # fmt: skip
    matching_services.employment_start_correct(
        audience=audience_for(staff, program_id=pw.program.pk), actor=staff, employment=employment,
        start_date=b.PERIOD + timedelta(days=20), reason="SGK kaydı 21 Eylül'ü gösteriyor",
    )  # fmt: skip
    _first, correction = stipends_of(ayse)
    assert correction.amount_kurus == -(1_000_000 - calc.prorate(1_000_000, 20, MONTH_DAYS))
    assert ledger.balance(Account.objects.get(kind=Account.Kind.STIPEND_RECEIVABLE, trainee=ayse)) == (
        -correction.amount_kurus
    )
    event = AuditEvent.objects.get(action="matching.employment_start_correct")
    assert event.data["from"] == calc.next_month(b.PERIOD).isoformat()
