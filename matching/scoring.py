"""The explainable score of a candidate for a position, and the hard constraints. Pure Python: no Django here.

Each component has a value between 0 and 1 and a weight (program settings); the score is the weighted mean of the
components that apply, times 100. A component that says nothing about the pair (no training results yet, nobody
ranked anyone, an operator has no digital/green specialisation) is left out of the mean and shown as such.
Hard constraints are never traded for score: a pair that breaks one is excluded, with the reason.

`score_pair` explains one pair (what the pages show); `score_matrix` computes the same numbers for every pair at
once with numpy (what the assignment uses; a property test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

COMPONENTS = ("province", "specialisation", "sector", "training", "preference")

# Exclusion codes (the page turns them into sentences).
OUTSIDE_PROVINCE = "outside_province"
STAYS_WITH_EMPLOYER = "stays_with_employer"
ALREADY_EMPLOYED_HERE = "already_employed_here"
TRACK = "track"

# Value of a province the candidate did not list but would relocate to.
RELOCATION_VALUE = 0.5


@dataclass(frozen=True)
class Candidate:
    id: int
    track: str
    province_id: int | None = None
    work_province_ids: frozenset = frozenset()
    willing_to_relocate: bool = False
    specialisation: str | None = None  # "digital" | "green" | "both"; None for operators
    sector_ids: frozenset = frozenset()
    training_percent: int | None = None  # 0..100
    firm_ranks: Mapping = field(default_factory=dict)  # firm id -> rank (1 = first)
    own_firm_id: int | None = None  # an employed operator who stays with her own firm
    employed_at: frozenset = frozenset()  # firms she works at now through the programme

    def can_work_in(self, province_id) -> bool:
        return province_id == self.province_id or province_id in self.work_province_ids


@dataclass(frozen=True)
class Slot:
    """A position: `capacity` places of one track at one firm."""

    id: int
    firm_id: int
    track: str
    capacity: int
    province_id: int
    digital_need: float = 0.5  # share of the firm's roadmap priorities that are digital (SIRI) ...
    green_need: float = 0.5  # ... and green (COSIRI); both 0.5 when the firm has no roadmap yet
    sector_id: int | None = None
    candidate_ranks: Mapping = field(default_factory=dict)  # trainee id -> rank (1 = first)


@dataclass(frozen=True)
class Component:
    key: str
    weight: int
    value: float | None  # None: does not apply to this pair (left out of the mean)
    detail: dict = field(default_factory=dict)

    @property
    def points(self) -> float:
        return 0.0 if self.value is None else self.weight * self.value

    def as_dict(self) -> dict:
        return {"key": self.key, "weight": self.weight, "value": self.value, "detail": dict(self.detail)}


@dataclass(frozen=True)
class Explanation:
    candidate_id: int
    slot_id: int
    score: float  # 0..100
    components: tuple
    exclusion: str | None = None  # a hard constraint the pair breaks

    @property
    def excluded(self) -> bool:
        return self.exclusion is not None


def exclusion(candidate: Candidate, slot: Slot) -> str | None:
    """The hard constraint the pair breaks, or None. Capacity is the assignment's (never exceeded there)."""
    if candidate.track != slot.track:
        return TRACK
    # she already works there: a place at that firm is a new job for someone else, never an offer to her
    if candidate.own_firm_id == slot.firm_id or slot.firm_id in candidate.employed_at:
        return ALREADY_EMPLOYED_HERE
    if candidate.own_firm_id is not None:
        return STAYS_WITH_EMPLOYER
    if not candidate.can_work_in(slot.province_id) and not candidate.willing_to_relocate:
        return OUTSIDE_PROVINCE
    return None


def _rank_value(rank: int | None, listed: int) -> float:
    """1 for a first choice, falling linearly; 0 for unranked."""
    if not rank or listed <= 0:
        return 0.0
    return max(0.0, (listed - rank + 1) / listed)


