"""One shape for the figures, whether live or frozen: a *snapshot* dict (JSON-safe).

`snapshot_build` computes it from the live records as of a day; period close stores it, the dashboards and the
monitoring report render it, and `snapshot_public` strips the records and suppresses small groups for
stakeholders. Numbers are ints, or strings for decimals (JSON has no decimals; floats are never used).
"""

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reports import calculators as calc
from reports.models import Indicator, IndicatorTarget, ManualValue

SUPPRESS_BELOW = 5
TRACKS = ("ambassador", "operator")
# funnel stage -> calculator code pattern (track substituted)
FUNNEL = (
    ("applied", "applications_{track}"),
    ("selected", "selected_{track}"),
    ("trained", "trainees_completed_{track}"),
    ("placed", "employed_{track}"),
    ("retained", "retained_12_{track}"),
)
# province table columns: key -> calculator code
PROVINCE_COLUMNS = (
    ("firms", "firms_selected"),
    ("ambassadors", "trainees_enrolled_ambassador"),
    ("operators", "trainees_enrolled_operator"),
    ("completed", "trainees_completed"),
    ("employed", "employed"),
)


def stage_labels():
    return {
        "applied": _("Applicants"),
        "selected": _("Selected applicants"),
        "trained": _("Trained"),
        "placed": _("Placed in a job"),
        "retained": _("Retained 12 months"),
    }


def province_column_labels():
    return {
        "firms": _("Firms"),
        "ambassadors": _("Ambassadors in training"),
        "operators": _("Operators in training"),
        "completed": _("Completed training"),
        "employed": _("Women employed"),
    }


def num(value):
    """JSON-safe number: ints stay ints, decimals become strings."""
    if value is None or isinstance(value, int):
        return value
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else str(value.normalize())


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def indicators_for_program(program_id: int):
    return list(
        Indicator.objects.filter(program_id=program_id)
        .select_related("result")
        .prefetch_related(Prefetch("targets", queryset=IndicatorTarget.objects.order_by("due_on")))
        .order_by("result__order", "result__code", "order", "code")
    )


def _manual_values(program_id: int, as_of: date, known_at) -> dict[int, ManualValue]:
    latest = {}
    for value in ManualValue.objects.filter(program_id=program_id, as_of__lte=as_of, created_at__lt=known_at).order_by(
        "indicator_id", "as_of", "pk"
    ):
        latest[value.indicator_id] = value
    return latest


def _targets(indicator, as_of: date):
    targets = list(indicator.targets.all())
    if not targets:
        return None, None, None
    current = next((t for t in targets if t.due_on >= as_of), targets[-1])
    return current.value, current.due_on, targets[-1].value


