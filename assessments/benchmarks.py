"""Benchmark statistics from band histograms (no database).

Bands are small whole numbers, so the pool of a dimension is fully described by how many firms sit in each
band: the database answers that in one GROUP BY, whatever the pool size, and everything here is exact.
"""

from collections.abc import Mapping
from dataclasses import dataclass

MIN_GROUP = 5  # a benchmark group smaller than this is not shown: no firm can be singled out


@dataclass(frozen=True)
class Stats:
    n: int
    min: float
    q1: float
    median: float
    q3: float
    max: float


def _value_at(hist: list[tuple[int, int]], index: int) -> int:
    """The index-th (0-based) value of the sorted pool the histogram stands for."""
    seen = 0
    for band, count in hist:
        seen += count
        if index < seen:
            return band
    raise IndexError(index)


def quantile(histogram: Mapping[int, int], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default, Excel's QUARTILE.INC)."""
    hist = sorted((b, c) for b, c in histogram.items() if c > 0)
    n = sum(c for _b, c in hist)
    if n == 0:
        raise ValueError("empty pool")
    position = (n - 1) * q
    low = int(position)
    fraction = position - low
    lower = _value_at(hist, low)
    if fraction == 0:
        return float(lower)
    upper = _value_at(hist, min(low + 1, n - 1))
    return lower + (upper - lower) * fraction


def stats(histogram: Mapping[int, int]) -> Stats | None:
    n = sum(histogram.values())
    if n == 0:
        return None
    return Stats(
        n=n,
        min=quantile(histogram, 0),
        q1=quantile(histogram, 0.25),
        median=quantile(histogram, 0.5),
        q3=quantile(histogram, 0.75),
        max=quantile(histogram, 1),
    )


def percentile_rank(histogram: Mapping[int, int], band: int) -> float:
    """Share of the pool below the band, counting half of those on it (mid-rank), in percent."""
    n = sum(histogram.values())
    if n == 0:
        raise ValueError("empty pool")
    below = sum(c for b, c in histogram.items() if b < band)
    equal = histogram.get(band, 0)
    return 100 * (below + 0.5 * equal) / n
