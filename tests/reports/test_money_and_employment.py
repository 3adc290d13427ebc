"""Money paid (from the stipends ledger) and employment/retention (from matching), counted by hand."""

from datetime import date, timedelta

from django.utils import timezone, translation
from django_scopes import scopes_disabled

from matching.models import Employment, RetentionCheckpoint
from portal import roles
from reports.calculators import evaluate
from stipends import ledger, services
from stipends.models import Account, BudgetLine, Transaction
from tests.factories import TraineeFactory
from tests.reports.builders import at


def _value(pw, code, as_of):
    return evaluate([code], program_id=pw.program.pk, as_of=as_of)[code].value


def test_money_paid_counts_settlements_less_reversals_as_of_a_date(world):
    """The world's run has two payments of 5.000,00 ₺ sent to the bank: both settle today, one is reversed."""
    pw = world.a
    today, yesterday = timezone.localdate(), timezone.localdate() - timedelta(days=1)
    with scopes_disabled():
        finance = pw.users[roles.FINANCE]
        line = BudgetLine.objects.filter(program=pw.program, purpose="stipends").first()
        services.budget_line_fund(budget_line=line, actor=finance, amount_kurus=2_000_000, reference="t1")
        in_transit = ledger.system_account(pw.program.pk, Account.Kind.BANK_IN_TRANSIT)
        bank = ledger.system_account(pw.program.pk, Account.Kind.BANK)
        settlements = [
            ledger.post(
                kind=Transaction.Kind.SETTLEMENT,
                key=f"settlement:payment:{p.pk}",
                legs=[ledger.Leg(in_transit, p.amount_kurus), ledger.Leg(bank, -p.amount_kurus)],
                actor=finance,
            )
            for p in pw.payments
        ]
        assert _value(pw, "money_paid", today) == 1_000_000
        assert _value(pw, "money_paid", yesterday) == 0
        assert _value(pw, "budget_allocated", today) == 2_000_000
        # a settled payment reversed later no longer counts
        ledger.reverse(original=settlements[1], actor=finance, memo="iade")
        with translation.override("en"):
            figure = evaluate(["money_paid"], program_id=pw.program.pk, as_of=today)["money_paid"]
            assert figure.value == 500_000
            assert dict(figure.by("purpose")) == {"Stipends": 500_000}
        assert figure.record_refs == sorted(f"payment:{p.pk}" for p in pw.payments)


def test_employed_and_retained_count_each_woman_once_as_of_a_date(world):
    pw = world.a
    with scopes_disabled():
        amb = TraineeFactory(program=pw.program, track="ambassador")
        op = TraineeFactory(program=pw.program, track="operator")
        common = {"program": pw.program, "firm": pw.firms[0], "gross_salary_kurus": 4_000_000}
        first = Employment.objects.create(
            trainee=amb, start_date=date(2025, 1, 6), planned_end_date=date(2026, 1, 5), status="terminated",
            terminated_on=date(2025, 3, 1), **common,
        )  # fmt: skip
        second = Employment.objects.create(
            trainee=amb, start_date=date(2025, 4, 1), planned_end_date=date(2026, 3, 31), **common
        )
        third = Employment.objects.create(
            trainee=op, start_date=date(2025, 6, 2), planned_end_date=date(2026, 6, 1), **common
        )
        for e in (first, second, third):
            Employment.objects.filter(pk=e.pk).update(created_at=at(e.start_date))
        for employment, month, due, still, confirmed in (
            (second, 3, date(2025, 7, 1), True, date(2025, 7, 3)),
            (second, 12, date(2026, 4, 1), True, date(2026, 4, 2)),
            (third, 3, date(2025, 9, 2), False, date(2025, 9, 5)),  # she had left
            (third, 6, date(2025, 12, 2), None, None),  # not confirmed yet
        ):
            RetentionCheckpoint.objects.create(
                program=pw.program, employment=employment, firm=pw.firms[0], trainee=employment.trainee, month=month,
                due_on=due, still_employed=still, firm_confirmed_at=at(confirmed) if confirmed else None,
            )  # fmt: skip
        # the ambassador employed twice is one woman
        assert _value(pw, "employed", date(2025, 1, 31)) == 1
        assert _value(pw, "employed_ambassador", date(2025, 12, 31)) == 1
        assert _value(pw, "employed", date(2025, 12, 31)) == 2
        assert _value(pw, "employed_operator", date(2025, 6, 1)) == 0
        # retained: only checkpoints the firm confirmed with "still employed", by the day
        assert _value(pw, "retained_3", date(2025, 7, 2)) == 0
        assert _value(pw, "retained_3", date(2025, 12, 31)) == 1
        assert _value(pw, "retained_12_ambassador", date(2026, 4, 1)) == 0
        assert _value(pw, "retained_12_ambassador", date(2026, 4, 2)) == 1
        assert _value(pw, "retained_6", date(2026, 4, 2)) == 0
