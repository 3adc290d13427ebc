"""Demo money, added by `seed_demo` through the demo extension in providers.py (after training and matching).

Two budget lines with funds, stipend rules per track, a salary-support rule, two bank file layouts, a payment
approver (approver@demo…, TOTP like finance), and two months of stipend history computed from the demo
attendance: the first month's run has one payment the bank returned, which the second month's run pays again.
Where matching's demo has ambassadors employed at the demo firm, that firm's salary-support claims: verified and
paid, one verified and waiting in a submitted run for approver@'s approval, one rejected. The last month's run
returns the demo operator's payment (her inbox and home say "payment failed — update your IBAN").
Everything goes through the services, so the ledger, history and audit are real.
Idempotent: once the demo budget line exists, a second run changes nothing.
"""

from datetime import date, timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import roles
from portal.demo import DEMO_DOMAIN, DEMO_PASSWORD
from portal.models import Membership, Role, User
from stipends import calc, claims, services
from stipends.models import BankFileFormat, BudgetLine, Payment, StipendRule, SupportRule

APPROVER_EMAIL = f"approver@{DEMO_DOMAIN}"
APPROVER_TOTP = "OBQXS3LFNZ2GC4DQOJXXMZLSOBQXS3LF"
STIPEND_LINE = "AB-2.1-BURS"
SUPPORT_LINE = "AB-2.2-MAAS"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _approver(program) -> User:
    user = User.objects.filter(email=APPROVER_EMAIL).first()
    if user is None:
        user = User.objects.create_user(email=APPROVER_EMAIL, password=DEMO_PASSWORD, full_name="Canan Yıldız")
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, APPROVER_TOTP)
    Membership.objects.get_or_create(program=program, user=user, role=Role.objects.get(code=roles.FINANCE_APPROVER))
    return user


def _months_back(today: date, n: int) -> date:
    day = calc.month_start(today)
    for _ in range(n):
        day = calc.month_start(day - timedelta(days=1))
    return day


def _statement(payments, *, failed: str | None) -> SimpleUploadedFile:
    rows = ["Referans;Tutar;Durum;Açıklama"]
    for p in payments:
        bad = p.reference == failed
        rows.append(
            f"{p.reference};{calc.kurus_to_text(p.amount_kurus)};{'başarısız' if bad else 'ödendi'};"
            f"{'Alıcı hesabı kapalı' if bad else ''}"
        )
    return SimpleUploadedFile("banka-sonuc.csv", ("\n".join(rows) + "\n").encode(), content_type="text/csv")


def _pay(program, finance, approver, fmt, *, period, purpose, fail_first=False, fail_email=""):
    try:
        run = services.payment_run_prepare(program_id=program.pk, actor=finance, period=period, purpose=purpose)
    except ValidationError:
        return None
    run = services.payment_run_submit(run=run, actor=finance)
    run = services.payment_run_approve(run=run, actor=approver)
    services.payment_run_export(run=run, actor=finance, fmt=fmt, value_date=calc.month_end(period))
    payments = list(
        run.payments.filter(status=Payment.Status.EXPORTED).select_related("entitlement__trainee__user").order_by("pk")
    )
    failed = payments[0].reference if fail_first and len(payments) > 1 else None
    if fail_email:
        # a demo login's payment comes back: her inbox, SMS and home say "payment failed — update your IBAN"
        failed = next((p.reference for p in payments if p.entitlement.trainee.user.email == fail_email), failed)
    services.statement_upload(run=run, actor=finance, upload=_statement(payments, failed=failed))
    return run


def seed(program, users) -> None:
    if BudgetLine.objects.filter(program=program, code=STIPEND_LINE).exists():
        return
    finance, staff = users[roles.FINANCE], users[roles.STAFF]
    approver = _approver(program)
    stipend_line = services.budget_line_create(
        program_id=program.pk, actor=finance, code=STIPEND_LINE, name="Kursiyer burs ödemeleri", purpose="stipends"
    )
    support_line = services.budget_line_create(
        program_id=program.pk, actor=finance, code=SUPPORT_LINE, name="Elçi maaş destekleri", purpose="salary_support"
    )
    services.budget_line_fund(
        budget_line=stipend_line, actor=finance, amount_kurus=300_000_000, reference="AB-hibe-1. dilim"
    )
    services.budget_line_fund(
        budget_line=support_line, actor=finance, amount_kurus=500_000_000, reference="AB-hibe-1. dilim"
    )
    first = date(2025, 1, 1)
    for track, amount in (("ambassador", 1_000_000), ("operator", 750_000)):
        StipendRule.objects.create(
            program=program,
            track=track,
            monthly_amount_kurus=amount,
            attendance_threshold_percent=80,
            prorate_partial_months=True,
            effective_from=first,
            budget_line=stipend_line,
            created_by=staff,
        )
    SupportRule.objects.create(
        program=program, share_percent=50, cap_kurus=2_500_000, effective_from=first, budget_line=support_line
    )
    generic = BankFileFormat.objects.create(
        program=program,
        name="Genel CSV (UTF-8)",
        columns=list(BankFileFormat.COLUMN_CHOICES),
        delimiter=";",
        decimal_separator=",",
    )
    BankFileFormat.objects.create(
        program=program,
        name="Örnek banka şablonu (Excel, Windows-1254)",
        bank_name="Örnek Bankası",
        file_type="xlsx",
        columns=["iban", "payee_name", "amount", "description", "reference"],
        encoding="cp1254",
        decimal_separator=",",
    )
    from django.utils import timezone

    today = timezone.localdate()
    older, last = _months_back(today, 2), _months_back(today, 1)
    _operator_gives_iban(program)
    for period in (older, last):
        services.stipend_run_start(program_id=program.pk, actor=finance, period=period)
    _pay(program, finance, approver, generic, period=older, purpose="stipends", fail_first=True)
    _pay(program, finance, approver, generic, period=last, purpose="stipends", fail_email=f"operator@{DEMO_DOMAIN}")
    _claims(program, users, finance, approver, generic, last)
    _late_employment(program, users, finance, last)
    _waiting_for_approval(program, finance, last)


