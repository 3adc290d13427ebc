"""National-scale money for `seed_scale` (registered in providers): rules, funded budget lines, the stipend runs
of the last complete months computed by the real set-based service from the seeded attendance, and a closed
payment run with its ledger (accrual, export, settlement per paid entitlement: every transaction sums to zero),
bulk-inserted up to the `ledger_entries` size. The latest month is left approved-to-pay (accrued only).
"""

import hashlib
from datetime import date, timedelta

from django.db.models import Max
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


def _months(today: date, n: int) -> list[date]:
    out, day = [], calc.month_start(today)
    for _ in range(n):
        day = calc.month_start(day - timedelta(days=1))
        out.append(day)
    return out[::-1]


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
        # the two latest months with attendance (the seeded cohorts' own calendar), oldest first
        last = Attendance.objects.filter(program=program).aggregate(t=Max("session__starts_at"))["t"]
        months = _months(calc.next_month(timezone.localdate(last)) if last else ctx.today, 2)
        for month in months:
            stipend_run(program_id=program.pk, period=month)
    budget_kurus = 10**13
    ledger.post(
        kind=Transaction.Kind.FUNDING,
        key=f"funding:{stipend_line.pk}:scale",
        legs=[ledger.Leg(bank, budget_kurus), ledger.Leg(fund, -budget_kurus)],
    )
    limit = max(1, int(ctx.size("ledger_entries", 10_000)) // 6)
    paid = list(
        Entitlement.objects.filter(program=program, period=months[0], amount_kurus__gt=0, reason="")
        .select_related("trainee__user")
        .order_by("pk")[:limit]
    )
    if not paid:
        return
    with ctx.timer(f"stipends: ledger for {len(paid):,} paid stipends"):
        payables = {}
        missing = []
        for e in paid:
            code = ledger.account_code(Account.Kind.STIPENDS_PAYABLE, trainee_id=e.trainee_id)
            missing.append(
                Account(program=program, kind=Account.Kind.STIPENDS_PAYABLE, code=code, trainee_id=e.trainee_id)
            )
        ctx.bulk(Account, missing)
        for a in missing:
            payables[a.trainee_id] = a
        run = PaymentRun.objects.create(
            program=program, period=months[0], purpose="stipends", status="closed", prepared_by=finance,
            approved_by=User.objects.get(pk=staff_ids[-1]) if staff_ids[-1] != finance.pk else None,
            line_count=len(paid), total_kurus=sum(e.amount_kurus for e in paid),
            submitted_at=ctx.now, approved_at=ctx.now, exported_at=ctx.now, closed_at=ctx.now,
        )  # fmt: skip
        txn_ids = iter(ctx.reserve_ids(Transaction, 3 * len(paid)))
        txns, entries, payments = [], [], []
        for e in paid:
            payable = payables[e.trainee_id]
            ids = {}
            for kind, key, legs in (
                ("accrual", f"accrual:entitlement:{e.pk}", [(fund, e.amount_kurus), (payable, -e.amount_kurus)]),
                ("export", f"export:entitlement:{e.pk}:1", [(payable, e.amount_kurus), (in_transit, -e.amount_kurus)]),
                (
                    "settlement",
                    f"settlement:entitlement:{e.pk}:1",
                    [(in_transit, e.amount_kurus), (bank, -e.amount_kurus)],
                ),
            ):
                tid = next(txn_ids)
                ids[kind] = tid
                digest = hashlib.sha256(f"{kind}{legs[0][0].pk}{legs[0][1]}{legs[1][0].pk}".encode()).hexdigest()
                txns.append((tid, kind, key, digest, "", ctx.now))
                entries += [(tid, account.pk, amount) for account, amount in legs]
            payments.append(
                Payment(
                    program=program, run=run, entitlement=e, reference=f"S{e.pk}A1", amount_kurus=e.amount_kurus,
                    payee_name=e.trainee.user.full_name or e.trainee.user.email, iban="", status="paid",
                    accrual_id=ids["accrual"], export_id=ids["export"], settled_at=ctx.now,
                )
            )  # fmt: skip
        ctx.rows(Transaction, ["id", "kind", "idempotency_key", "content_hash", "memo", "posted_at"], txns)
        ctx.rows(Entry, ["transaction_id", "account_id", "amount_kurus"], entries)
        ctx.bulk(Payment, payments)
    ctx.log(f"stipends: {len(entries):,} ledger entries, {len(payments):,} paid stipends, run #{run.pk}")