def components(candidate: Candidate, slot: Slot, weights: Mapping[str, int]) -> tuple:
    if candidate.can_work_in(slot.province_id) or candidate.own_firm_id == slot.firm_id:
        province = Component("province", weights["province"], 1.0, {"fit": "listed"})
    else:
        province = Component("province", weights["province"], RELOCATION_VALUE, {"fit": "relocate"})

    if candidate.specialisation is None:
        spec = Component("specialisation", weights["specialisation"], None, {"reason": "not_applicable"})
    else:
        value = {"digital": slot.digital_need, "green": slot.green_need, "both": 1.0}[candidate.specialisation]
        spec = Component(
            "specialisation",
            weights["specialisation"],
            float(value),
            {
                "specialisation": candidate.specialisation,
                "digital_percent": round(slot.digital_need * 100),
                "green_percent": round(slot.green_need * 100),
            },
        )

    if not candidate.sector_ids or slot.sector_id is None:
        sector = Component("sector", weights["sector"], None, {"reason": "no_interest_stated"})
    else:
        hit = slot.sector_id in candidate.sector_ids
        sector = Component("sector", weights["sector"], 1.0 if hit else 0.0, {"match": hit})

    if candidate.training_percent is None:
        training = Component("training", weights["training"], None, {"reason": "no_results"})
    else:
        percent = max(0, min(100, candidate.training_percent))
        training = Component("training", weights["training"], percent / 100, {"percent": percent})

    sides = []
    detail = {}
    if candidate.firm_ranks:
        rank = candidate.firm_ranks.get(slot.firm_id)
        sides.append(_rank_value(rank, len(candidate.firm_ranks)))
        detail["candidate_rank"] = rank
    if slot.candidate_ranks:
        rank = slot.candidate_ranks.get(candidate.id)
        sides.append(_rank_value(rank, len(slot.candidate_ranks)))
        detail["firm_rank"] = rank
    preference = Component(
        "preference", weights["preference"], (sum(sides) / len(sides)) if sides else None, detail or {"reason": "none"}
    )
    return (province, spec, sector, training, preference)


def weighted_score(parts: Sequence[Component]) -> float:
    applicable = [c for c in parts if c.value is not None and c.weight > 0]
    total = sum(c.weight for c in applicable)
    if not total:
        return 0.0
    return round(100 * sum(c.points for c in applicable) / total, 2)


def score_pair(candidate: Candidate, slot: Slot, weights: Mapping[str, int]) -> Explanation:
    parts = components(candidate, slot, weights)
    return Explanation(candidate.id, slot.id, weighted_score(parts), parts, exclusion(candidate, slot))


# --- every pair at once ---------------------------------------------------------------------------------------------


@dataclass
class Matrix:
    """scores[i, j]: candidate i at slot j (0..100); allowed[i, j]: no hard constraint broken."""

    candidates: list
    slots: list
    scores: np.ndarray
    allowed: np.ndarray


