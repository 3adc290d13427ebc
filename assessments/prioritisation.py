"""The prioritisation engine: explainable, framework-agnostic, no database.

For each dimension d the impact is a weighted sum of factors, each normalised across the dimensions to sum 1:

    impact(d) = Σ_f  w_f · raw_f(d) / Σ_d' raw_f(d')

SIRI's factors (built by `siri_style_factors`, used for any framework whose version has the data):
  cost      = Σ_c degree_of_relevance[d, c] · cost_share[c]        (the firm's cost profile)
  kpi       = Σ_k degree_of_relevance[d, k] · [k chosen by the firm]
  proximity = max(best_in_class[d] − band[d], 0)                    (the gap to best in class)
A factor with no signal (all raw values zero: no table imported, no KPI chosen, no gap) drops out and the
weights of the others are scaled back to sum 1; weights come from the planning horizon. The top dimension of
each group (building block) plus the next highest overall become priorities (both counts configurable).
Results never depend on the order dimensions are given in: everything is computed in code order and ties
are broken by code.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

PRECISION = 12  # impacts are compared after rounding, so summation order cannot reorder near-ties


@dataclass(frozen=True)
class DimensionInput:
    code: str
    group: str  # e.g. the building block
    band: int


@dataclass(frozen=True)
class Factor:
    code: str
    raw: Mapping[str, float]  # dimension code -> non-negative raw value


@dataclass(frozen=True)
class Ranked:
    code: str
    group: str
    band: int
    impact: float
    rank: int
    raw: dict = field(default_factory=dict)  # factor code -> raw value
    normalised: dict = field(default_factory=dict)  # factor code -> share of that factor (sums to 1 over dims)
    contributions: dict = field(default_factory=dict)  # factor code -> weight × normalised (sums to impact)
    is_priority: bool = False


@dataclass(frozen=True)
class Result:
    weights: dict  # effective weights of the active factors, summing to 1
    dropped: tuple  # factor codes without signal
    ranking: list  # every dimension, highest impact first
    priorities: list  # the chosen ones, highest impact first

    def by_code(self) -> dict:
        return {r.code: r for r in self.ranking}


def normalise(raw: Mapping[str, float], codes: Sequence[str]) -> dict | None:
    """Each value's share of the total over `codes`; None when there is no signal (all zero)."""
    values = {}
    for code in codes:
        value = float(raw.get(code, 0.0))
        if value < 0:
            raise ValueError(f"factor values must not be negative ({code}: {value})")
        values[code] = value
    total = sum(values[code] for code in codes)
    if total <= 0:
        return None
    return {code: values[code] / total for code in codes}


def effective_weights(weights: Mapping[str, float], active: Iterable[str]) -> dict:
    """Weights of the active factors scaled to sum 1; equal weights if none of them has a positive weight."""
    active = sorted(active)
    if not active:
        return {}
    given = {code: max(float(weights.get(code, 0.0)), 0.0) for code in active}
    total = sum(given.values())
    if total <= 0:
        return {code: 1 / len(active) for code in active}
    return {code: value / total for code, value in given.items()}


def prioritise(
    dimensions: Iterable[DimensionInput],
    factors: Iterable[Factor],
    weights: Mapping[str, float],
    *,
    per_group: int = 1,
    extra: int = 1,
) -> Result:
    dims = sorted(dimensions, key=lambda d: d.code)
    if len({d.code for d in dims}) != len(dims):
        raise ValueError("dimension codes must be unique")
    codes = [d.code for d in dims]
    normalised, dropped = {}, []
    for factor in sorted(factors, key=lambda f: f.code):
        shares = normalise(factor.raw, codes) if codes else None
        if shares is None:
            dropped.append(factor.code)
        else:
            normalised[factor.code] = (factor, shares)
    w = effective_weights(weights, normalised)
    rows = []
    for d in dims:
        contributions = {f: w[f] * shares[d.code] for f, (_factor, shares) in normalised.items()}
        rows.append(
            (
                -round(sum(contributions[f] for f in sorted(contributions)), PRECISION),
                d.code,
                d,
                contributions,
                {f: float(factor.raw.get(d.code, 0.0)) for f, (factor, _s) in normalised.items()},
                {f: shares[d.code] for f, (_factor, shares) in normalised.items()},
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    chosen = _choose(rows, per_group=per_group, extra=extra)
    ranking = [
        Ranked(
            code=d.code,
            group=d.group,
            band=d.band,
            impact=-neg_impact,
            rank=i + 1,
            raw=raw,
            normalised=shares,
            contributions=contributions,
            is_priority=d.code in chosen,
        )
        for i, (neg_impact, _code, d, contributions, raw, shares) in enumerate(rows)
    ]
    return Result(
        weights=w,
        dropped=tuple(dropped),
        ranking=ranking,
        priorities=[r for r in ranking if r.is_priority],
    )


def _choose(rows, *, per_group: int, extra: int) -> set:
    """Top `per_group` of each group, then the next `extra` highest overall. Rows are sorted already."""
    chosen, taken = [], {}
    for row in rows:
        d = row[2]
        if taken.get(d.group, 0) < per_group:
            chosen.append(d.code)
            taken[d.group] = taken.get(d.group, 0) + 1
    rest = [row[2].code for row in rows if row[2].code not in chosen]
    return set(chosen) | set(rest[: max(extra, 0)])


def siri_style_factors(
    *,
    bands: Mapping[str, int],
    best_in_class: Mapping[str, int],
    relevance: Mapping[tuple[str, str, str], int],
    cost_shares: Mapping[str, float],
    kpis: Iterable[str],
) -> list[Factor]:
    """Cost relevance, KPI relevance and the gap to best in class, from whatever tables a version holds.

    `relevance` maps (dimension code, "cost" or "kpi", category code) to the degree of relevance."""
    chosen = sorted(set(kpis))
    cost, kpi, proximity = {}, {}, {}
    for code, band in bands.items():
        cost[code] = sum(relevance.get((code, "cost", c), 0) * float(s) for c, s in sorted(cost_shares.items()))
        kpi[code] = sum(relevance.get((code, "kpi", k), 0) for k in chosen)
        proximity[code] = max(best_in_class.get(code, band) - band, 0)
    return [Factor("cost", cost), Factor("kpi", kpi), Factor("proximity", proximity)]
