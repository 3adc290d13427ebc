"""Stipend arithmetic: proration, rule versions inside a month, salary support share and cap."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from stipends import calc


def rule(amount, start, prorate=True, threshold=80):
    return SimpleNamespace(
        pk=start.toordinal(),
        monthly_amount_kurus=amount,
        effective_from=start,
        prorate_partial_months=prorate,
        attendance_threshold_percent=threshold,
    )


def test_a_partial_first_month_is_prorated_by_days():
    sept = (date(2026, 9, 1), date(2026, 9, 30))
    segments = calc.rule_segments([rule(600_000, date(2026, 1, 1))], *sept)
    spans = calc.clip_intervals([(date(2026, 9, 16), None)], *sept)
    assert calc.stipend_amount(segments, spans, 30) == 300_000


def test_a_rule_change_mid_month_pays_each_part_under_its_own_version_and_never_before():
    sept = (date(2026, 9, 1), date(2026, 9, 30))
    rules = [rule(600_000, date(2026, 1, 1)), rule(900_000, date(2026, 9, 21))]
    segments = calc.rule_segments(rules, *sept)
    spans = calc.clip_intervals([(date(2026, 8, 1), None)], *sept)
    assert calc.stipend_amount(segments, spans, 30) == 400_000 + 300_000
    # August is untouched by the September version
    aug = (date(2026, 8, 1), date(2026, 8, 31))
    assert (
        calc.stipend_amount(calc.rule_segments(rules, *aug), calc.clip_intervals([(date(2026, 8, 1), None)], *aug), 31)
        == 600_000
    )


def test_a_rule_that_does_not_prorate_pays_the_whole_month():
    sept = (date(2026, 9, 1), date(2026, 9, 30))
    segments = calc.rule_segments([rule(600_000, date(2026, 1, 1), prorate=False)], *sept)
    assert calc.stipend_amount(segments, calc.clip_intervals([(date(2026, 9, 28), None)], *sept), 30) == 600_000


@given(
    st.integers(1, 10**8),
    st.lists(st.tuples(st.integers(1, 30), st.integers(0, 29)), min_size=1, max_size=4),
)
def test_prorated_amount_never_exceeds_the_monthly_amount(amount, raw):
    sept = (date(2026, 9, 1), date(2026, 9, 30))
    intervals = [(date(2026, 9, a), date(2026, 9, min(a + length, 30))) for a, length in raw]
    spans = calc.clip_intervals(intervals, *sept)
    value = calc.stipend_amount(calc.rule_segments([rule(amount, date(2026, 1, 1))], *sept), spans, 30)
    days = sum((b - a).days + 1 for a, b in spans)
    assert 0 <= value <= amount
    assert value == calc.prorate(amount, days, 30)


def test_salary_support_is_a_share_of_gross_up_to_the_cap_and_prorated():
    assert (
        calc.support_amount(gross_kurus=4_000_000, share_percent=Decimal(50), cap_kurus=2_500_000, days=30, dim=30)
        == 2_000_000
    )
    assert (
        calc.support_amount(gross_kurus=8_000_000, share_percent=Decimal(50), cap_kurus=2_500_000, days=30, dim=30)
        == 2_500_000
    )
    assert (
        calc.support_amount(gross_kurus=4_000_000, share_percent=Decimal(50), cap_kurus=2_500_000, days=15, dim=30)
        == 1_000_000
    )