def score_matrix(candidates: Sequence[Candidate], slots: Sequence[Slot], weights: Mapping[str, int]) -> Matrix:
    n, m = len(candidates), len(slots)
    if n == 0 or m == 0:
        return Matrix(list(candidates), list(slots), np.zeros((n, m)), np.zeros((n, m), dtype=bool))
    province_index = {}
    for s in slots:
        province_index.setdefault(s.province_id, len(province_index))
    sector_index = {}
    for s in slots:
        if s.sector_id is not None:
            sector_index.setdefault(s.sector_id, len(sector_index))
    slot_province = np.array([province_index[s.province_id] for s in slots])
    slot_firm = np.array([s.firm_id for s in slots])

    can_work = np.zeros((n, len(province_index)), dtype=bool)
    likes_sector = np.zeros((n, max(1, len(sector_index))), dtype=bool)
    for i, c in enumerate(candidates):
        for pid in {c.province_id, *c.work_province_ids}:
            if pid in province_index:
                can_work[i, province_index[pid]] = True
        for sid in c.sector_ids:
            if sid in sector_index:
                likes_sector[i, sector_index[sid]] = True
    own_firm = np.array([-1 if c.own_firm_id is None else c.own_firm_id for c in candidates])
    at_own_firm = own_firm[:, None] == slot_firm[None, :]
    fits = can_work[:, slot_province] | at_own_firm  # the score as explained (the pair itself is excluded)
    relocate = np.array([c.willing_to_relocate for c in candidates])

    allowed = np.array([c.track for c in candidates])[:, None] == np.array([s.track for s in slots])[None, :]
    employed_here = np.zeros((n, m), dtype=bool)
    for i, c in enumerate(candidates):
        if c.employed_at:
            employed_here[i] = np.isin(slot_firm, list(c.employed_at))
    allowed &= own_firm[:, None] == -1  # an operator staying with her employer takes no place (exclusion())
    allowed &= ~employed_here
    allowed &= fits | relocate[:, None]

    w = {k: float(weights[k]) for k in COMPONENTS}
    points = np.zeros((n, m))
    total = np.zeros((n, m))

    def add(key, value, applies):
        nonlocal points, total
        if w[key] <= 0:
            return
        points += np.where(applies, w[key] * value, 0.0)
        total += np.where(applies, w[key], 0.0)

    add("province", np.where(fits, 1.0, RELOCATION_VALUE), np.ones((n, m), dtype=bool))

    spec_code = np.array([{"digital": 0, "green": 1, "both": 2}.get(c.specialisation, -1) for c in candidates])
    digital = np.array([s.digital_need for s in slots])
    green = np.array([s.green_need for s in slots])
    spec_value = np.where(
        spec_code[:, None] == 0, digital[None, :], np.where(spec_code[:, None] == 1, green[None, :], 1.0)
    )
    add("specialisation", spec_value, np.broadcast_to(spec_code[:, None] >= 0, (n, m)))

    has_sectors = np.array([bool(c.sector_ids) for c in candidates])
    slot_sector = np.array([-1 if s.sector_id is None else sector_index[s.sector_id] for s in slots])
    sector_hit = likes_sector[:, np.maximum(slot_sector, 0)]
    add("sector", sector_hit.astype(float), has_sectors[:, None] & (slot_sector[None, :] >= 0))

    training = np.array(
        [-1 if c.training_percent is None else max(0, min(100, c.training_percent)) for c in candidates]
    )
    add("training", np.broadcast_to(training[:, None] / 100, (n, m)), np.broadcast_to(training[:, None] >= 0, (n, m)))

    # preferences: sparse, so filled pair by pair from the ranks that exist
    cand_sum, cand_has = np.zeros((n, m)), np.zeros((n, m))
    slot_index_by_firm = {}
    for j, s in enumerate(slots):
        slot_index_by_firm.setdefault(s.firm_id, []).append(j)
    candidate_index = {c.id: i for i, c in enumerate(candidates)}
    for i, c in enumerate(candidates):
        if c.firm_ranks:
            cand_has[i, :] += 1
            listed = len(c.firm_ranks)
            for firm_id, rank in c.firm_ranks.items():
                for j in slot_index_by_firm.get(firm_id, ()):
                    cand_sum[i, j] += _rank_value(rank, listed)
    for j, s in enumerate(slots):
        if s.candidate_ranks:
            cand_has[:, j] += 1
            listed = len(s.candidate_ranks)
            for trainee_id, rank in s.candidate_ranks.items():
                i = candidate_index.get(trainee_id)
                if i is not None:
                    cand_sum[i, j] += _rank_value(rank, listed)
    add("preference", np.divide(cand_sum, np.maximum(cand_has, 1)), cand_has > 0)

    scores = np.where(total > 0, np.round(100 * points / np.maximum(total, 1e-12), 2), 0.0)
    return Matrix(list(candidates), list(slots), scores, allowed)
