"""Bulk builders for money tests: a month of training with attendance, stipend rules, a funded budget line,
an approver, and a run that went through the whole workflow."""

from datetime import date, datetime, timedelta
from itertools import count

from django.utils import timezone

from portal import roles
from portal.models import Membership, Role, User
from portal.pii import pii_hash
from stipends import services
from stipends.models import BankFileFormat, BudgetLine, StipendRule
from tests.factories import province
from training.models import (
    Attendance,
    Cohort,
    CompletionRule,
    Curriculum,
    CurriculumModule,
    Enrolment,
    Session,
    Trainee,
)

PERIOD = date(2026, 9, 1)
IBANS = ["TR330006100519786457841326", "TR320010009999901234567890", "TR960006200000000006295229"]
_seq = count(1)


def approver(pw):
    """A payment approver of the world's programme (not the finance officer who prepares)."""
    if getattr(pw, "approver", None):
        return pw.approver
    n = next(_seq)
    user = User.objects.create_user(
        email=f"onay{n}-{pw.program.code}@example.test", password="x", full_name=f"Onay {n}"
    )
    Membership.objects.create(program=pw.program, user=user, role=Role.objects.get(code=roles.FINANCE_APPROVER))
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    pw.approver_totp = generate_totp_secret()
    TOTP.activate(user, pw.approver_totp)  # the approver role requires a second factor, like finance
    pw.approver = user
    return user


def budget(pw, *, amount_kurus=10_000_000, purpose=BudgetLine.Purpose.STIPENDS, code=None):
    finance = pw.users[roles.FINANCE]
    line = services.budget_line_create(
        program_id=pw.program.pk,
        actor=finance,
        code=code or f"BL-{next(_seq)}",
        name="Burs / Stipends",
        purpose=purpose,
    )
    if amount_kurus:
        services.budget_line_fund(budget_line=line, actor=finance, amount_kurus=amount_kurus, reference="tranche-1")
    return line


def rules(pw, line, *, amount_kurus=500_000, threshold=80, effective_from=date(2026, 2, 1), prorate=True):
    for track in (Trainee.Track.AMBASSADOR, Trainee.Track.OPERATOR):
        StipendRule.objects.create(
            program=pw.program,
            track=track,
            monthly_amount_kurus=amount_kurus,
            attendance_threshold_percent=threshold,
            prorate_partial_months=prorate,
            effective_from=effective_from,
            budget_line=line,
        )


def training_month(pw, *, n=3, period=PERIOD, attended=None, with_iban=True, track=Trainee.Track.AMBASSADOR):
    """A cohort running through the month with `n` trainees and 10 sessions; trainee i attends attended[i] of them."""
    tag = next(_seq)
    curriculum = Curriculum.objects.create(
        program=pw.program, track=track, version=100 + tag, name_tr=f"M {tag}", name_en=f"C {tag}", planned_weeks=8
    )
    CompletionRule.objects.create(program=pw.program, curriculum=curriculum)
    module = CurriculumModule.objects.create(
        program=pw.program,
        curriculum=curriculum,
        code="B1",
        title_tr="B",
        title_en="B",
        domain="digital",
        planned_hours=3,
    )
    cohort = Cohort.objects.create(
        program=pw.program,
        code=f"PARA-{tag}",
        name=f"Para Kohortu {tag}",
        track=track,
        curriculum=curriculum,
        province=province(34),
        starts_on=period - timedelta(days=40),
        ends_on=period + timedelta(days=90),
        capacity=50,
    )
    users = User.objects.bulk_create(
        User(email=f"burs{tag}-{i}@example.test", full_name=f"Burslu {tag}-{i}", password="!") for i in range(n)
    )
    trainees = Trainee.objects.bulk_create(
        Trainee(
            program=pw.program,
            user=u,
            track=track,
            province=province(34),
            status="active",
            iban=IBANS[i % len(IBANS)] if with_iban else "",
            iban_hash=pii_hash("iban", f"{IBANS[i % len(IBANS)]}-{u.pk}") if with_iban else "",
        )
        for i, u in enumerate(users)
    )
    role = Role.objects.get(code=roles.AMBASSADOR if track == "ambassador" else roles.OPERATOR)
    Membership.objects.bulk_create(Membership(program=pw.program, user=u, role=role) for u in users)
    Enrolment.objects.bulk_create(
        Enrolment(
            program=pw.program, cohort=cohort, trainee=t, enrolled_on=cohort.starts_on, created_by=pw.users[roles.STAFF]
        )
        for t in trainees
    )
    first = timezone.make_aware(datetime.combine(period + timedelta(days=1), datetime.min.time())) + timedelta(hours=9)
    sessions = Session.objects.bulk_create(
        Session(
            program=pw.program,
            cohort=cohort,
            module=module,
            starts_at=first + timedelta(days=2 * i),
            ends_at=first + timedelta(days=2 * i, hours=3),
        )
        for i in range(10)
    )
    attended = attended or [10] * n
    Attendance.objects.bulk_create(
        Attendance(
            program=pw.program,
            session=s,
            trainee=t,
            status="present" if k < attended[i] else "absent",
            recorded_by=pw.users[roles.TRAINER],
            recorded_at=s.ends_at,
        )
        for i, t in enumerate(trainees)
        for k, s in enumerate(sessions)
    )
    return trainees, sessions


def csv_format(pw, **extra):
    fields = {"columns": list(BankFileFormat.COLUMN_CHOICES), "delimiter": ";", "decimal_separator": ","} | extra
    return BankFileFormat.objects.create(program=pw.program, name=f"Banka {next(_seq)}", **fields)


def approved_run(pw, *, period=PERIOD):
    finance = pw.users[roles.FINANCE]
    run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=period, purpose="stipends")
    run = services.payment_run_submit(run=run, actor=finance)
    return services.payment_run_approve(run=run, actor=approver(pw))


def result_csv(payments, *, failed=()) -> bytes:
    rows = ["Referans;Tutar;Durum;Açıklama"]
    for p in payments:
        status = "başarısız" if p.reference in failed else "ödendi"
        reason = "IBAN kapalı" if p.reference in failed else ""
        rows.append(f"{p.reference};{p.amount_kurus // 100},{p.amount_kurus % 100:02d};{status};{reason}")
    return ("\n".join(rows) + "\n").encode()
