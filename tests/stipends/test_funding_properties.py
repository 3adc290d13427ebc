"""Property: whatever happens in whatever order — enrolments, attendance corrections, employments, early ends,
salary-support claims, stipend runs and payment runs — once finance has run each month again, no person-day is
funded twice, whatever a woman got beyond what is due is a receivable in the ledger, and every kuruş that left
the bank is a paid payment."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching.models import Employment
from portal import roles
from stipends import calc, claims, funding, ledger, services
from stipends.entitlements import month_decisions, stipend_run
from stipends.models import Account, BudgetLine, Entitlement, Payment, SupportClaim, Transaction
from tests.stipends import builders as b
from training.models import Attendance, Session

MONTHS = [b.PERIOD, calc.next_month(b.PERIOD), calc.next_month(calc.next_month(b.PERIOD))]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

month = st.integers(0, len(MONTHS) - 1)
who = st.integers(0, 2)  # trainees 0 and 1 are ambassadors (salary-supported when employed), 2 an operator
step = st.one_of(
    st.tuples(st.just("run"), month),
    st.tuples(st.just("employ"), who, month, st.integers(0, 27)),
    st.tuples(st.just("end"), who, st.integers(0, 60)),
    st.tuples(st.just("absent"), who, month),
    st.tuples(st.just("claim"), who, month),
    st.tuples(st.just("pay"), month, st.sampled_from(["stipends", "salary_support"])),
)


class Rollback(Exception):
    pass


def _sessions_for_other_months(pw, trainees, september):
    cohort, module = september[0].cohort, september[0].module
    for period in MONTHS[1:]:
        first = timezone.make_aware(datetime.combine(period + timedelta(days=1), datetime.min.time()))
        sessions = Session.objects.bulk_create(
            Session(
                program=pw.program,
                cohort=cohort,
                module=module,
                starts_at=first + timedelta(days=2 * i, hours=9),
                ends_at=first + timedelta(days=2 * i, hours=12),
            )
            for i in range(5)
        )
        Attendance.objects.bulk_create(
            Attendance(
                program=pw.program,
                session=s,
                trainee=t,
                status="present",
                recorded_by=pw.users[roles.TRAINER],
                recorded_at=s.ends_at,
            )
            for s in sessions
            for t in trainees
        )


def _world(pw):
    line = b.budget(pw, amount_kurus=500_000_000)
    b.rules(pw, line, amount_kurus=1_000_000)
    support = BudgetLine.objects.get(program=pw.program, purpose="salary_support")
    services.budget_line_fund(
        budget_line=support, actor=pw.users[roles.FINANCE], amount_kurus=500_000_000, reference="prop"
    )
    ambassadors, september = b.training_month(pw, n=2)
    (operator,), operator_sessions = b.training_month(pw, n=1, track="operator")
    trainees = [*ambassadors, operator]
    _sessions_for_other_months(pw, ambassadors, september)
    _sessions_for_other_months(pw, [operator], operator_sessions)
    b.approver(pw)
    return trainees


def _apply(pw, trainees, action):
    finance, firm_user = pw.users[roles.FINANCE], pw.users[roles.FIRM]
    kind = action[0]
    if kind == "run":
        stipend_run(program_id=pw.program.pk, period=MONTHS[action[1]])
    elif kind == "employ":
        trainee, start = trainees[action[1]], MONTHS[action[2]] + timedelta(days=action[3])
        if not Employment.objects.filter(trainee=trainee).exists():
            Employment.objects.create(
                program=pw.program,
                trainee=trainee,
                firm=pw.firms[0],
                start_date=start,
                planned_end_date=Employment.planned_end_for(start),
                gross_salary_kurus=4_000_000,
            )
    elif kind == "end":
        employment = Employment.objects.filter(trainee=trainees[action[1]], status="active").first()
        if employment:
            employment.status = "terminated"
            employment.terminated_on = employment.start_date + timedelta(days=action[2])
            employment.save()
            claims.employment_ended(employment)
    elif kind == "absent":
        start = MONTHS[action[2]]
        Attendance.objects.filter(
            trainee=trainees[action[1]],
            session__starts_at__date__gte=start,
            session__starts_at__date__lte=calc.month_end(start),
        ).update(status="absent")
    elif kind == "claim":
        employment = Employment.objects.filter(trainee=trainees[action[1]]).first()
        if employment is None or employment.trainee.track != "ambassador":
            return
        try:
            claim = claims.claim_submit(
                employment=employment,
                actor=firm_user,
                period=MONTHS[action[2]],
                payroll_document=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
                sgk_proof=SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"),
            )
            claims.claim_verify(claim=claim, actor=finance)
        except ValidationError:
            return
    elif kind == "pay":
        try:
            run = services.payment_run_prepare(
                program_id=pw.program.pk, actor=finance, period=MONTHS[action[1]], purpose=action[2]
            )
        except ValidationError:
            return
        run = services.payment_run_submit(run=run, actor=finance)
        try:
            run = services.payment_run_approve(run=run, actor=pw.approver)
        except ValidationError:
            services.payment_run_cancel(run=run, actor=finance, reason="guard")
            return
        services.payment_run_export(run=run, actor=finance, fmt=b.csv_format(pw))
        exported = list(run.payments.filter(status="exported"))
        if exported:
            services.statement_upload(
                run=run,
                actor=finance,
                upload=SimpleUploadedFile("r.csv", b.result_csv(exported), content_type="text/csv"),
            )


def _oracle_days(trainee, period) -> int:
    """Days of the month she may have a stipend for, counted day by day from the employment rows (not through
    the code under test): the whole month (the cohort runs through it) less salary-supported days."""
    dim = calc.days_in_month(period)
    if trainee.track != "ambassador":
        return dim
    free = 0
    for i in range(dim):
        day = period + timedelta(days=i)
        employed = any(
            e.start_date <= day <= (e.terminated_on or e.planned_end_date)
            for e in Employment.objects.filter(trainee=trainee)
        )
        free += not employed
    return free


def _check(pw, trainees):
    for period in MONTHS:
        stipend_run(program_id=pw.program.pk, period=period)  # finance catches up every month
    assert ledger.trial_balance(pw.program.pk) == 0
    ids = [t.pk for t in trainees]
    for period in MONTHS:
        decided = month_decisions(program_id=pw.program.pk, period=period, trainee_ids=ids)
        supported = funding.supported_spans(
            program_id=pw.program.pk, start=period, end=calc.month_end(period), trainee_ids=ids
        )
        for t in trainees:
            net = (
                Entitlement.objects.filter(
                    trainee=t, period=period, kind__in=["stipend", "stipend_adjustment"]
                ).aggregate(s=Sum("amount_kurus"))["s"]
                or 0
            )
            d = decided.get(t.pk)
            due = d.amount if d and not d.reason else 0
            assert net == due  # what she is entitled to is exactly what the rule allows now
            free = _oracle_days(t, period)
            assert net <= calc.prorate(1_000_000, free, calc.days_in_month(period))  # never a supported day
            if supported.get(t.pk) and d:
                # the stipend pays only days outside salary-supported employment
                assert d.snapshot.get("stipend_days", d.snapshot["enrolled_days"]) <= d.snapshot["enrolled_days"]
                if d.amount:
                    assert d.snapshot["stipend_days"] + d.snapshot["supported_days"] <= calc.days_in_month(period)
    for t in trainees:
        paid = Payment.objects.filter(entitlement__trainee=t, status="paid").aggregate(
            s=Sum("amount_kurus"), n=Sum("netted_kurus")
        )
        owed = funding.receivable_balances(program_id=pw.program.pk, trainee_ids=[t.pk]).get(t.pk, 0)
        entitled = (
            Entitlement.objects.filter(trainee=t, kind__in=["stipend", "stipend_adjustment"]).aggregate(
                s=Sum("amount_kurus")
            )["s"]
            or 0
        )
        # what she keeps (paid to her bank, less what she still owes) never exceeds what she is entitled to
        assert (paid["s"] or 0) - owed <= max(entitled, 0)
    # every kuruş that left the bank is a paid payment (no repayments in these sequences)
    funded = -sum(
        e.amount_kurus
        for e in ledger.Entry.objects.filter(
            program_id=pw.program.pk, transaction__kind=Transaction.Kind.FUNDING, account__kind=Account.Kind.FUND
        )
    )
    bank = ledger.balance(ledger.system_account(pw.program.pk, Account.Kind.BANK))
    paid_total = Payment.objects.filter(program=pw.program, status="paid").aggregate(s=Sum("amount_kurus"))["s"] or 0
    assert bank == funded - paid_total
    # salary support and stipends never both pay a verified claim's month beyond the rule
    for claim in SupportClaim.objects.filter(trainee_id__in=ids, status="verified"):
        assert claim.days_employed <= claim.days_in_month


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_no_person_day_is_funded_twice_and_every_kurus_is_accounted_for(pw, steps):
    try:
        with transaction.atomic():
            trainees = _world(pw)
            for action in steps:
                _apply(pw, trainees, action)
            _check(pw, trainees)
            raise Rollback
    except Rollback:
        pass