def snapshot_build(*, program_id: int, as_of: date, with_records: bool = True, known_at=None) -> dict:
    """Every indicator of the program, the funnel and the province table, as of the end of `as_of` (with what
    had been entered by `known_at`, by default that same moment: see reports.calculators.Facts)."""
    facts = calc.Facts(program_id, as_of, known_at)
    indicators = indicators_for_program(program_id)
    codes = {i.calculator for i in indicators if i.calculator}
    codes |= {pattern.format(track=t) for _stage, pattern in FUNNEL for t in TRACKS}
    codes |= {code for _key, code in PROVINCE_COLUMNS}
    if "money_paid" in codes:
        codes.add("budget_allocated")
    figures = calc.evaluate(sorted(codes), program_id=program_id, as_of=as_of, facts=facts)
    manual = _manual_values(program_id, as_of, facts.known)

    rows = []
    for indicator in indicators:
        target, due_on, final = _targets(indicator, as_of)
        if indicator.calculator == "money_paid" and final is None and "budget_allocated" in figures:
            final = figures["budget_allocated"].value or None  # the target of money paid is the budget
        entry = {
            "code": indicator.code,
            "result": indicator.result.code,
            "level": indicator.result.level,
            "name_tr": indicator.name_tr,
            "name_en": indicator.name_en,
            "unit": indicator.unit,
            "method": indicator.method,
            "baseline": num(indicator.baseline),
            "target": num(target),
            "target_due": due_on.isoformat() if due_on else None,
            "final_target": num(final),
            "value": None,
            "available": True,
            "disaggregations": {},
            "records": [],
        }
        if indicator.method == Indicator.Method.MANUAL:
            value = manual.get(indicator.pk)
            entry["value"] = num(value.value) if value else None
            if value and with_records:
                entry["records"] = [f"manualvalue:{value.pk}"]
        elif indicator.calculator in figures:
            figure = figures[indicator.calculator]
            entry["value"] = num(figure.value)
            entry["subjects"] = len({r.subject for r in figure.rows})
            calculator = calc.calculators[indicator.calculator]
            entry["disaggregations"] = {
                dim: [[label, num(value), n] for label, value, n in figure.groups(dim)] for dim in calculator.dimensions
            }
            if with_records:
                entry["records"] = figure.record_refs
        else:
            entry["available"] = False  # its source (e.g. the ledger) is not installed
        entry["progress"] = _progress(entry["value"], final)
        rows.append(entry)

    funnel = {
        track: [
            [stage, num(figures[p.format(track=track)].value) if p.format(track=track) in figures else None]
            for stage, p in FUNNEL
        ]
        for track in TRACKS
    }
    provinces = {}
    for key, code in PROVINCE_COLUMNS:
        if code not in figures:
            continue
        for label, value, n in figures[code].groups("province"):
            provinces.setdefault(label, {})[key] = [num(value), n]
    return {
        "as_of": as_of.isoformat(),
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "known_at": facts.known.isoformat(timespec="seconds"),
        "language": (get_language() or "tr")[:2],
        "indicators": rows,
        "funnel": funnel,
        "provinces": [[name, cols] for name, cols in sorted(provinces.items())],
        "province_columns": [key for key, code in PROVINCE_COLUMNS if code in figures],
    }


def _progress(value, final) -> int | None:
    value, final = as_decimal(value), as_decimal(final)
    if value is None or not final:
        return None
    return max(0, min(100, int(100 * value / final)))


# --- what stakeholders may see --------------------------------------------------------------------


def _suppress(cells: list) -> list:
    """cells: [label, value, subjects]; a group of fewer than SUPPRESS_BELOW subjects is hidden, and when only one
    group of a table is hidden the next smallest is hidden too, so it cannot be worked out from the total."""
    small = [c for c in cells if 0 < c[2] < SUPPRESS_BELOW]
    hidden = {id(c) for c in small}
    if len(small) == 1:
        rest = sorted((c for c in cells if id(c) not in hidden and c[2] > 0), key=lambda c: c[2])
        if rest:
            hidden.add(id(rest[0]))
    return [[c[0], None if id(c) in hidden else c[1], c[2] if id(c) not in hidden else None] for c in cells]


def snapshot_public(snapshot: dict) -> dict:
    """The aggregates a stakeholder may see: no record ids, small groups suppressed, small totals too."""
    indicators = []
    for entry in snapshot["indicators"]:
        public = {k: v for k, v in entry.items() if k != "records"}
        public["disaggregations"] = {dim: _suppress(cells) for dim, cells in entry["disaggregations"].items()}
        # a figure about fewer than five firms or women (a count, a share, an amount) is not shown
        subjects = entry.get("subjects")
        if subjects is None and entry["unit"] in ("people", "firms") and entry["value"] is not None:
            subjects = as_decimal(entry["value"])
        if subjects is not None and 0 < subjects < SUPPRESS_BELOW:
            public["value"], public["progress"], public["suppressed"] = None, None, True
        indicators.append(public)
    provinces = []
    columns = snapshot.get("province_columns", [])
    for name, cols in snapshot["provinces"]:
        provinces.append([name, {k: _public_cell(cols.get(k)) for k in columns}])
    funnel = {
        track: [[stage, None if value is not None and 0 < value < SUPPRESS_BELOW else value] for stage, value in stages]
        for track, stages in snapshot["funnel"].items()
    }
    return {**snapshot, "indicators": indicators, "provinces": provinces, "funnel": funnel, "public": True}


def _public_cell(cell):
    if not cell:
        return [0, 0]
    _value, subjects = cell
    return [None, None] if 0 < subjects < SUPPRESS_BELOW else cell
