"""Weighted rubric scores: each reviewer's score is Σ(weight × score / max) / Σ weight, on a 0–100 scale."""

from decimal import ROUND_HALF_UP, Decimal
from statistics import mean

HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")


def reviewer_score(scores: dict, criteria: list) -> Decimal | None:
    """scores: criterion id -> score. None until every criterion is scored."""
    if not criteria or any(c.pk not in scores for c in criteria):
        return None
    total_weight = sum(Decimal(c.weight) for c in criteria)
    weighted = sum(Decimal(c.weight) * Decimal(scores[c.pk]) / Decimal(c.max_score) for c in criteria)
    return (HUNDRED * weighted / total_weight).quantize(TWO_PLACES, ROUND_HALF_UP)


def combine(reviewer_scores: list) -> tuple[Decimal | None, Decimal | None]:
    """The application's score (mean of reviewers) and the spread (highest − lowest)."""
    values = [s for s in reviewer_scores if s is not None]
    if not values:
        return None, None
    average = Decimal(mean(values)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return average, (max(values) - min(values)).quantize(TWO_PLACES)
