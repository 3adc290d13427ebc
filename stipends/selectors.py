"""Reads of money, scoped to the audience. `*_get_for_user` answers 404 for missing and not-yours alike.

Who sees what: finance, the payment approver, staff and M&E see the programme's money; a trainee only her own
entitlements and payments; a firm user only her firm's claims and their payments. Pages built from these take
a fixed number of queries whatever the number of lines.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, Prefetch, Sum
from django.http import Http404

from portal.models import AuditEvent
from stipends import calc
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
    StipendRun,
    SupportClaim,
    SupportRule,
)
from stipends.permissions import MONEY_READERS, TRAINEE_ROLES


def _office(audience) -> bool:
    return audience.has_role(*MONEY_READERS)


# --- runs -----------------------------------------------------------------------------------------------------


def payment_run_list_for_user(*, audience):
    if not _office(audience):
        return PaymentRun.objects.none()
    return PaymentRun.objects.filter(program_id=audience.program_id).select_related("prepared_by", "approved_by")


def payment_run_get_for_user(*, audience, pk) -> PaymentRun:
    run = payment_run_list_for_user(audience=audience).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def payment_run_lines(*, run):
    return run.payments.select_related("entitlement__trainee__province", "entitlement__firm").order_by("pk")


def payment_run_page(*, run) -> dict:
    """Everything the run page shows beside its lines, in a fixed number of queries."""
    by_status = dict(
        run.payments.values("status").annotate(n=Count("pk"), t=Sum("amount_kurus")).values_list("status", "t")
    )
    return {
        "transitions": list(run.transitions.select_related("by")),
        "bank_files": list(run.bank_files.select_related("created_by", "format")),
        "statements": list(run.statements.select_related("uploaded_by")),
        "by_status": by_status,
        "audit": list(
            AuditEvent.objects.filter(
                program_id=run.program_id, target_type="stipends.paymentrun", target_id=str(run.pk)
            )
            .select_related("actor")
            .order_by("-pk")[:50]
        ),
    }


def payment_run_iban_changes(*, run) -> list:
    """Lines paying a trainee whose IBAN changed since she was last paid (or who was never paid before): the
    approver checks them (a changed account is where payment fraud happens)."""
    from django.db.models import Max

    lines = list(
        run.payments.exclude(status=Payment.Status.CANCELLED)
        .filter(entitlement__trainee__iban_changed_at__isnull=False)
        .select_related("entitlement__trainee")
        .order_by("pk")
    )
    if not lines:
        return []
    last_paid = dict(
        Payment.objects.filter(
            program_id=run.program_id,
            status=Payment.Status.PAID,
            entitlement__trainee_id__in={p.entitlement.trainee_id for p in lines},
        )
        .exclude(run=run)
        .values("entitlement__trainee_id")
        .annotate(last=Max("settled_at"))
        .values_list("entitlement__trainee_id", "last")
    )
    return [
        p
        for p in lines
        if last_paid.get(p.entitlement.trainee_id) is None
        or p.entitlement.trainee.iban_changed_at > last_paid[p.entitlement.trainee_id]
    ]


# --- receivables --------------------------------------------------------------------------------------------------


def _receivable_rows(accounts) -> list[dict]:
    """Each receivable account with its balance and its movements (what raised it, what was collected), from the
    ledger in two queries."""
    from stipends import ledger
    from stipends.models import Entry

    accounts = list(accounts)
    amounts = ledger.balances(accounts)
    entries = defaultdict(list)
    for entry in (
        Entry.objects.filter(account__in=[a.pk for a in accounts]).select_related("transaction").order_by("pk")
    ):
        entries[entry.account_id].append(entry)
    return [{"account": a, "balance": amounts[a.pk], "entries": entries[a.pk]} for a in accounts]


def receivables_for_office(*, audience) -> list[dict]:
    """Every firm and trainee that owes (or owed) the programme money back, largest balance first."""
    from stipends.models import Account

    if not _office(audience):
        return []
    rows = _receivable_rows(
        Account.objects.filter(program_id=audience.program_id, kind__in=Account.RECEIVABLES).select_related(
            "firm", "trainee__user"
        )
    )
    return sorted(rows, key=lambda r: (-r["balance"], r["account"].code))


def receivable_get_for_user(*, audience, pk):
    from stipends.models import Account

    if not _office(audience):
        raise Http404
    found = Account.objects.filter(program_id=audience.program_id, kind__in=Account.RECEIVABLES, pk=pk).first()
    if found is None:
        raise Http404
    return found


def receivables_for_firm(*, audience) -> list[dict]:
    """What the firm user's firm owes back (salary support paid for days after an employment ended)."""
    from stipends.models import Account

    if not audience.firm_ids:
        return []
    return _receivable_rows(
        Account.objects.filter(
            program_id=audience.program_id, kind=Account.Kind.CLAWBACK_RECEIVABLE, firm_id__in=audience.firm_ids
        ).select_related("firm")
    )