def _operator_gives_iban(program) -> None:
    """The demo operator gave an IBAN (from her phone) before the months were paid; the last month's payment to it
    comes back from the bank (the account was closed), so the demo shows what she sees when a payment fails."""
    from training.models import Trainee
    from training.services import trainee_iban_set_own

    her = Trainee.objects.filter(program=program, user__email=f"operator@{DEMO_DOMAIN}", iban_hash="").first()
    if her is not None:
        trainee_iban_set_own(trainee=her, actor=her.user, iban="TR330006100519786457841326", attested=True)


def _waiting_for_approval(program, finance, last) -> None:
    """A run finance has prepared and submitted: approver@ sees "approve run #N" on her home and in her inbox;
    finance@ (who prepared it) is never asked. Salary support if a verified claim is still unpaid, else stipends
    (the operator's returned payment is then in it, so her home no longer asks for her IBAN; her inbox still tells)."""
    for purpose in ("salary_support", "stipends"):
        try:
            run = services.payment_run_prepare(program_id=program.pk, actor=finance, period=last, purpose=purpose)
        except ValidationError:
            continue
        services.payment_run_submit(run=run, actor=finance)
        return


def _late_employment(program, users, finance, last) -> None:
    """The guard at work: an ambassador whose stipend for last month was paid turns out to have been employed with
    salary support from its 16th (the firm reported it late). Running the month again turns the days paid twice
    into a receivable on her account, shown on her page and finance's, and netted from her next payment."""
    from firms.models import Firm
    from matching import services as matching_services
    from matching.models import Employment
    from portal.tenancy import audience_for
    from stipends.entitlements import stipend_run
    from stipends.models import Entitlement
    from training.models import Trainee

    employed = Employment.objects.filter(program=program).values("trainee_id")
    paid = (
        Entitlement.objects.filter(program=program, period=last, kind="stipend", amount_kurus__gt=0)
        .filter(payments__status=Payment.Status.PAID, trainee__track=Trainee.Track.AMBASSADOR)
        .exclude(trainee_id__in=employed)
        .exclude(trainee__user__email__startswith="ambassador@")  # the demo login keeps her own story
        .select_related("trainee")
        .order_by("pk")
        .first()
    )
    if paid is None:
        return
    staff = users[roles.STAFF]
    matching_services.employment_record(
        audience=audience_for(staff, program_id=program.pk),
        actor=staff,
        trainee=paid.trainee,
        firm=Firm.objects.filter(program=program).order_by("pk").first(),
        start_date=last + timedelta(days=15),
        gross_salary_kurus=3_400_000,
        reason="Firma işe girişi geç bildirdi (SGK bildirgesi ay sonunda geldi).",
    )
    stipend_run(program_id=program.pk, period=last, actor=finance, trainee_ids=[paid.trainee_id])


def _claims(program, users, finance, approver, fmt, last) -> None:
    from portal.tenancy import audience_for
    from stipends.selectors import employments_for_claims

    firm_user = users[roles.FIRM]
    audience = audience_for(firm_user, program_id=program.pk)
    employments = [
        e for firm_id in audience.firm_ids for e in employments_for_claims(audience=audience, firm_id=firm_id)
    ]
    submitted = []
    for employment in employments:
        month = calc.month_start(employment.start_date)
        while month <= last and len(submitted) < 3:
            try:
                claim = claims.claim_submit(
                    employment=employment,
                    actor=firm_user,
                    period=month,
                    payroll_document=SimpleUploadedFile("bordro.pdf", PDF, content_type="application/pdf"),
                    sgk_proof=SimpleUploadedFile("sgk.pdf", PDF, content_type="application/pdf"),
                    iban="TR320010009999901234567890",
                )
            except ValidationError:
                break
            submitted.append(claim)
            month = calc.next_month(month)
    for claim in submitted[:-1]:
        claims.claim_verify(claim=claim, actor=finance)
    if submitted:
        claims.claim_reject(
            claim=submitted[-1], actor=finance, reason="Bordro ile SGK bildirgesindeki brüt ücret tutmuyor."
        )
    verified = submitted[:-1]
    if len(verified) > 1:
        # the last verified month is left for the run that waits for approval (_waiting_for_approval)
        _pay(program, finance, approver, fmt, period=verified[-2].period, purpose="salary_support")
