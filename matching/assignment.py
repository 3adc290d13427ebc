"""Who goes where: an optimal assignment (highest total score within capacities) and a stable matching (deferred
acceptance, candidates proposing). Pure Python + numpy/scipy: no Django here.

Both take a `scoring.Matrix` and return {candidate index: slot index}; a candidate missing from the result is on the
waitlist. Neither ever places a candidate where a hard constraint forbids it, nor more candidates at a slot than its
capacity.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.optimize import linear_sum_assignment

from matching.scoring import Matrix

# A forbidden pair costs more than any feasible assignment could gain (scores are 0..100).
FORBIDDEN = 1e9


def optimal(matrix: Matrix) -> dict[int, int]:
    """Maximise the total score. Each slot is expanded into `capacity` columns; one waitlist column per candidate
    (score 0) lets a candidate stay unplaced rather than break a hard constraint."""
    n, m = matrix.scores.shape
    if n == 0 or m == 0:
        return {}
    capacities = np.array([max(0, s.capacity) for s in matrix.slots])
    # only columns somebody could take; a candidate never needs more than n places at one slot
    columns = np.repeat(np.arange(m), np.minimum(capacities, n))
    useful = matrix.allowed[:, columns].any(axis=0)
    columns = columns[useful]
    cost = np.where(matrix.allowed[:, columns], -matrix.scores[:, columns], FORBIDDEN)
    # waitlist: cost 0 — worse than any positive score, never worse than a forbidden place
    cost = np.hstack([cost, np.zeros((n, n))])
    rows, cols = linear_sum_assignment(cost)
    result = {}
    for i, c in zip(rows.tolist(), cols.tolist(), strict=True):
        if c < len(columns) and cost[i, c] < FORBIDDEN:
            result[i] = int(columns[c])
    return result


def stable(matrix: Matrix) -> dict[int, int]:
    """Deferred acceptance (Gale–Shapley with capacities), candidates proposing. Preferences: each side's explicit
    ranking first, then the score. Only allowed pairs are acceptable. The result is stable: no candidate and slot
    both prefer each other to what they got (tests/matching checks it)."""
    n, m = matrix.scores.shape
    if n == 0 or m == 0:
        return {}
    prefs = candidate_preferences(matrix)
    slot_rank = slot_rankings(matrix)
    capacity = [max(0, s.capacity) for s in matrix.slots]
    held: list[list[int]] = [[] for _ in range(m)]
    next_choice = [0] * n
    free = list(range(n - 1, -1, -1))
    while free:
        i = free.pop()
        if next_choice[i] >= len(prefs[i]):
            continue  # nowhere left: waitlist
        j = prefs[i][next_choice[i]]
        next_choice[i] += 1
        if capacity[j] == 0:
            free.append(i)
            continue
        held[j].append(i)
        if len(held[j]) > capacity[j]:
            held[j].sort(key=lambda k: slot_rank[k, j])
            free.append(held[j].pop())
    return {i: j for j, people in enumerate(held) for i in people}


def candidate_preferences(matrix: Matrix) -> list[list[int]]:
    """For each candidate, the allowed slots in her order of preference: the firms she ranked first (in her
    order), then the rest by score, highest first; ties by slot index."""
    slots_of_firm: dict[int, list[int]] = {}
    for j, s in enumerate(matrix.slots):
        slots_of_firm.setdefault(s.firm_id, []).append(j)
    prefs = []
    for i, c in enumerate(matrix.candidates):
        allowed = np.flatnonzero(matrix.allowed[i])
        if not len(allowed):
            prefs.append([])
            continue
        ranked = sorted(
            (rank, j)
            for firm_id, rank in c.firm_ranks.items()
            if rank
            for j in slots_of_firm.get(firm_id, ())
            if matrix.allowed[i, j]
        )
        first = [j for _rank, j in ranked]
        taken = set(first)
        rest = allowed[np.lexsort((allowed, -matrix.scores[i, allowed]))].tolist()
        prefs.append(first + [j for j in rest if j not in taken])
    return prefs


def slot_rankings(matrix: Matrix) -> np.ndarray:
    """R[i, j]: candidate i's place in slot j's order of preference (0 = best): the candidates the firm ranked
    first (in its order), then everyone else by score, highest first; ties by candidate index."""
    n, m = matrix.scores.shape
    index_of = {c.id: i for i, c in enumerate(matrix.candidates)}
    positions = np.empty((n, m), dtype=np.int64)
    everyone = np.arange(n)
    for j, s in enumerate(matrix.slots):
        primary = np.ones(n)
        secondary = -matrix.scores[:, j].astype(float)
        for trainee_id, rank in s.candidate_ranks.items():
            i = index_of.get(trainee_id)
            if i is not None and rank:
                primary[i], secondary[i] = 0, rank
        order = np.lexsort((everyone, secondary, primary))
        positions[order, j] = everyone
    return positions


def blocking_pairs(matrix: Matrix, result: Mapping[int, int]) -> list[tuple[int, int]]:
    """Pairs (candidate, slot), both allowed, that would both rather have each other: none in a stable matching."""
    prefs = candidate_preferences(matrix)
    slot_rank = slot_rankings(matrix)
    held: dict[int, list[int]] = {}
    for i, j in result.items():
        held.setdefault(j, []).append(i)
    pairs = []
    for i, order in enumerate(prefs):
        current = result.get(i)
        for j in order:
            if j == current:
                break
            people = held.get(j, [])
            if len(people) < matrix.slots[j].capacity or any(slot_rank[i, j] < slot_rank[k, j] for k in people):
                pairs.append((i, j))
    return pairs


def total_score(matrix: Matrix, result: Mapping[int, int]) -> float:
    return float(sum(matrix.scores[i, j] for i, j in result.items()))
