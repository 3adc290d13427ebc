"""Promises of the matching itself (pure code, no database), checked on many generated cases (hypothesis):
capacities are never exceeded, hard constraints never broken, the stable matching is stable, the optimal one is
optimal, and the explanation of a pair says the same as the matrix the assignment used."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import assignment, scoring

WEIGHTS = {"province": 30, "specialisation": 30, "sector": 10, "training": 15, "preference": 15}
PROVINCES = [1, 2, 3, 4]
TRACKS = ["ambassador", "operator"]


@st.composite
def worlds(draw, max_candidates=8, max_slots=5, track=None):
    n_slots = draw(st.integers(1, max_slots))
    slots = []
    for j in range(n_slots):
        digital = draw(st.floats(0, 1))
        slots.append(
            scoring.Slot(
                id=j + 1,
                firm_id=draw(st.integers(1, n_slots)),
                track=track or draw(st.sampled_from(TRACKS)),
                capacity=draw(st.integers(0, 3)),
                province_id=draw(st.sampled_from(PROVINCES)),
                digital_need=digital,
                green_need=1 - digital,
                sector_id=draw(st.one_of(st.none(), st.integers(1, 3))),
            )
        )
    firm_ids = sorted({s.firm_id for s in slots})
    n = draw(st.integers(1, max_candidates))
    candidates = []
    for i in range(n):
        ranked = draw(st.lists(st.sampled_from(firm_ids), unique=True, max_size=len(firm_ids)))
        is_operator = draw(st.booleans()) if not track else track == "operator"
        candidates.append(
            scoring.Candidate(
                id=100 + i,
                track="operator" if is_operator else "ambassador",
                province_id=draw(st.sampled_from(PROVINCES)),
                work_province_ids=frozenset(draw(st.lists(st.sampled_from(PROVINCES), max_size=2))),
                willing_to_relocate=draw(st.booleans()),
                specialisation=None if is_operator else draw(st.sampled_from(["digital", "green", "both"])),
                sector_ids=frozenset(draw(st.lists(st.integers(1, 3), max_size=2))),
                training_percent=draw(st.one_of(st.none(), st.integers(0, 100))),
                firm_ranks={f: r + 1 for r, f in enumerate(ranked)},
                own_firm_id=draw(st.one_of(st.none(), st.sampled_from(firm_ids))) if is_operator else None,
            )
        )
    # firms rank some candidates after interviews
    ranked_slots = []
    for s in slots:
        picks = draw(st.lists(st.sampled_from([c.id for c in candidates]), unique=True, max_size=3))
        ranked_slots.append(scoring.Slot(**{**s.__dict__, "candidate_ranks": {t: r + 1 for r, t in enumerate(picks)}}))
    return candidates, ranked_slots


def _check_feasible(matrix, result):
    placed = {}
    for i, j in result.items():
        assert matrix.allowed[i, j], "a hard constraint was broken"
        assert scoring.exclusion(matrix.candidates[i], matrix.slots[j]) is None
        placed[j] = placed.get(j, 0) + 1
    for j, count in placed.items():
        assert count <= matrix.slots[j].capacity, "a capacity was exceeded"


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_the_explanation_of_each_pair_matches_the_matrix(world):
    candidates, slots = world
    matrix = scoring.score_matrix(candidates, slots, WEIGHTS)
    for i, c in enumerate(candidates):
        for j, s in enumerate(slots):
            explained = scoring.score_pair(c, s, WEIGHTS)
            assert 0 <= explained.score <= 100
            assert abs(explained.score - matrix.scores[i, j]) < 0.011
            assert (explained.exclusion is None) == bool(matrix.allowed[i, j])


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_optimal_never_exceeds_capacity_nor_breaks_a_hard_constraint(world):
    matrix = scoring.score_matrix(*world, WEIGHTS)
    _check_feasible(matrix, assignment.optimal(matrix))


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_stable_never_exceeds_capacity_nor_breaks_a_hard_constraint_and_is_stable(world):
    matrix = scoring.score_matrix(*world, WEIGHTS)
    result = assignment.stable(matrix)
    _check_feasible(matrix, result)
    assert assignment.blocking_pairs(matrix, result) == []


def _brute_force_best(matrix) -> float:
    n, m = matrix.scores.shape
    columns = [j for j in range(m) for _ in range(max(0, matrix.slots[j].capacity))]
    best = 0.0
    # each candidate picks one column or none, no column twice
    for choice in itertools.product([None, *range(len(columns))], repeat=n):
        used = [c for c in choice if c is not None]
        if len(used) != len(set(used)):
            continue
        if any(c is not None and not matrix.allowed[i, columns[c]] for i, c in enumerate(choice)):
            continue
        best = max(best, sum(matrix.scores[i, columns[c]] for i, c in enumerate(choice) if c is not None))
    return best


@settings(max_examples=60, deadline=None)
@given(worlds(max_candidates=4, max_slots=3))
def test_optimal_reaches_the_best_total_score(world):
    matrix = scoring.score_matrix(*world, WEIGHTS)
    if sum(max(0, s.capacity) for s in matrix.slots) > 6:
        return  # keep the brute force small
    total = assignment.total_score(matrix, assignment.optimal(matrix))
    assert abs(total - _brute_force_best(matrix)) < 1e-6


@settings(max_examples=100, deadline=None)
@given(worlds(track="ambassador"))
def test_optimal_is_never_worse_than_stable(world):
    matrix = scoring.score_matrix(*world, WEIGHTS)
    optimal = assignment.total_score(matrix, assignment.optimal(matrix))
    stable = assignment.total_score(matrix, assignment.stable(matrix))
    assert optimal >= stable - 1e-6


def test_a_woman_already_working_at_a_firm_is_never_offered_a_place_there():
    """An operator who stays with her employer takes no place (her own firm's places are new jobs for others; other
    firms' she does not want); a woman employed at a firm through the programme is never offered another place
    there — in the proposal and in the roll-over, which scores through the same exclusion."""
    me = scoring.Candidate(id=1, track="operator", province_id=1, own_firm_id=7)
    own = scoring.Slot(id=1, firm_id=7, track="operator", capacity=1, province_id=1)
    other = scoring.Slot(id=2, firm_id=8, track="operator", capacity=1, province_id=1)
    assert scoring.exclusion(me, own) == scoring.ALREADY_EMPLOYED_HERE
    assert scoring.exclusion(me, other) == scoring.STAYS_WITH_EMPLOYER
    assert assignment.optimal(scoring.score_matrix([me], [other, own], WEIGHTS)) == {}
    placed = scoring.Candidate(id=2, track="operator", province_id=1, employed_at=frozenset({7}))
    assert scoring.exclusion(placed, own) == scoring.ALREADY_EMPLOYED_HERE
    assert scoring.score_pair(placed, own, WEIGHTS).excluded
    assert assignment.optimal(scoring.score_matrix([placed], [own, other], WEIGHTS)) == {0: 1}


def test_a_province_she_cannot_work_in_is_excluded_unless_she_relocates():
    stays = scoring.Candidate(id=1, track="ambassador", province_id=1, specialisation="both")
    moves = scoring.Candidate(id=2, track="ambassador", province_id=1, specialisation="both", willing_to_relocate=True)
    far = scoring.Slot(id=1, firm_id=1, track="ambassador", capacity=2, province_id=3)
    assert scoring.exclusion(stays, far) == scoring.OUTSIDE_PROVINCE
    assert scoring.exclusion(moves, far) is None
    province = scoring.score_pair(moves, far, WEIGHTS).components[0]
    assert province.value == scoring.RELOCATION_VALUE and province.detail == {"fit": "relocate"}


def test_specialisation_follows_the_firms_roadmap():
    digital_firm = scoring.Slot(
        id=1, firm_id=1, track="ambassador", capacity=1, province_id=1, digital_need=0.8, green_need=0.2
    )
    digital = scoring.Candidate(id=1, track="ambassador", province_id=1, specialisation="digital")
    green = scoring.Candidate(id=2, track="ambassador", province_id=1, specialisation="green")
    assert (
        scoring.score_pair(digital, digital_firm, WEIGHTS).score
        > scoring.score_pair(green, digital_firm, WEIGHTS).score
    )
    spec = scoring.score_pair(green, digital_firm, WEIGHTS).components[1]
    assert spec.weight == 30 and abs(spec.value - 0.2) < 1e-9 and spec.detail["green_percent"] == 20


def test_components_that_say_nothing_are_left_out_of_the_mean():
    c = scoring.Candidate(id=1, track="operator", province_id=1)
    s = scoring.Slot(id=1, firm_id=1, track="operator", capacity=1, province_id=1)
    explained = scoring.score_pair(c, s, WEIGHTS)
    assert [p.key for p in explained.components if p.value is None] == [
        "specialisation",
        "sector",
        "training",
        "preference",
    ]
    assert explained.score == 100.0  # only the province applies, and it fits


def test_nobody_is_placed_where_there_are_no_places():
    c = scoring.Candidate(id=1, track="ambassador", province_id=1, specialisation="both")
    s = scoring.Slot(id=1, firm_id=1, track="ambassador", capacity=0, province_id=1)
    matrix = scoring.score_matrix([c], [s], WEIGHTS)
    assert assignment.optimal(matrix) == {} and assignment.stable(matrix) == {}
    assert np.all(matrix.allowed)  # capacity is the assignment's constraint, not an exclusion


def test_the_benchmark_runs_at_its_tiny_size():
    from tests.perf import bench_matching

    figures = bench_matching.main(["--size", "tiny", "--no-save"])
    assert figures["optimal_placed"] > 0 and figures["total_seconds"] < 5
