"""Shared pieces of reports.calculators."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db.models import OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from assessments.models import AssessmentTransition
from firms.models import Firm, SizeClass, WorkforceSnapshot, size_class_for
from portal.models import Application, Program, Transition
from training.models import Certificate, Enrolment, Track, Trainee

COUNT, SUM, RATIO = "count", "sum", "ratio"

# dimension code -> label
DIMENSIONS = {
    "province": gettext_lazy("Province"),
    "area": gettext_lazy("Pilot or earthquake province"),
    "sector": gettext_lazy("Sector"),
    "size": gettext_lazy("Firm size"),
    "track": gettext_lazy("Track"),
    "operator_status": gettext_lazy("Operator: employed or job-seeking"),
    "age_band": gettext_lazy("Age band"),
    "disability": gettext_lazy("Disability"),
    "purpose": gettext_lazy("Purpose"),
}
PERSON_DIMENSIONS = ("province", "area", "track", "operator_status", "age_band", "disability")


def end_of_day(day: date) -> datetime:
    """The first instant after `day` in the program's time zone: records created before it count."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class Row:
    subject: str  # "firm:12", "trainee:7", "applicant:operator:x@y"
    record: str  # "<kind>:<id>" for the drill-down
    attrs: dict
    amount: int | Decimal = 1
    base: int | Decimal = 0


@dataclass
class Figure:
    value: Decimal | int | None
    rows: list[Row]
    aggregate: str

    @property
    def record_refs(self) -> list[str]:
        return sorted({r.record for r in self.rows})

    def by(self, dimension: str) -> list[tuple[str, Decimal | int | None]]:
        return [(label, value) for label, value, _subjects in self.groups(dimension)]

    def groups(self, dimension: str) -> list[tuple[str, Decimal | int | None, int]]:
        """(label, figure, distinct subjects) per value of the dimension, in one pass over the rows."""
        groups: dict[str, list[Row]] = defaultdict(list)
        missing = _("not recorded")
        for row in self.rows:
            groups[str(row.attrs.get(dimension, missing))].append(row)
        result = [
            (label, aggregate(rows, self.aggregate), len({r.subject for r in rows})) for label, rows in groups.items()
        ]
        return sorted(result, key=_sort_key)


def _sort_key(item):
    return (-(item[1] or 0), item[0])


