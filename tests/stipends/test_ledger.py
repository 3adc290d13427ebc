"""The ledger's promises: balanced, append-only, idempotent, reversible once, never negative where it must not."""

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stipends import ledger
from stipends.models import Account, Entry, LedgerImmutable, Transaction
from tests.stipends import builders as b


@pytest.fixture
def books(pw):
    line = b.budget(pw, amount_kurus=1_000_000)
    fund = ledger.fund_account(line)
    payable = ledger.payable_account(program_id=pw.program.pk, trainee_id=pw.trainees["ambassador"].pk)
    bank = ledger.system_account(pw.program.pk, Account.Kind.BANK)
    return fund, payable, bank


def _accrue(fund, payable, amount, key):
    return ledger.post(kind="accrual", key=key, legs=[ledger.Leg(fund, amount), ledger.Leg(payable, -amount)])


def test_balances_come_from_entries(books):
    fund, payable, bank = books
    assert ledger.balance(fund) == 1_000_000 and ledger.balance(bank) == 1_000_000
    _accrue(fund, payable, 300_000, "k1")
    assert (ledger.balance(fund), ledger.balance(payable)) == (700_000, 300_000)


@pytest.mark.parametrize(
    "amounts, code", [([100], "too_few"), ([100, -99], "unbalanced"), ([0, 0], "zero"), ([100, -100], None)]
)
def test_a_transaction_has_two_entries_and_sums_to_zero(books, amounts, code):
    fund, payable, _ = books
    legs = [ledger.Leg(acc, amt) for acc, amt in zip([fund, payable], amounts, strict=False)]
    if code is None:
        assert ledger.post(kind="accrual", key="ok", legs=legs).entries.count() == 2
    else:
        with pytest.raises(ledger.LedgerError) as error:
            ledger.post(kind="accrual", key="bad", legs=legs)
        assert error.value.code == code


def test_same_key_posts_once_and_different_content_is_an_error(books):
    fund, payable, _ = books
    first = _accrue(fund, payable, 1000, "accrual:entitlement:1")
    assert _accrue(fund, payable, 1000, "accrual:entitlement:1").pk == first.pk
    assert Entry.objects.filter(transaction__idempotency_key="accrual:entitlement:1").count() == 2
    with pytest.raises(ledger.LedgerError, match="farklı bir kayıt"):
        _accrue(fund, payable, 2000, "accrual:entitlement:1")


def test_entries_and_transactions_are_never_updated_or_deleted(books):
    fund, payable, _ = books
    txn = _accrue(fund, payable, 1000, "k")
    entry = txn.entries.first()
    entry.amount_kurus = 5
    with pytest.raises(LedgerImmutable):
        entry.save()
    with pytest.raises(LedgerImmutable):
        entry.delete()
    with pytest.raises(LedgerImmutable):
        Entry.objects.filter(pk=entry.pk).update(amount_kurus=5)
    with pytest.raises(LedgerImmutable):
        Transaction.objects.filter(pk=txn.pk).delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="triggers are PostgreSQL's")
def test_postgresql_refuses_changes_even_in_raw_sql(books):
    fund, payable, _ = books
    txn = _accrue(fund, payable, 1000, "k")
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE stipends_entry SET amount_kurus = 1 WHERE transaction_id = %s", [txn.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM stipends_entry WHERE transaction_id = %s", [txn.pk])


def test_a_reversal_happens_once_and_is_never_reversed(books):
    fund, payable, _ = books
    txn = _accrue(fund, payable, 1000, "k")
    rev = ledger.reverse(original=txn)
    assert rev.reverses == txn and ledger.balance(payable) == 0
    assert ledger.reverse(original=txn).pk == rev.pk  # same key: the same reversal
    with pytest.raises(ledger.LedgerError, match="zaten ters kayıtla"):
        ledger.reverse(original=txn, key="another-key")
    with pytest.raises(ledger.LedgerError, match="yeniden ters çevrilemez"):
        ledger.reverse(original=rev)


def test_the_fund_and_payables_never_go_negative(books):
    fund, payable, _bank = books
    with pytest.raises(ledger.InsufficientFunds) as error:
        _accrue(fund, payable, 1_000_001, "too-much")
    assert (error.value.balance, error.value.needed) == (1_000_000, 1_000_001)
    # paying out more than is owed would make the payable negative
    in_transit = ledger.system_account(fund.program_id, Account.Kind.BANK_IN_TRANSIT)
    with pytest.raises(ledger.InsufficientFunds):
        ledger.post(kind="export", key="x", legs=[ledger.Leg(payable, 1), ledger.Leg(in_transit, -1)])
    assert not Transaction.objects.filter(idempotency_key__in=["too-much", "x"]).exists()


OPS = st.lists(
    st.tuples(st.sampled_from(["accrue", "export", "settle", "return", "repeat"]), st.integers(1, 400_000)),
    max_size=25,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=OPS)
def test_any_sequence_keeps_every_transaction_balanced_and_pays_nothing_twice(books, ops):
    """Accruals, exports, settlements, bank returns and replays in any order: every transaction sums to zero,
    no guarded account goes negative, and no payment is exported or settled twice."""
    fund, payable, bank = books
    program_id = fund.program_id
    in_transit = ledger.system_account(program_id, Account.Kind.BANK_IN_TRANSIT)
    tag = Transaction.objects.count()
    exported, settled, returned = [], set(), set()
    for i, (op, amount) in enumerate(ops):
        key = f"{tag}-{i}"
        try:
            if op == "accrue":
                _accrue(fund, payable, amount, f"accrual:{key}")
            elif op == "export":
                t = ledger.post(
                    kind="export",
                    key=f"export:{key}",
                    legs=[ledger.Leg(payable, amount), ledger.Leg(in_transit, -amount)],
                )
                exported.append(t)
            elif op == "settle" and exported:
                t = exported[amount % len(exported)]
                if t.pk not in returned:
                    ledger.post(
                        kind="settlement",
                        key=f"settlement:{t.pk}",
                        legs=[
                            ledger.Leg(in_transit, -t.entries.get(account=in_transit).amount_kurus),
                            ledger.Leg(bank, t.entries.get(account=in_transit).amount_kurus),
                        ],
                    )
                    settled.add(t.pk)
            elif op == "return" and exported:
                t = exported[amount % len(exported)]
                if t.pk not in settled:
                    ledger.reverse(original=t)
                    returned.add(t.pk)
            elif op == "repeat" and exported:
                t = exported[amount % len(exported)]
                assert (
                    ledger.post(
                        kind="export",
                        key=t.idempotency_key,
                        legs=[ledger.Leg(e.account, e.amount_kurus) for e in t.entries.all()],
                    ).pk
                    == t.pk
                )
        except ledger.InsufficientFunds:
            pass
    from django.db.models import Count, Sum

    per_txn = (
        Entry.objects.filter(program_id=program_id).values("transaction").annotate(s=Sum("amount_kurus"), n=Count("pk"))
    )
    assert all(row["s"] == 0 and row["n"] >= 2 for row in per_txn)
    assert ledger.balance(fund) >= 0 and ledger.balance(payable) >= 0
    assert (
        Transaction.objects.filter(reverses__isnull=False)
        .values("reverses")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
        == 0
    )
    assert settled.isdisjoint(returned)
