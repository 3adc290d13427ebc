"""Money objects of each test-world program.

- `run`: a payment run (exported) with the world's ambassador's stipend and a secret trainee's, a bank file
  (`bank_file`) and a bank result (`statement`). Finance and the programme office see these names; the
  ambassador sees only her own stipend on "My stipends".
- `support_employment`: an ambassador ("Destek Elçisi X", a secret) employed at firms[0], with a submitted salary
  support `claim`. The firm user of firms[0] sees her name; nobody outside the office and that firm does.
"""

from datetime import date, timedelta

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.base import ContentFile
from django.utils import timezone

from matching.models import Employment
from portal import roles
from portal.models import Membership, Role, User
from stipends.models import (
    BankFile,
    BankFileFormat,
    BudgetLine,
    Entitlement,
    FirmBankAccount,
    Payment,
    PaymentRun,
    StatementLine,
    StatementUpload,
    StipendRule,
    SupportClaim,
    SupportRule,
)
from tests.factories import province
from training.models import Trainee

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
IBAN = "TR330006100519786457841326"


def extend(world, tag: str) -> None:
    program, finance = world.program, world.users[roles.FINANCE]
    T = tag.upper()
    period = date(2026, 8, 1)
    stipend_line, support_line = BudgetLine.objects.bulk_create(
        [
            BudgetLine(program=program, code=f"EU-STP-{T}", name="Burslar", purpose="stipends"),
            BudgetLine(program=program, code=f"EU-SAL-{T}", name="Maaş desteği", purpose="salary_support"),
        ]
    )
    StipendRule.objects.bulk_create(
        StipendRule(
            program=program,
            track=track,
            monthly_amount_kurus=500_000,
            attendance_threshold_percent=80,
            effective_from=date(2026, 1, 1),
            budget_line=stipend_line,
        )
        for track in Trainee.Track.values
    )
    support_rule = SupportRule.objects.create(
        program=program,
        share_percent=50,
        cap_kurus=2_000_000,
        effective_from=date(2026, 1, 1),
        budget_line=support_line,
    )
    approver = User.objects.create(email=f"approver-{tag}@example.test", full_name=f"Onaylayıcı Kişi {T}", password="!")
    Membership.objects.create(program=program, user=approver, role=Role.objects.get(code=roles.FINANCE_APPROVER))
    world.approver = approver
    world.totp[approver.email] = secret = generate_totp_secret()  # the approver role requires a second factor
    TOTP.activate(approver, secret)
    ambassador, mate = world.trainees[roles.AMBASSADOR], world.other_trainees[0]
    entitlements = Entitlement.objects.bulk_create(
        Entitlement(
            program=program,
            kind="stipend",
            trainee=t,
            period=period,
            amount_kurus=500_000,
            budget_line=stipend_line,
            snapshot={"rate": "90.00"},
        )
        for t in (ambassador, mate)
    )
    now = timezone.now()
    world.run = run = PaymentRun.objects.create(
        program=program,
        period=period,
        purpose="stipends",
        status="exported",
        prepared_by=finance,
        approved_by=approver,
        digest="0" * 64,
        line_count=2,
        total_kurus=1_000_000,
        submitted_at=now,
        approved_at=now,
        exported_at=now,
    )
    world.payments = Payment.objects.bulk_create(
        Payment(
            program=program,
            run=run,
            entitlement=e,
            reference=f"S{e.pk}A1",
            amount_kurus=500_000,
            payee_name=e.trainee.user.full_name,
            iban=IBAN,
            status="exported",
        )
        for e in entitlements
    )
    fmt = BankFileFormat.objects.create(program=program, name="Genel CSV", columns=list(BankFileFormat.COLUMN_CHOICES))
    world.bank_file = BankFile(
        program=program,
        run=run,
        format=fmt,
        version=1,
        filename=f"odeme-{tag}.csv",
        checksum="1" * 64,
        line_count=2,
        total_kurus=1_000_000,
        created_by=finance,
    )
    world.bank_file.file.save(f"odeme-{tag}.csv", ContentFile(b"Referans;Tutar\n"), save=False)
    world.bank_file.save()
    world.statement = StatementUpload(
        program=program, run=run, filename=f"sonuc-{tag}.csv", file_kind="csv", checksum="2" * 64, uploaded_by=finance
    )
    world.statement.file.save(f"sonuc-{tag}.csv", ContentFile(b"Referans;Tutar\nX;1\n"), save=False)
    world.statement.save()
    StatementLine.objects.create(
        program=program,
        upload=world.statement,
        line_number=2,
        reference=f"BILINMEYEN-{T}",
        amount_kurus=100,
        bank_status="paid",
        outcome="unmatched",
    )

    # salary support: an ambassador employed at firms[0], with a submitted claim
    user = User.objects.create(email=f"destek-{tag}@example.test", full_name=f"Destek Elçisi {T}", password="!")
    Membership.objects.create(program=program, user=user, role=Role.objects.get(code=roles.AMBASSADOR))
    supported = Trainee.objects.create(program=program, user=user, track="ambassador", province=province(34))
    start = timezone.localdate().replace(day=1) - timedelta(days=40)
    world.support_employment = employment = Employment.objects.create(
        program=program,
        trainee=supported,
        firm=world.firms[0],
        start_date=start,
        planned_end_date=start + timedelta(days=364),
        gross_salary_kurus=4_000_000,
    )
    FirmBankAccount.objects.create(program=program, firm=world.firms[0], iban=IBAN, iban_hash=f"world-{tag}")
    claim = SupportClaim(
        program=program,
        employment=employment,
        firm=world.firms[0],
        trainee=supported,
        period=start.replace(day=1),
        month_index=1,
        gross_salary_kurus=4_000_000,
        days_employed=20,
        days_in_month=30,
        supported_kurus=1_333_333,
        rule=support_rule,
        submitted_by=world.users[roles.FIRM],
    )
    claim.payroll_document.save(f"bordro-{tag}.pdf", ContentFile(PDF), save=False)
    claim.sgk_proof.save(f"sgk-{tag}.pdf", ContentFile(PDF), save=False)
    claim.save()
    world.claim = claim

    names = {user.full_name, approver.full_name, f"BILINMEYEN-{T}"}
    world.extra_secrets |= names
    world.visible_to.setdefault(roles.FIRM, set()).add(user.full_name)