def aggregate(rows: list[Row], how: str):
    if how == COUNT:
        return len({r.subject for r in rows})
    if how == SUM:
        return sum((r.amount for r in rows), 0)
    amount = sum((Decimal(r.amount) for r in rows), Decimal(0))
    base = sum((Decimal(r.base) for r in rows), Decimal(0))
    if not base:
        return None
    return (100 * amount / base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Facts:
    """Attributes of the program's firms and trainees, loaded once per evaluation (one query per table)."""

    def __init__(self, program_id: int, as_of: date, known_at: datetime | None = None):
        self.program_id = program_id
        self.as_of = as_of
        # events (a selection, a publication, a settlement) count when they happened by the end of the day;
        # records carrying their own date (an enrolment, an employment, workforce figures) count when that date is
        # by the day *and* they had been entered by `known_at`: by default the same instant, so a live figure
        # "as of" a past day says what it said then; a period close passes "now", so late entries dated inside
        # the period are frozen with it.
        self.end = end_of_day(as_of)
        self.known = known_at or self.end
        # labels translated once, not once per row (50,000 women at national scale)
        self.not_recorded = _("not recorded")
        self.other_province = _("Other province")
        self._attrs: dict[tuple, dict] = {}

    def _shared(self, **attrs) -> dict:
        """Rows with the same attributes share one dict: memory stays flat at national scale."""
        key = tuple(attrs.items())
        return self._attrs.setdefault(key, attrs)

    @cached_property
    def areas(self) -> dict[int, str]:
        pilot = Program.pilot_provinces.through.objects.filter(program_id=self.program_id).values_list(
            "province_id", Value(1)
        )
        case = Program.case_by_case_provinces.through.objects.filter(program_id=self.program_id).values_list(
            "province_id", Value(0)
        )
        areas, labels = {}, {1: _("Pilot province"), 0: _("Earthquake province (case by case)")}
        for province_id, is_pilot in pilot.union(case, all=True):
            if is_pilot or province_id not in areas:
                areas[province_id] = labels[is_pilot]
        return areas

    def area(self, province_id) -> str:
        return self.areas.get(province_id, self.other_province)

    @cached_property
    def latest_workforce(self) -> dict[int, WorkforceSnapshot]:
        """Each firm's latest workforce figures dated on or before as_of (and entered by then)."""
        latest = {}
        for snap in WorkforceSnapshot.objects.filter(
            program_id=self.program_id, as_of__lte=self.as_of, created_at__lt=self.known
        ).order_by("firm_id", "as_of"):
            latest[snap.firm_id] = snap
        return latest

    @cached_property
    def firms(self) -> dict[int, dict]:
        none = self.not_recorded
        sizes = {value: str(label) for value, label in SizeClass.choices}
        facts = {}
        rows = Firm.objects.filter(program_id=self.program_id).values_list(
            "pk", "province_id", "province__name", "sector__division", "sector__name_tr", "sector__name_en",
            "application__size_class",
        )  # fmt: skip
        english = (get_language() or "tr").startswith("en")
        for pk, province_id, province_name, division, sector_tr, sector_en, applied_size in rows:
            snap = self.latest_workforce.get(pk)
            size = size_class_for(_total(snap)) if snap else applied_size
            facts[pk] = self._shared(
                province=province_name,
                area=self.area(province_id),
                sector=f"{division} {(sector_en if english else sector_tr) or sector_tr}" if division else none,
                size=sizes.get(size, none),
            )
        return facts

    @cached_property
    def trainees(self) -> dict[int, dict]:
        tracks = {value: str(label) for value, label in Track.choices}
        none, not_operator = self.not_recorded, _("not an operator")
        operator_status = Application.objects.filter(
            program_id=self.program_id,
            group="operator",
            status=Application.Status.SELECTED,
            user_id=OuterRef("user_id"),
        ).values("quota_key")[:1]
        labels = {"employed": _("Employed in a programme firm"), "job_seeker": _("Job-seeking")}
        facts = {}
        for pk, track, province_id, province_name, quota_key in (
            Trainee.objects.filter(program_id=self.program_id)
            .annotate(operator_status=Subquery(operator_status))
            .values_list("pk", "track", "province_id", "province__name", "operator_status")
        ):
            status = labels.get(quota_key, none) if track == Track.OPERATOR else not_operator
            facts[pk] = self._shared(
                province=province_name,
                area=self.area(province_id),
                track=tracks.get(track, track),
                operator_status=status,
                age_band=none,
                disability=none,
                _track=track,
            )
        return facts

    # --- the sources, each read once per evaluation; the calculators filter them in Python -------------

    @cached_property
    def firms_selected(self) -> list[int]:
        return list(
            Firm.objects.filter(program_id=self.program_id, created_at__lt=self.end).values_list("pk", flat=True)
        )

    @cached_property
    def published(self) -> list[tuple]:
        return list(
            AssessmentTransition.objects.filter(
                program_id=self.program_id, to_status="published", created_at__lt=self.end
            ).values_list("assessment_id", "firm_id", "assessment__framework__code")
        )

    @cached_property
    def applications(self) -> list[tuple]:
        return list(
            Application.objects.filter(program_id=self.program_id, submitted_at__lt=self.end).values_list(
                "pk", "group", "email", "province_id", "province__name"
            )
        )

    @cached_property
    def selections(self) -> list[tuple]:
        return list(
            Transition.objects.filter(
                program_id=self.program_id, to_status="selected", created_at__lt=self.end
            ).values_list(
                "application_id", "application__group", "application__email", "application__province_id",
                "application__province__name",
            )
        )  # fmt: skip

    @cached_property
    def enrolments(self) -> list[tuple]:
        return list(
            Enrolment.objects.filter(
                program_id=self.program_id, enrolled_on__lte=self.as_of, created_at__lt=self.known
            ).values_list("trainee_id", "cohort__track", "status", "ended_on")
        )

    @cached_property
    def certificates(self) -> list[tuple]:
        return list(
            Certificate.objects.filter(program_id=self.program_id, issued_on__lte=self.as_of).values_list(
                "trainee_id", "trainee__track"
            )
        )

    @cached_property
    def employments(self) -> list[tuple]:
        from matching.models import Employment

        return list(
            Employment.objects.filter(
                program_id=self.program_id, start_date__lte=self.as_of, created_at__lt=self.known
            ).values_list("pk", "trainee_id", "trainee__track")
        )

    @cached_property
    def retained(self) -> list[tuple]:
        from matching.models import RetentionCheckpoint

        return list(
            RetentionCheckpoint.objects.filter(
                program_id=self.program_id, still_employed=True, firm_confirmed_at__lt=self.end
            ).values_list("employment_id", "trainee_id", "trainee__track", "month")
        )


class _NoAttributes(dict):
    def __missing__(self, key):
        return {}


class RecordFacts(Facts):
    """Facts for a drill-down without a group: the records behind a figure need no disaggregation attributes, so
    the attribute tables (every firm, every woman, with their joins) are not read. Calculators never filter on
    attributes, so the records are the same as with Facts."""

    @property
    def firms(self) -> dict:
        return _NoAttributes()

    @property
    def trainees(self) -> dict:
        return _NoAttributes()


def _total(snap) -> int:
    return snap.white_collar_women + snap.white_collar_men + snap.blue_collar_women + snap.blue_collar_men


@dataclass(frozen=True)
class Calculator:
    code: str
    label: object
    aggregate: str
    dimensions: tuple
    compute: Callable[[Facts], list[Row]]
    source: object = ""  # what "as of" relies on, shown beside the figure

    def evaluate(self, facts: Facts) -> Figure:
        rows = self.compute(facts)
        return Figure(aggregate(rows, self.aggregate), rows, self.aggregate)


class CalculatorRegistry(dict):
    """The calculators registered in code, plus families whose calculators are defined by data: a code
    "<family>:<id>" (e.g. "survey:3", a survey measure) is looked up through `families[family]`, an object with
    `get(code) -> Calculator | None` and `listing() -> dict[code, Calculator]` (the current program's)."""

    def __missing__(self, code):
        found = self.get(code)
        if found is None:
            raise KeyError(code)
        return found

    def get(self, code, default=None):
        if dict.__contains__(self, code):
            return dict.__getitem__(self, code)
        family = families.get(str(code).split(":", 1)[0]) if ":" in str(code) else None
        found = family.get(code) if family else None
        return default if found is None else found

    def __contains__(self, code):
        return self.get(code) is not None

    def items(self):
        listed = dict(dict.items(self))
        for family in families.values():
            listed.update(family.listing())
        return listed.items()


# family prefix -> lookup (see CalculatorRegistry); reports/survey_calculators.py registers "survey"
families: dict = {}
calculators: dict[str, Calculator] = CalculatorRegistry()


def register(calculator: Calculator) -> Calculator:
    calculators[calculator.code] = calculator
    return calculator


def evaluate(codes, *, program_id: int, as_of: date, facts: Facts | None = None) -> dict[str, Figure]:
    facts = facts or Facts(program_id, as_of)
    return {code: calculators[code].evaluate(facts) for code in codes if code in calculators}
