"""The double-entry ledger: post, reverse, balances. Nothing else writes Transaction or Entry rows.

- A transaction's entries sum to zero and there are at least two of them; amounts are integer kuruş,
  debit positive, credit negative.
- Every posting carries a deterministic idempotency key: the same key with the same content returns the
  transaction already posted; the same key with different content is an error.
- Accounts that must never go negative (fund, payables) are locked (SELECT … FOR UPDATE, in primary-key order,
  so two postings never deadlock) and their balances checked from the entries before the posting is written.
- Corrections are reversing transactions: at most one per original, and a reversal is never reversed.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from stipends.models import Account, BudgetLine, Entry, Transaction


class LedgerError(ValidationError):
    pass


class InsufficientFunds(LedgerError):
    def __init__(self, message, *, account, balance, needed):
        super().__init__(message, code="insufficient")
        self.account, self.balance, self.needed = account, balance, needed


@dataclass(frozen=True)
class Leg:
    account: Account
    amount_kurus: int


def content_hash(kind: str, legs, reverses_id=None) -> str:
    payload = {
        "kind": kind,
        "legs": sorted([leg.account.pk, int(leg.amount_kurus)] for leg in legs),
        "reverses": reverses_id,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# --- accounts -------------------------------------------------------------------------------------------------


def account_code(kind: str, *, budget_line=None, trainee_id=None, firm_id=None) -> str:
    if kind == Account.Kind.FUND:
        return f"fund:{budget_line.code}"
    if trainee_id:
        return f"{kind}:trainee:{trainee_id}"
    if firm_id:
        return f"{kind}:firm:{firm_id}"
    return kind


def account_get(*, program_id: int, kind: str, budget_line: BudgetLine | None = None, trainee_id=None, firm_id=None):
    """The account, created on first use (a concurrent creator wins, and we read hers)."""
    code = account_code(kind, budget_line=budget_line, trainee_id=trainee_id, firm_id=firm_id)
    found = Account.objects.filter(program_id=program_id, code=code).first()
    if found:
        return found
    try:
        with transaction.atomic():
            return Account.objects.create(
                program_id=program_id,
                kind=kind,
                code=code,
                budget_line=budget_line,
                trainee_id=trainee_id,
                firm_id=firm_id,
            )
    except IntegrityError:
        return Account.objects.get(program_id=program_id, code=code)


def payable_account(*, program_id: int, trainee_id=None, firm_id=None) -> Account:
    kind = Account.Kind.STIPENDS_PAYABLE if trainee_id else Account.Kind.SUPPORT_PAYABLE
    return account_get(program_id=program_id, kind=kind, trainee_id=trainee_id, firm_id=firm_id)


def fund_account(budget_line: BudgetLine) -> Account:
    return account_get(program_id=budget_line.program_id, kind=Account.Kind.FUND, budget_line=budget_line)


def system_account(program_id: int, kind: str) -> Account:
    return account_get(program_id=program_id, kind=kind)


# --- balances -------------------------------------------------------------------------------------------------


def balances(accounts) -> dict[int, int]:
    """Balance of each account on its normal side, from the entries (one query)."""
    accounts = list(accounts)
    sums = dict(
        Entry.objects.filter(account__in=[a.pk for a in accounts])
        .values("account")
        .annotate(total=Sum("amount_kurus"))
        .values_list("account", "total")
    )
    return {a.pk: a.normal_side * int(sums.get(a.pk) or 0) for a in accounts}


def balance(account: Account) -> int:
    return balances([account])[account.pk]


def trial_balance(program_id: int) -> int:
    """Sum of every entry of the programme: always zero."""
    return int(Entry.objects.filter(program_id=program_id).aggregate(t=Sum("amount_kurus"))["t"] or 0)


# --- posting --------------------------------------------------------------------------------------------------


def _validate(legs) -> None:
    if len(legs) < 2:
        raise LedgerError(_("A ledger transaction needs at least two entries."), code="too_few")
    if any(int(leg.amount_kurus) == 0 for leg in legs):
        raise LedgerError(_("A ledger entry cannot be zero."), code="zero")
    if any(not isinstance(leg.amount_kurus, int) for leg in legs):
        raise LedgerError(_("Amounts are whole kuruş."), code="not_integer")
    if sum(leg.amount_kurus for leg in legs) != 0:
        raise LedgerError(_("A ledger transaction must sum to zero."), code="unbalanced")
    if len({leg.account.program_id for leg in legs}) != 1:
        raise LedgerError(_("A ledger transaction stays inside one programme."), code="programs")


def lock_accounts(account_ids) -> dict[int, Account]:
    """Lock the rows in primary-key order (the fixed order that keeps concurrent postings from deadlocking)."""
    return {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=sorted(set(account_ids))).order_by("pk")}


def post(*, kind: str, key: str, legs: list[Leg], actor=None, memo: str = "", reverses=None) -> Transaction:
    """Post one balanced transaction under `key`, exactly once. Returns the (new or earlier) transaction."""
    legs = [Leg(leg.account, int(leg.amount_kurus)) for leg in legs]
    _validate(legs)
    program_id = legs[0].account.program_id
    digest = content_hash(kind, legs, reverses.pk if reverses else None)
    with transaction.atomic():
        locked = lock_accounts(leg.account.pk for leg in legs)
        existing = Transaction.objects.filter(program_id=program_id, idempotency_key=key).first()
        if existing is not None:
            if existing.content_hash != digest:
                raise LedgerError(
                    _("The ledger already holds a different posting under the key %(key)s.") % {"key": key},
                    code="key_conflict",
                )
            return existing
        deltas: dict[int, int] = {}
        for leg in legs:
            deltas[leg.account.pk] = deltas.get(leg.account.pk, 0) + leg.amount_kurus
        guarded = [locked[pk] for pk in deltas if locked[pk].never_negative]
        if guarded:
            current = balances(guarded)
            for account in guarded:
                after = current[account.pk] + account.normal_side * deltas[account.pk]
                if after < 0:
                    raise InsufficientFunds(
                        _("%(account)s would go negative: it holds %(balance)s kuruş and %(needed)s are needed.")
                        % {"account": account.code, "balance": current[account.pk], "needed": -deltas[account.pk]},
                        account=account,
                        balance=current[account.pk],
                        needed=abs(deltas[account.pk]),
                    )
        try:
            with transaction.atomic():
                txn = Transaction.objects.create(
                    program_id=program_id,
                    kind=kind,
                    idempotency_key=key,
                    content_hash=digest,
                    memo=memo[:300],
                    reverses=reverses,
                    posted_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            raise LedgerError(_("This transaction has already been reversed."), code="already_reversed") from None
        Entry.objects.bulk_create(
            [
                Entry(program_id=program_id, transaction=txn, account=leg.account, amount_kurus=leg.amount_kurus)
                for leg in legs
            ]
        )
    return txn


def reverse(*, original: Transaction, actor=None, memo: str = "", key: str | None = None) -> Transaction:
    """Post the mirror image of `original`. At most one reversal per transaction; a reversal is never reversed."""
    if original.reverses_id is not None or original.kind == Transaction.Kind.REVERSAL:
        raise LedgerError(_("A reversal cannot be reversed."), code="reverse_reversal")
    key = key or f"reversal:{original.idempotency_key}"
    earlier = Transaction.objects.filter(program_id=original.program_id, reverses=original).first()
    if earlier is not None and earlier.idempotency_key != key:
        raise LedgerError(_("This transaction has already been reversed."), code="already_reversed")
    legs = [Leg(e.account, -e.amount_kurus) for e in original.entries.select_related("account")]
    return post(kind=Transaction.Kind.REVERSAL, key=key, legs=legs, actor=actor, memo=memo, reverses=original)
