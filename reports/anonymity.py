"""k-anonymity on combinations of released columns (quasi-identifiers).

Protecting each column on its own is not enough: on the demo, 4 of 29 women were unique on the combination of
their columns (the one operator who withdrew in a quarter). Here every released column is a quasi-identifier,
rows are grouped into equivalence classes on all of them together, and rows in classes smaller than k are
generalised one step at a time — only those rows (local recoding), so large classes keep their detail — along
each column's hierarchy (province → area → *, quarter → half-year → year → *, …). At each step the column whose
next level leaves the fewest rows in small classes is chosen. When nothing is left to generalise, the rows that
still sit in a class smaller than k are suppressed (left out) and counted.

The released table then satisfies: every combination of released values describes at least k rows.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WITHHELD = "*"
K_MINIMUM = 5  # never below: the programme's published promise and the usual statistical-disclosure floor


@dataclass(frozen=True)
class Hierarchy:
    """How one column coarsens. `levels[i]` maps the exact value to its value at level i+1; the last level
    is always WITHHELD (added here, so a hierarchy cannot forget it)."""

    column: str
    levels: Sequence[Callable[[dict], str]] = field(default_factory=tuple)
    fixed: bool = False  # never generalised (the track: the analysis makes no sense without it)

    def value(self, row: dict, level: int) -> str:
        if level == 0:
            return row[self.column]
        if level <= len(self.levels):
            return self.levels[level - 1](row)
        return WITHHELD

    @property
    def top(self) -> int:
        return 0 if self.fixed else len(self.levels) + 1


@dataclass
class Outcome:
    rows: list[dict]
    k: int
    generalised: dict[str, int]  # column -> number of values changed from their exact value
    suppressed: int  # rows left out

    @property
    def smallest_class(self) -> int:
        return smallest_class(self.rows, list(self.generalised))


def smallest_class(rows: list[dict], columns: Sequence[str]) -> int:
    counts = Counter(tuple(r[c] for c in columns) for r in rows)
    return min(counts.values(), default=0)


def anonymise(rows: list[dict], hierarchies: Sequence[Hierarchy], *, k: int) -> Outcome:
    """Return new rows (the input is not changed) in which every combination of the hierarchies' columns occurs
    at least k times. Columns outside the hierarchies (random references) are copied as they are."""
    k = max(k, K_MINIMUM)
    n_cols = len(hierarchies)
    levels = [[0] * n_cols for _ in rows]

    def key(i: int, lv: list[int] | None = None) -> tuple:
        lv = lv or levels[i]
        return tuple(h.value(rows[i], lv[c]) for c, h in enumerate(hierarchies))

    keys = [key(i) for i in range(len(rows))]
    while True:
        counts = Counter(keys)
        small = [i for i, kk in enumerate(keys) if counts[kk] < k]
        if not small:
            break
        best = None
        for c, h in enumerate(hierarchies):
            movable = [i for i in small if levels[i][c] < h.top]
            if not movable:
                continue
            trial = Counter(counts)
            moved = {}
            for i in movable:
                lv = list(levels[i])
                lv[c] += 1
                new = key(i, lv)
                trial[keys[i]] -= 1
                trial[new] += 1
                moved[i] = new
            left = sum(1 for i in small if trial[moved.get(i, keys[i])] < k)
            # fewer rows still exposed wins; on a tie, the column generalised in fewer rows so far (less loss)
            score = (left, sum(1 for lv in levels if lv[c]), c)
            if best is None or score < best[0]:
                best = (score, c, moved)
        if best is None:  # every small row is withheld on every column and still too few: leave them out
            break
        _score, c, moved = best
        for i, new in moved.items():
            levels[i][c] += 1
            keys[i] = new
    counts = Counter(keys)
    kept = [i for i, kk in enumerate(keys) if counts[kk] >= k]
    out = []
    for i in kept:
        row = dict(rows[i])
        for c, h in enumerate(hierarchies):
            row[h.column] = keys[i][c]
        out.append(row)
    generalised = {h.column: sum(1 for i in kept if keys[i][c] != rows[i][h.column]) for c, h in enumerate(hierarchies)}
    return Outcome(rows=out, k=k, generalised=generalised, suppressed=len(rows) - len(kept))


# hierarchies shared by the policy export's files


def quarter_to_half(value: str) -> str:
    """ "2026-Q3" → "2026-H2"; empty or withheld values stay."""
    if not value or "-Q" not in value:
        return value
    year, q = value.split("-Q")
    return f"{year}-H{1 if q in ('1', '2') else 2}"


def quarter_to_year(value: str) -> str:
    return value.split("-")[0] if value and "-" in value else value