def trainee_has_iban(*, audience) -> bool:
    from training.models import Trainee

    return (
        Trainee.objects.filter(program_id=audience.program_id, user_id=audience.user_id).exclude(iban_hash="").exists()
    )


def receivables_for_trainee(*, audience) -> list[dict]:
    from stipends.models import Account

    if not audience.has_role(*TRAINEE_ROLES):
        return []
    return _receivable_rows(
        Account.objects.filter(
            program_id=audience.program_id, kind=Account.Kind.STIPEND_RECEIVABLE, trainee__user_id=audience.user_id
        )
    )


def runs_waiting_for_approval(*, audience):
    return payment_run_list_for_user(audience=audience).filter(status=PaymentRun.Status.SUBMITTED)


def bank_file_get_for_user(*, audience, pk) -> BankFile:
    found = None
    if _office(audience):
        found = BankFile.objects.filter(program_id=audience.program_id, pk=pk).select_related("run").first()
    if found is None:
        raise Http404
    return found


def bank_formats(*, audience):
    return BankFileFormat.objects.filter(program_id=audience.program_id).order_by("name")


def statement_exceptions(*, audience):
    if not _office(audience):
        return StatementLine.objects.none()
    return (
        StatementLine.objects.filter(
            program_id=audience.program_id,
            outcome__in=[
                StatementLine.Outcome.UNMATCHED,
                StatementLine.Outcome.WRONG_AMOUNT,
                StatementLine.Outcome.DUPLICATE,
            ],
        )
        .select_related("upload__run", "upload__uploaded_by")
        .order_by("-upload__uploaded_at", "line_number")
    )


def failed_payments(*, audience):
    if not _office(audience):
        return Payment.objects.none()
    return (
        Payment.objects.filter(program_id=audience.program_id, status=Payment.Status.FAILED)
        .select_related("run", "entitlement")
        .order_by("-pk")
    )


def statement_get(*, run, pk) -> StatementUpload:
    found = run.statements.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


# --- entitlements, rules --------------------------------------------------------------------------------------


def entitlement_list_for_user(*, audience):
    qs = Entitlement.objects.filter(program_id=audience.program_id).select_related(
        "trainee__user", "trainee__province", "firm", "budget_line"
    )
    if _office(audience):
        return qs
    return qs.none()


def stipend_runs(*, audience):
    return StipendRun.objects.filter(program_id=audience.program_id).select_related("started_by")[:12]


def rules(*, audience) -> dict:
    return {
        "stipend_rules": list(
            StipendRule.objects.filter(program_id=audience.program_id)
            .select_related("budget_line")
            .order_by("track", "-effective_from")
        ),
        "support_rules": list(SupportRule.objects.filter(program_id=audience.program_id).select_related("budget_line")),
    }


def budget_lines(*, audience):
    return BudgetLine.objects.filter(program_id=audience.program_id).order_by("code")


# --- the trainee's own money ----------------------------------------------------------------------------------


