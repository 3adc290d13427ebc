"""What stipends holds about a person (entitlements, payments, salary-support claims on her employment) and how it
is erased: amounts and the ledger are never touched (an append-only record, held for the audit), the payee's
identity on payments is pseudonymised, files naming her are destroyed with their checksums kept on the rows."""

from django.utils.translation import gettext as _

from portal.files import file_destroy
from portal.personal_data import Document, Item, Outcome, PersonalDataProvider, Section
from stipends.models import BankFile, Entitlement, Payment, StatementUpload, SupportClaim


def _money(kurus: int) -> str:
    return f"{kurus / 100:,.2f} ₺".replace(",", "X").replace(".", ",").replace("X", ".")


def sections(*, user, program_id):
    entitlements = Entitlement.objects.filter(program_id=program_id, trainee__user=user).order_by("period")
    payments = Payment.objects.filter(program_id=program_id, entitlement__trainee__user=user).order_by("pk")
    items = [
        Item(
            f"{e.get_kind_display()} {e.period:%m.%Y}",
            _money(e.amount_kurus) + (f" · {e.get_reason_display()}" if e.reason else ""),
        )
        for e in entitlements
    ] + [
        Item(
            _("Payment %(ref)s") % {"ref": p.reference},
            f"{_money(p.amount_kurus)} · {p.get_status_display()} · {p.iban_masked}",
        )
        for p in payments
    ]
    records = [
        {"entitlement": e.kind, "period": e.period.isoformat(), "amount_kurus": e.amount_kurus, "reason": e.reason}
        for e in entitlements
    ] + [
        {
            "payment": p.reference,
            "amount_kurus": p.amount_kurus,
            "status": p.status,
            "payee_name": p.payee_name,
            "iban": p.iban,
            "settled_at": p.settled_at.isoformat() if p.settled_at else None,
        }
        for p in payments
    ]
    claims = SupportClaim.objects.filter(program_id=program_id, trainee__user=user).select_related("firm")
    return [
        Section("money", _("Stipends and payments"), items, records),
        Section(
            "employment",
            _("Salary support claimed by your employer"),
            [Item(f"{c.firm.name} {c.period:%m.%Y}", c.get_status_display()) for c in claims],
            [
                {"firm": c.firm.name, "period": c.period.isoformat(), "gross_salary_kurus": c.gross_salary_kurus}
                for c in claims
            ],
        ),
    ]


def documents(*, user, program_id):
    docs = []
    for claim in SupportClaim.objects.filter(program_id=program_id, trainee__user=user):
        docs += [
            Document("employment", _("Payroll %(month)s") % {"month": f"{claim.period:%m.%Y}"}, claim.payroll_document),
            Document("employment", _("SGK proof %(month)s") % {"month": f"{claim.period:%m.%Y}"}, claim.sgk_proof),
        ]
    return docs


def holds(*, user, program_id, policy, today):
    reasons = []
    if not policy.audit_hold_active(today):
        return reasons
    if policy.hold_payments and Payment.objects.filter(program_id=program_id, entitlement__trainee__user=user).exists():
        reasons.append(_("Payments were made to her: financial records are kept until the audit period ends."))
    if policy.hold_ledger and Entitlement.objects.filter(program_id=program_id, trainee__user=user).exists():
        reasons.append(_("Her stipend entitlements are in the ledger, which is kept for the audit."))
    if SupportClaim.objects.filter(program_id=program_id, trainee__user=user).exists():
        reasons.append(_("Salary support was claimed for her employment: the claims are kept for the audit."))
    return reasons


def _runs_of(user, program_id):
    return Payment.objects.filter(program_id=program_id, entitlement__trainee__user=user).values("run_id")


def erase(*, user, program_id, pseudonym: str, held: bool):
    payments = Payment.objects.filter(program_id=program_id, entitlement__trainee__user=user)
    # amounts, statuses and references stay: only who was paid and where is replaced
    n_payments = payments.update(payee_name=pseudonym, payee_id_number="", iban="")
    bank_files = BankFile.objects.filter(program_id=program_id, run_id__in=_runs_of(user, program_id))
    n_bank = sum(file_destroy(b.file) for b in bank_files)
    bank_files.update(file="")  # checksum, line count and total stay on the row (BankFile.save refuses edits)
    statements = StatementUpload.objects.filter(program_id=program_id, run_id__in=_runs_of(user, program_id))
    n_statements = sum(file_destroy(s.file) for s in statements)
    statements.update(file="")
    claims = SupportClaim.objects.filter(program_id=program_id, trainee__user=user)
    n_docs = 0
    for claim in claims:
        n_docs += file_destroy(claim.payroll_document) + file_destroy(claim.sgk_proof)
    claims.update(payroll_document="", sgk_proof="")
    return [
        Outcome("money", "stipends.payment: payee name, TCKN, IBAN (amounts untouched)", "pseudonymised", n_payments),
        Outcome("money", "stipends.bankfile: files naming her (checksum and totals kept)", "destroyed", n_bank),
        Outcome("money", "stipends.statementupload: bank statements of those runs", "destroyed", n_statements),
        Outcome("documents", "stipends.supportclaim: payroll and SGK proofs", "destroyed", n_docs),
        Outcome(
            "money", "stipends ledger and entitlements (amounts, no identity)", "kept", 0, "legal hold" if held else ""
        ),
    ]


provider = PersonalDataProvider(sections=sections, documents=documents, holds=holds, erase=erase)


def retain_bank_files(*, program_id, policy, now, dry_run):
    """Bank files and statements of runs closed longer ago than the reconciliation window: the files go, each
    row keeps its checksum, line count and total (what an auditor compares against the bank)."""
    from datetime import timedelta

    from stipends.models import PaymentRun

    cutoff = now - timedelta(days=policy.bank_file_days)
    runs = PaymentRun.objects.filter(program_id=program_id, status=PaymentRun.Status.CLOSED, closed_at__lt=cutoff)
    bank_files = BankFile.objects.filter(program_id=program_id, run__in=runs).exclude(file="")
    statements = StatementUpload.objects.filter(program_id=program_id, run__in=runs).exclude(file="")
    n_bank, n_statements = bank_files.count(), statements.count()
    if not dry_run:
        for bank_file in bank_files:
            file_destroy(bank_file.file)
        for statement in statements:
            file_destroy(statement.file)
        bank_files.update(file="")
        statements.update(file="")
    return [
        Outcome("money", "stipends.bankfile (checksum and totals kept)", "destroyed", n_bank),
        Outcome("money", "stipends.statementupload (checksum kept)", "destroyed", n_statements),
    ]


def _bank_file_period(policy) -> str:
    return _("%(n)s days after the payment run is closed") % {"n": policy.bank_file_days}


def _rule():
    from django.utils.translation import gettext_lazy

    from portal.personal_data import RetentionRule

    return RetentionRule("money", gettext_lazy("Bank files and statements"), _bank_file_period, retain_bank_files, 40)


BANK_FILE_RULE = _rule()
