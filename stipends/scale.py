"""National-scale money for `seed_scale` (registered in providers): rules, funded budget lines, the stipend runs
of every month of the seeded training calendar (computed by the real set-based service from the seeded
attendance), and a closed payment run per paid month with its ledger (accrual, export, settlement per paid
entitlement: every transaction sums to zero), bulk-inserted up to the `ledger_entries` size. The latest month is
left unpaid (owed, ready for a run)."""

import hashlib
from datetime import date

from django.db.models import Max, Min
from django.utils import timezone

from portal.models import User
from stipends import calc, ledger
from stipends.entitlements import stipend_run
from stipends.models import (
    Account,
    BankFileFormat,
    BudgetLine,
    Entitlement,
    Entry,
    Payment,
    PaymentRun,
    StipendRule,
    SupportRule,
    Transaction,
)
from training.models import Attendance


def seed(ctx) -> None:
    program = ctx.program
    finance_ids = ctx.people.get("finance") or ctx.people.get("staff") or [User.objects.order_by("pk").first().pk]
    staff_ids = ctx.people.get("staff") or finance_ids
    finance = User.objects.get(pk=finance_ids[0])
    stipend_line = BudgetLine.objects.create(program=program, code="AB-2.1", name="Burslar", purpose="stipends")
    support_line = BudgetLine.objects.create(
        program=program, code="AB-2.2", name="Maaş destekleri", purpose="salary_support"
    )
    first = date(ctx.today.year - 2, 1, 1)
    for track, amount in (("ambassador", 1_000_000), ("operator", 750_000)):
        StipendRule.objects.create(
            program=program, track=track, monthly_amount_kurus=amount, attendance_threshold_percent=80,
            effective_from=first, budget_line=stipend_line,
        )  # fmt: skip
    SupportRule.objects.create(
        program=program, share_percent=50, cap_kurus=2_500_000, effective_from=first, budget_line=support_line
    )
    BankFileFormat.objects.create(program=program, name="Genel CSV", columns=list(BankFileFormat.COLUMN_CHOICES))
    bank = ledger.system_account(program.pk, Account.Kind.BANK)
    fund = ledger.fund_account(stipend_line)
    in_transit = ledger.system_account(program.pk, Account.Kind.BANK_IN_TRANSIT)
    ledger.fund_account(support_line)
    with ctx.timer("stipends: stipend runs"):
        # every month of the seeded training calendar (at most two years), oldest first
        bounds = Attendance.objects.filter(program=program).aggregate(
            first=Min("session__starts_at"), last=Max("session__starts_at")
        )
        if bounds["last"] is None:
            return
        month, last_month = (calc.month_start(timezone.localdate(bounds[k])) for k in ("first", "last"))
        months = []
        while month <= last_month:
            months.append(month)
            month = calc.next_month(month)
        months = months[-24:]
        for month in months:
            stipend_run(program_id=program.pk, period=month)
    budget_kurus = 10**13
    ledger.post(
        kind=Transaction.Kind.FUNDING,
        key=f"funding:{stipend_line.pk}:scale",
        legs=[ledger.Leg(bank, budget_kurus), ledger.Leg(fund, -budget_kurus)],
    )
    # every month but the latest is paid (accrual, export, settlement: six entries each), up to `ledger_entries`
    limit = max(1, int(ctx.size("ledger_entries", 10_000)) // 6)
    paid = list(
        Entitlement.objects.filter(program=program, period__in=months[:-1], amount_kurus__gt=0, reason="")
        .select_related("trainee__user")
        .order_by("period", "pk")[:limit]
    )
    if not paid:
        return
    approver = User.objects.get(pk=staff_ids[-1]) if staff_ids[-1] != finance.pk else None
    with ctx.timer(f"stipends: ledger for {len(paid):,} paid stipends"):
        trainee_ids = sorted({e.trainee_id for e in paid})
        payables = ctx.bulk(
            Account,
            [
                Account(
                    program=program,
                    kind=Account.Kind.STIPENDS_PAYABLE,
                    code=ledger.account_code(Account.Kind.STIPENDS_PAYABLE, trainee_id=t),
                    trainee_id=t,
                )
                for t in trainee_ids
            ],
        )
        payable_of = {a.trainee_id: a for a in payables}
        runs = {}
        for period in sorted({e.period for e in paid}):
            lines = [e for e in paid if e.period == period]
            runs[period] = PaymentRun.objects.create(
                program=program, period=period, purpose="stipends", status="closed", prepared_by=finance,
                approved_by=approver, line_count=len(lines), total_kurus=sum(e.amount_kurus for e in lines),
                submitted_at=ctx.now, approved_at=ctx.now, exported_at=ctx.now, closed_at=ctx.now,
            )  # fmt: skip
        txn_ids = iter(ctx.reserve_ids(Transaction, 3 * len(paid)))
        payment_ids = iter(ctx.reserve_ids(Payment, len(paid)))
        txns, entries, payments = [], [], []
        for e in paid:
            payable, pid, ids = payable_of[e.trainee_id], next(payment_ids), {}
            amount = e.amount_kurus
            for kind, key, legs in (
                ("accrual", f"accrual:entitlement:{e.pk}", [(fund, amount), (payable, -amount)]),
                ("export", f"export:payment:{pid}", [(payable, amount), (in_transit, -amount)]),
                ("settlement", f"settlement:payment:{pid}", [(in_transit, amount), (bank, -amount)]),
            ):
                tid = ids[kind] = next(txn_ids)
                digest = hashlib.sha256(f"{kind}{legs[0][0].pk}{legs[0][1]}{legs[1][0].pk}".encode()).hexdigest()
                txns.append((tid, kind, key, digest, "", ctx.now))
                entries += [(tid, account.pk, value) for account, value in legs]
            payments.append(
                Payment(
                    pk=pid, program=program, run=runs[e.period], entitlement=e, reference=f"S{e.pk}A1",
                    amount_kurus=amount, payee_name=e.trainee.user.full_name or e.trainee.user.email, iban="",
                    status="paid", accrual_id=ids["accrual"], export_id=ids["export"], settled_at=ctx.now,
                )
            )  # fmt: skip
        ctx.rows(Transaction, ["id", "kind", "idempotency_key", "content_hash", "memo", "posted_at"], txns)
        ctx.rows(Entry, ["transaction_id", "account_id", "amount_kurus"], entries)
        ctx.bulk(Payment, payments)
    ctx.log(
        f"stipends: {len(months)} months computed, {len(entries):,} ledger entries, {len(payments):,} paid stipends"
    )