def my_stipends(*, audience) -> list[dict]:
    """Her months, newest first: each entitlement (or the reason there is none) with its payment attempts."""
    if not audience.has_role(*TRAINEE_ROLES):
        return []
    entitlements = (
        Entitlement.objects.filter(program_id=audience.program_id, trainee__user_id=audience.user_id)
        .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("attempt")))
        .order_by("-period", "sequence")
    )
    months = defaultdict(list)
    for e in entitlements:
        months[e.period].append(e)
    return [{"period": period, "entitlements": items} for period, items in sorted(months.items(), reverse=True)]


# --- totals for staff and M&E ---------------------------------------------------------------------------------


def totals(*, audience) -> dict:
    """Owed and paid by month, by province and by track (stipends), in three queries."""
    owed = Entitlement.objects.filter(program_id=audience.program_id, trainee__isnull=False, amount_kurus__gt=0)
    paid = Payment.objects.filter(
        program_id=audience.program_id, status=Payment.Status.PAID, entitlement__trainee__isnull=False
    )

    def table(key_owed, key_paid):
        rows = defaultdict(lambda: {"owed": 0, "paid": 0, "people": 0})
        for key, total, people in (
            owed.values(key_owed)
            .annotate(t=Sum("amount_kurus"), n=Count("trainee", distinct=True))
            .values_list(key_owed, "t", "n")
        ):
            rows[key]["owed"] += int(total or 0)
            rows[key]["people"] = people
        for key, total in paid.values(key_paid).annotate(t=Sum("amount_kurus")).values_list(key_paid, "t"):
            rows[key]["paid"] += int(total or 0)
        return rows

    by_month = table("period", "entitlement__period")
    by_province = table("trainee__province__name", "entitlement__trainee__province__name")
    by_track = table("trainee__track", "entitlement__trainee__track")
    support = SupportClaim.objects.filter(program_id=audience.program_id, status=SupportClaim.Status.VERIFIED)
    support_total = int(support.aggregate(t=Sum("supported_kurus"))["t"] or 0)
    return {
        "by_month": sorted(by_month.items(), reverse=True),
        "by_province": sorted(by_province.items(), key=lambda kv: str(kv[0])),
        "by_track": sorted(by_track.items(), key=lambda kv: str(kv[0])),
        "support_total": support_total,
    }


# --- salary-support claims ------------------------------------------------------------------------------------


def claim_list_for_user(*, audience):
    qs = SupportClaim.objects.filter(program_id=audience.program_id).select_related(
        "firm", "trainee__user", "employment", "decided_by"
    )
    if _office(audience):
        return qs
    if audience.firm_ids:
        return qs.filter(firm_id__in=audience.firm_ids)
    return qs.none()


def claim_get_for_user(*, audience, pk) -> SupportClaim:
    claim = claim_list_for_user(audience=audience).filter(pk=pk).first()
    if claim is None:
        raise Http404
    return claim


def claim_payments(*, claim):
    return Payment.objects.filter(entitlement__claim=claim).select_related("run").order_by("attempt")


def firm_bank_account(*, audience, firm_id):
    return FirmBankAccount.objects.filter(program_id=audience.program_id, firm_id=firm_id).first()


def month_choices(*, around, back: int = 12) -> list:
    months, day = [], calc.month_start(around)
    for _ in range(back):
        months.append(day)
        day = calc.month_start(day - timedelta(days=1))
    return months


def claims_waiting(*, audience):
    return claim_list_for_user(audience=audience).filter(status=SupportClaim.Status.SUBMITTED)


def employments_for_claims(*, audience, firm_id):
    """The firm's ambassadors' employments (only ambassadors' employments get salary support)."""
    from matching.selectors import employments_for_firm

    return employments_for_firm(audience=audience, firm_id=firm_id).filter(trainee__track="ambassador")


def employment_get_for_claims(*, audience, pk):
    for firm_id in audience.firm_ids:
        found = employments_for_claims(audience=audience, firm_id=firm_id).filter(pk=pk).first()
        if found is not None:
            return found
    raise Http404
