"""Money (stipends ledger)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .framework import SUM, Calculator, Facts, Row, register


def _payment_id(key: str) -> int | None:
    """The payment a settlement posted for ("settlement:payment:<id>", or its reversal's key)."""
    tail = key.rsplit("settlement:payment:", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else None


def _money_paid(facts: Facts) -> list[Row]:
    """Settled in the ledger by the day: settlement postings into the bank (bank in transit debited), less any
    reversal of a settlement posted by then. A payment the bank returned was never settled, so never counts."""
    from stipends.models import Account, Entry, Payment, Transaction

    entries = Entry.objects.filter(
        Q(transaction__kind=Transaction.Kind.SETTLEMENT)
        | Q(transaction__kind=Transaction.Kind.REVERSAL, transaction__reverses__kind=Transaction.Kind.SETTLEMENT),
        program_id=facts.program_id,
        account__kind=Account.Kind.BANK_IN_TRANSIT,
        transaction__posted_at__lt=facts.end,
    ).values_list("pk", "amount_kurus", "transaction__idempotency_key")
    by_payment: dict[int, int] = defaultdict(int)
    for _pk, amount, key in entries:
        payment = _payment_id(key)
        if payment is not None:
            by_payment[payment] += amount
    payees = {
        pk: (kind, trainee, firm)
        for pk, kind, trainee, firm in Payment.objects.filter(program_id=facts.program_id, pk__in=list(by_payment))
        .values_list("pk", "entitlement__kind", "entitlement__trainee_id", "entitlement__firm_id")
    }  # fmt: skip
    support = _("Firm salary support")
    rows = []
    for payment, amount in by_payment.items():
        kind, trainee, firm = payees.get(payment, ("", None, None))
        if trainee is not None and kind != "salary_support":
            attrs = {**facts.trainees.get(trainee, {}), "purpose": _("Stipends")}
            subject = f"trainee:{trainee}"
        else:
            attrs = {**facts.firms.get(firm, {}), "track": str(support), "purpose": support}
            subject = f"firm:{firm}"
        rows.append(Row(subject, f"payment:{payment}", attrs, amount))
    return rows


def _budget(facts: Facts) -> list[Row]:
    """What the budget lines were funded with by the day (funding postings into the fund accounts)."""
    from stipends.models import Account, Entry, Transaction

    rows = Entry.objects.filter(
        program_id=facts.program_id,
        account__kind=Account.Kind.FUND,
        transaction__kind=Transaction.Kind.FUNDING,
        transaction__posted_at__lt=facts.end,
    ).values_list("pk", "amount_kurus", "account__budget_line_id")
    return [Row(f"line:{line}", f"entry:{pk}", {}, -amount) for pk, amount, line in rows]


register(
    Calculator(
        "money_paid",
        gettext_lazy("Cash support paid (kuruş)"),
        SUM,
        ("purpose", "track", "province", "area"),
        _money_paid,
        gettext_lazy("Settlements posted in the ledger by the day, less reversals posted by then."),
    )
)
register(
    Calculator(
        "budget_allocated",
        gettext_lazy("Budget allocated (kuruş)"),
        SUM,
        (),
        _budget,
        gettext_lazy("Funding postings to the budget lines by the day."),
    )
)
