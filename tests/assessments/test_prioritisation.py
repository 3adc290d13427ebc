"""The prioritisation engine: explainable, framework-agnostic, and well-behaved whatever the input."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.prioritisation import DimensionInput, Factor, effective_weights, prioritise, siri_style_factors

CODES = [f"D{i:02d}" for i in range(16)]
GROUPS = ["PRO"] * 3 + ["TEC"] * 9 + ["ORG"] * 4


def dims(bands):
    return [DimensionInput(code, group, band) for code, group, band in zip(CODES, GROUPS, bands, strict=False)]


def proximity(bands, bic=5):
    return Factor("proximity", {c: max(bic - b, 0) for c, b in zip(CODES, bands, strict=False)})


def test_one_priority_per_building_block_plus_the_next_highest():
    bands = [3, 1, 3, 4, 4, 4, 0, 4, 4, 4, 4, 4, 2, 3, 3, 1]
    result = prioritise(dims(bands), [proximity(bands)], {"proximity": 1})
    by_group = {}
    for p in result.priorities:
        by_group.setdefault(p.group, []).append(p.code)
    # the biggest gap of each block, then the next biggest overall (D15, band 1, in ORG)
    assert by_group == {"PRO": ["D01"], "TEC": ["D06"], "ORG": ["D15", "D12"]}
    assert [p.rank for p in result.priorities] == sorted(p.rank for p in result.priorities)


def test_each_factor_contribution_is_shown_and_adds_up_to_the_impact():
    bands = [2] * 16
    factors = [
        Factor("cost", {c: (3 if c == "D00" else 1) for c in CODES}),
        Factor("kpi", {c: (1 if c in {"D00", "D05"} else 0) for c in CODES}),
        proximity(bands),
    ]
    result = prioritise(dims(bands), factors, {"cost": 0.3, "kpi": 0.4, "proximity": 0.3})
    top = result.ranking[0]
    assert top.code == "D00"
    assert set(top.contributions) == {"cost", "kpi", "proximity"}
    assert sum(top.contributions.values()) == pytest.approx(top.impact)
    assert top.contributions["kpi"] == pytest.approx(0.4 * 0.5)  # half of the KPI signal, weight .4
    assert top.raw == {"cost": 3.0, "kpi": 1.0, "proximity": 3.0}


def test_a_factor_without_data_drops_out_and_the_others_are_reweighted():
    bands = [2, 3] * 8
    factors = [Factor("cost", dict.fromkeys(CODES, 0)), Factor("kpi", {}), proximity(bands)]
    result = prioritise(dims(bands), factors, {"cost": 0.3, "kpi": 0.4, "proximity": 0.3})
    assert result.dropped == ("cost", "kpi")
    assert result.weights == {"proximity": 1.0}


def test_equal_weights_when_none_is_given():
    assert effective_weights({}, ["kpi", "cost"]) == {"cost": 0.5, "kpi": 0.5}


def test_negative_factor_values_are_refused():
    with pytest.raises(ValueError, match="negative"):
        prioritise(dims([1] * 16), [Factor("odd", {"D00": -1})], {})


def test_siri_factors_combine_cost_profile_kpis_and_the_gap():
    relevance = {("D00", "cost", "LAB"): 3, ("D01", "cost", "LAB"): 1, ("D01", "kpi", "SAF"): 3}
    factors = {
        f.code: f
        for f in siri_style_factors(
            bands={"D00": 1, "D01": 4},
            best_in_class={"D00": 4, "D01": 3},
            relevance=relevance,
            cost_shares={"LAB": 60, "RAW": 40},
            kpis=["SAF"],
        )
    }
    assert factors["cost"].raw == {"D00": 180.0, "D01": 60.0}
    assert factors["kpi"].raw == {"D00": 0, "D01": 3}
    assert factors["proximity"].raw == {"D00": 3, "D01": 0}  # above best in class counts as no gap


# --- properties ---------------------------------------------------------------------------------

bands_st = st.lists(st.integers(0, 5), min_size=16, max_size=16)
values_st = st.lists(st.integers(0, 30), min_size=16, max_size=16)
weights_st = st.fixed_dictionaries(
    {
        "cost": st.floats(0, 5, allow_nan=False),
        "kpi": st.floats(0, 5, allow_nan=False),
        "proximity": st.floats(0, 5, allow_nan=False),
    }
)


def build(bands, cost, kpi):
    return (
        dims(bands),
        [
            Factor("cost", dict(zip(CODES, cost, strict=True))),
            Factor("kpi", dict(zip(CODES, kpi, strict=True))),
            proximity(bands),
        ],
    )


@settings(max_examples=150, deadline=None)
@given(bands_st, values_st, values_st, weights_st)
def test_weights_sum_to_one_and_impacts_to_one(bands, cost, kpi, weights):
    dimensions, factors = build(bands, cost, kpi)
    result = prioritise(dimensions, factors, weights)
    if result.weights:
        assert sum(result.weights.values()) == pytest.approx(1)
        assert sum(r.impact for r in result.ranking) == pytest.approx(1)
    assert all(w >= 0 for w in result.weights.values())


@settings(max_examples=150, deadline=None)
@given(bands_st, values_st, values_st, weights_st, st.integers(0, 15))
def test_a_bigger_gap_never_lowers_a_dimension_s_impact_or_rank(bands, cost, kpi, weights, index):
    if bands[index] == 0:
        return
    before = prioritise(*build(bands, cost, kpi), weights).by_code()[CODES[index]]
    lower = list(bands)
    lower[index] -= 1  # one band further from best in class
    after = prioritise(*build(lower, cost, kpi), weights).by_code()[CODES[index]]
    assert after.impact >= before.impact - 1e-12
    assert after.rank <= before.rank


@settings(max_examples=100, deadline=None)
@given(bands_st, values_st, values_st, weights_st, st.randoms(use_true_random=False))
def test_the_order_dimensions_come_in_changes_nothing(bands, cost, kpi, weights, rnd):
    dimensions, factors = build(bands, cost, kpi)
    shuffled = list(dimensions)
    rnd.shuffle(shuffled)
    factors_shuffled = list(factors)
    rnd.shuffle(factors_shuffled)
    a = prioritise(dimensions, factors, weights)
    b = prioritise(shuffled, factors_shuffled, weights)
    assert [(r.code, r.rank, r.is_priority) for r in a.ranking] == [(r.code, r.rank, r.is_priority) for r in b.ranking]
    assert [r.impact for r in a.ranking] == pytest.approx([r.impact for r in b.ranking])


@settings(max_examples=100, deadline=None)
@given(bands_st, st.integers(0, 3), st.integers(0, 3))
def test_the_number_of_priorities_is_as_configured(bands, per_group, extra):
    result = prioritise(dims(bands), [proximity(bands)], {}, per_group=per_group, extra=extra)
    expected = sum(min(per_group, GROUPS.count(g)) for g in set(GROUPS))
    assert len(result.priorities) == min(16, expected + extra)


def test_a_framework_with_other_factors_plugs_in():
    """COSIRI-style: 24 dimensions in four blocks, with a factor of its own."""
    rng = random.Random(3)
    cosiri = [DimensionInput(f"C{i:02d}", ["SRM", "SBP", "TEC", "ORG"][i % 4], rng.randint(0, 5)) for i in range(24)]
    emissions = Factor("emissions", {d.code: (5 if d.group == "SBP" else 1) for d in cosiri})
    result = prioritise(cosiri, [emissions], {"emissions": 1}, per_group=1, extra=2)
    assert len(result.priorities) == 6
    assert result.ranking[0].group == "SBP"
