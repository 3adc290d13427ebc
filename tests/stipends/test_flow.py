"""The money path end to end: attendance → entitlements → run → approval → bank file → statement → carry-over."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from portal import roles
from stipends import ledger, services
from stipends.entitlements import stipend_run
from stipends.models import Account, Entitlement, Payment, PaymentRun, StatementLine, Transaction
from tests.stipends import builders as b


def test_a_month_is_decided_once_with_reasons(pw):
    line = b.budget(pw)
    b.rules(pw, line, amount_kurus=500_000, threshold=80)
    (full, low), _ = b.training_month(pw, n=2, attended=[9, 5])
    (no_iban,), _ = b.training_month(pw, n=1, with_iban=False)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    got = {e.trainee_id: e for e in Entitlement.objects.filter(period=b.PERIOD, trainee__in=[full, low, no_iban])}
    assert (got[full.pk].amount_kurus, got[full.pk].reason) == (500_000, "")
    assert (got[low.pk].amount_kurus, got[low.pk].reason) == (0, "below_threshold")
    assert got[low.pk].snapshot["rate"] == "50.00"
    assert (got[no_iban.pk].amount_kurus, got[no_iban.pk].reason) == (0, "missing_iban")
    before = Entitlement.objects.count()
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    assert Entitlement.objects.count() == before


def test_an_attendance_correction_adds_an_adjustment_not_an_edit(pw):
    line = b.budget(pw)
    b.rules(pw, line)
    (low,), _sessions = b.training_month(pw, n=1, attended=[5])
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    from training.models import Attendance

    Attendance.objects.filter(trainee=low, status="absent").update(status="present")
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    rows = list(Entitlement.objects.filter(trainee=low).order_by("sequence").values_list("kind", "amount_kurus"))
    assert rows == [("stipend", 0), ("stipend_adjustment", 500_000)]


def _upload(content, name="sonuc.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_failed_payment_is_reversed_and_carried_to_the_next_run(pw):
    finance = pw.users[roles.FINANCE]
    line = b.budget(pw, amount_kurus=2_000_000)
    b.rules(pw, line, amount_kurus=500_000)
    _trainees, _ = b.training_month(pw, n=3)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = b.approved_run(pw)
    assert run.status == "approved" and run.approved_by == b.approver(pw)
    fmt = b.csv_format(pw)
    bank_file = services.payment_run_export(run=run, actor=finance, fmt=fmt)
    assert bank_file.version == 1 and len(bank_file.checksum) == 64
    payments = list(run.payments.order_by("pk"))
    failed = payments[0].reference
    services.statement_upload(run=run, actor=finance, upload=_upload(b.result_csv(payments, failed={failed})))
    run.refresh_from_db()
    assert run.status == "closed"
    statuses = dict(run.payments.values_list("reference", "status"))
    assert statuses[failed] == "failed" and sorted(statuses.values()) == ["failed", "paid", "paid"]
    # the failed one is payable again: its export was reversed
    payable = ledger.payable_account(program_id=pw.program.pk, trainee_id=payments[0].entitlement.trainee_id)
    assert ledger.balance(payable) == 500_000
    assert ledger.trial_balance(pw.program.pk) == 0
    nxt = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=b.PERIOD, purpose="stipends")
    (again,) = nxt.payments.all()
    assert (again.entitlement_id, again.attempt) == (payments[0].entitlement_id, 2)
    nxt = services.payment_run_submit(run=nxt, actor=finance)
    services.payment_run_approve(run=nxt, actor=b.approver(pw))
    # approving the carried-over attempt does not accrue the entitlement a second time
    assert Transaction.objects.filter(idempotency_key=f"accrual:entitlement:{again.entitlement_id}").count() == 1
    assert ledger.balance(payable) == 500_000


def test_the_preparer_cannot_approve_and_the_database_refuses_too(pw):
    finance = pw.users[roles.FINANCE]
    line = b.budget(pw)
    b.rules(pw, line)
    b.training_month(pw, n=1)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=b.PERIOD, purpose="stipends")
    run = services.payment_run_submit(run=run, actor=finance)
    with pytest.raises(PermissionDenied):
        services.payment_run_approve(run=run, actor=finance)
    # even with the approver role, the preparer is refused — and the database refuses the row itself
    from portal.models import Membership, Role

    Membership.objects.create(program=pw.program, user=finance, role=Role.objects.get(code=roles.FINANCE_APPROVER))
    with pytest.raises(PermissionDenied):
        services.payment_run_approve(run=run, actor=finance)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentRun.objects.filter(pk=run.pk).update(approved_by=finance)


def test_a_run_over_budget_is_refused_with_the_figures(pw):
    finance = pw.users[roles.FINANCE]
    line = b.budget(pw, amount_kurus=700_000)
    b.rules(pw, line, amount_kurus=500_000)
    b.training_month(pw, n=2)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=b.PERIOD, purpose="stipends")
    with pytest.raises(ValidationError) as error:
        services.payment_run_submit(run=run, actor=finance)
    assert "10.000,00 ₺" in str(error.value) and "7.000,00 ₺" in str(error.value)


def test_export_refuses_when_lines_changed_after_approval(pw):
    finance = pw.users[roles.FINANCE]
    line = b.budget(pw)
    b.rules(pw, line)
    b.training_month(pw, n=2)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = b.approved_run(pw)
    Payment.objects.filter(run=run).update(amount_kurus=1)
    with pytest.raises(ValidationError, match="artık onaylananla uyuşmuyor"):
        services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
    assert not Transaction.objects.filter(kind="export").exists()


def test_reexport_is_a_new_version_and_posts_nothing_more(pw):
    finance = pw.users[roles.FINANCE]
    line = b.budget(pw)
    b.rules(pw, line)
    b.training_month(pw, n=2)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = b.approved_run(pw)
    fmt = b.csv_format(pw)
    first = services.payment_run_export(run=run, actor=finance, fmt=fmt)
    exports = Transaction.objects.filter(kind="export").count()
    second = services.payment_run_export(run=run, actor=finance, fmt=fmt)
    assert (first.version, second.version) == (1, 2)
    assert Transaction.objects.filter(kind="export").count() == exports


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\x01\x02binary", "CSV, Excel"),
        (b"Ad;Soyad\nA;B\n", "referans ve bir tutar"),
        (b"Referans;Tutar;Durum\nX1;abc;odendi\n", "bir tutar değil"),
        (b"Referans;Tutar;Durum\nX1;10,00;belki\n", "bilinmeyen durum"),
    ],
)
def test_a_bad_statement_is_refused_and_posts_nothing(pw, content, message):
    finance = pw.users[roles.FINANCE]
    line = b.budget(pw)
    b.rules(pw, line)
    b.training_month(pw, n=1)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = b.approved_run(pw)
    services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
    posted = Transaction.objects.count()
    with pytest.raises(ValidationError, match=message):
        services.statement_upload(run=run, actor=finance, upload=_upload(content))
    assert Transaction.objects.count() == posted


def test_unknown_references_wrong_amounts_and_duplicates_go_to_exceptions(pw):
    finance = pw.users[roles.FINANCE]
    line = b.budget(pw)
    b.rules(pw, line)
    b.training_month(pw, n=2)
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = b.approved_run(pw)
    services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
    p1, p2 = run.payments.order_by("pk")
    content = (
        f"Referans;Tutar;Durum\nBILINMEYEN;5000,00;ödendi\n{p1.reference};4999,99;ödendi\n"
        f"{p2.reference};5000,00;ödendi\n{p2.reference};5000,00;ödendi\n"
    ).encode()
    upload = services.statement_upload(run=run, actor=finance, upload=_upload(content))
    outcomes = list(upload.lines.order_by("line_number").values_list("outcome", flat=True))
    assert outcomes == ["unmatched", "wrong_amount", "paid", "duplicate"]
    assert upload.exception_count == 3
    assert Payment.objects.get(pk=p1.pk).status == "exported"
    assert StatementLine.objects.filter(payment=p2).count() == 1
    assert Account.objects.filter(kind="bank_in_transit").exists()
