"""Pool statistics from band histograms match the textbook definitions."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.benchmarks import percentile_rank, quantile, stats


def hist(values):
    out = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return out


@given(st.lists(st.integers(0, 5), min_size=2, max_size=60))
def test_quartiles_equal_the_inclusive_method(values):
    expected = statistics.quantiles(values, n=4, method="inclusive")
    s = stats(hist(values))
    assert (s.q1, s.median, s.q3) == pytest.approx(tuple(expected))
    assert (s.min, s.max, s.n) == (min(values), max(values), len(values))


def test_percentile_counts_half_of_the_firms_on_the_same_band():
    pool = hist([1, 2, 2, 3, 4])
    assert percentile_rank(pool, 2) == pytest.approx(40.0)  # one below, two equal: (1 + 1) / 5
    assert percentile_rank(pool, 5) == 100.0
    assert percentile_rank(pool, 0) == 0.0


def test_an_empty_pool_has_no_statistics():
    assert stats({}) is None
    with pytest.raises(ValueError):
        quantile({}, 0.5)
