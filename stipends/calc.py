"""Pure arithmetic of stipends and salary support: months, rule segments, proration, thresholds. No database."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def days_in_month(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def next_month(day: date) -> date:
    return month_end(day) + timedelta(days=1)


def overlap_days(a_start: date, a_end: date, b_start: date, b_end: date) -> int:
    start, end = max(a_start, b_start), min(a_end, b_end)
    return max((end - start).days + 1, 0)


def prorate(amount_kurus: int, days: int, total_days: int) -> int:
    """amount × days / total, rounded half up to the kuruş, in integers."""
    if days >= total_days:
        return amount_kurus
    return (2 * amount_kurus * days + total_days) // (2 * total_days)


def percent(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if whole else Decimal(0)


@dataclass(frozen=True)
class Segment:
    start: date
    end: date
    rule: object  # anything with monthly_amount_kurus, attendance_threshold_percent, prorate_partial_months, pk


def rule_segments(rules, start: date, end: date) -> list[Segment]:
    """Split [start, end] by the rules' effective dates. `rules` are one track's versions, any order; days
    before the first version have no segment (no rule, no stipend)."""
    ordered = sorted(rules, key=lambda r: r.effective_from)
    segments = []
    for i, rule in enumerate(ordered):
        seg_start = max(rule.effective_from, start)
        seg_end = min(ordered[i + 1].effective_from - timedelta(days=1), end) if i + 1 < len(ordered) else end
        if seg_start <= seg_end:
            segments.append(Segment(seg_start, seg_end, rule))
    return segments


def clip_intervals(intervals, start: date, end: date) -> list[tuple[date, date]]:
    """The (from, to-or-None) intervals clipped to [start, end] and merged, sorted."""
    clipped = sorted((max(a, start), min(b or end, end)) for a, b in intervals)
    merged: list[tuple[date, date]] = []
    for a, b in clipped:
        if a > b:
            continue
        if merged and a <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def stipend_amount(segments: list[Segment], intervals: list[tuple[date, date]], dim: int) -> int:
    """The month's amount under each rule version for the days she was enrolled (`intervals`, clipped and
    merged); a version that does not prorate pays its whole share of the month if she was enrolled under it."""
    total = 0
    for seg in segments:
        seg_days = sum(overlap_days(a, b, seg.start, seg.end) for a, b in intervals)
        if not seg_days:
            continue
        days = seg_days if seg.rule.prorate_partial_months else (seg.end - seg.start).days + 1
        total += prorate(seg.rule.monthly_amount_kurus, days, dim)
    return total


def support_amount(*, gross_kurus: int, share_percent: Decimal, cap_kurus: int, days: int, dim: int) -> int:
    """Programme share of the gross salary, capped, prorated by the days employed in the month."""
    share = (Decimal(gross_kurus) * Decimal(share_percent) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return prorate(min(int(share), cap_kurus), days, dim)


def kurus_from_text(text: str) -> int:
    """'1.234,56', '1234.56', '1234,5', '1.000.000' or '1234' → kuruş. Raises ValueError for anything else.

    Only ASCII digits: `str.isdigit()` also accepts superscripts and other scripts' digits that `int()` reads
    differently or refuses, and an amount of money must mean one thing.
    """
    raw = str(text).strip().replace(" ", "").replace("\u00a0", "")
    if not raw or not raw.isascii() or raw.startswith("-"):
        raise ValueError(text)
    if "," in raw and "." in raw:
        raw = raw.replace(".", "").replace(",", ".") if raw.rfind(",") > raw.rfind(".") else raw.replace(",", "")
    elif "," in raw:
        raw = raw.replace(",", ".")
    elif "." in raw and 1 <= len(raw.split(".")[0]) <= 3 and all(len(g) == 3 for g in raw.split(".")[1:]):
        raw = raw.replace(".", "")  # '1.000' and '12.500.000' are Turkish thousands separators, not decimals
    if raw.count(".") > 1 or not raw.replace(".", "").isdigit():
        raise ValueError(text)
    whole, _, frac = raw.partition(".")
    if len(frac) > 2:
        raise ValueError(text)
    return int(whole or "0") * 100 + int((frac + "00")[:2])


def kurus_to_text(kurus: int, decimal_separator: str = ",") -> str:
    return f"{kurus // 100}{decimal_separator}{kurus % 100:02d}"
