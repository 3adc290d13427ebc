"""Real concurrent connections (PostgreSQL): two approvals at once post once; ten postings against a fund that
covers five succeed exactly five times. SQLite serialises whole-database writes, so these run on PostgreSQL."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django_scopes import scopes_disabled

from portal import roles
from stipends import ledger, services
from stipends.entitlements import stipend_run
from stipends.models import Transaction
from tests.conftest import ensure_reference_data
from tests.stipends import builders as b
from tests.world import build_program

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent connections (PostgreSQL)"),
]


def _race(n, work):
    """Run work(i) in n threads released at the same moment; returns (results, errors)."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, [None] * n

    def body(i):
        try:
            with scopes_disabled():
                barrier.wait()
                results[i] = work(i)
        except Exception as error:
            errors[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results, errors


def _world():
    ensure_reference_data()
    return build_program("c")


def test_two_approvals_at_the_same_moment_post_once():
    with scopes_disabled():
        pw = _world()
        line = b.budget(pw)
        b.rules(pw, line)
        b.training_month(pw, n=3)
        stipend_run(program_id=pw.program.pk, period=b.PERIOD)
        finance = pw.users[roles.FINANCE]
        run = services.payment_run_prepare(program_id=pw.program.pk, actor=finance, period=b.PERIOD, purpose="stipends")
        run = services.payment_run_submit(run=run, actor=finance)
        first = b.approver(pw)
        pw.approver = None
        second = b.approver(pw)
        accruals_before = Transaction.objects.filter(kind="accrual").count()

    approvers = [first, second]
    results, errors = _race(2, lambda i: services.payment_run_approve(run=run, actor=approvers[i]))
    assert sum(r is not None for r in results) == 1
    assert sum(isinstance(e, ValidationError) for e in errors) == 1, errors
    with scopes_disabled():
        assert Transaction.objects.filter(kind="accrual").count() - accruals_before == run.line_count
        run.refresh_from_db()
        assert run.status == "approved" and run.approved_by in approvers


def test_ten_postings_against_a_fund_that_covers_five_succeed_five_times():
    with scopes_disabled():
        pw = _world()
        line = b.budget(pw, amount_kurus=500_000)
        fund = ledger.fund_account(line)
        payables = [
            ledger.payable_account(program_id=pw.program.pk, trainee_id=t.pk)
            for t in [*pw.trainees.values(), *pw.other_trainees] * 3
        ][:10]

    def post(i):
        return ledger.post(
            kind="accrual",
            key=f"race:{i}",
            legs=[ledger.Leg(fund, 100_000), ledger.Leg(payables[i], -100_000)],
        )

    results, errors = _race(10, post)
    assert sum(r is not None for r in results) == 5
    assert all(isinstance(e, ledger.InsufficientFunds) for e in errors if e is not None), errors
    with scopes_disabled():
        assert ledger.balance(fund) == 0
        assert ledger.trial_balance(pw.program.pk) == 0
