"""Results of a campaign: per question counts, percentages and averages, broken down by track and province with
every group under the anonymity threshold suppressed (except for M&E officers), and the survey measures that
logframe indicators compute from. Two queries for the responses and the questions, whatever the size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from portal import charts
from surveys.answering import choice_values
from surveys.models import NUMBER_TYPES, Campaign, Measure, SurveyResponse
from training.models import Track

MIN_GROUP = 5  # k: no group smaller than this is shown, so no answer points at a person


def percent(part, whole):
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if whole else None


def _mean(values):
    return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if values else None


@dataclass
class Group:
    dimension: str
    label: str
    n: int
    mean: Decimal | None = None
    shares: list = field(default_factory=list)  # (choice label, per cent)
    suppressed: bool = False


@dataclass
class QuestionResult:
    question: object
    answered: int
    counts: list = field(default_factory=list)  # (value, label, count, per cent)
    mean: Decimal | None = None
    chart: str = ""
    groups: list = field(default_factory=list)


def _number(question, value):
    try:
        return Decimal(str(value)) if question.type in NUMBER_TYPES else None
    except ArithmeticError:
        return None


def responses_of(campaign: Campaign) -> list[tuple]:
    return list(SurveyResponse.objects.filter(campaign=campaign).values_list("answers", "track", "province"))


def summarise(questions, responses, *, show_small: bool) -> list[QuestionResult]:
    tracks = {value: str(label) for value, label in Track.choices} | {"firm": _("Firm contacts")}
    results = []
    for question in questions:
        given = [(answers[question.name], track, province) for answers, track, province in responses
                 if question.name in answers]  # fmt: skip
        result = QuestionResult(question, len(given))
        labels = {c.value: c.label for c in question.choices.all()}
        if question.has_choices:
            counter = Counter()
            for value, _t, _p in given:
                counter.update(value if isinstance(value, list) else [value])
            values = choice_values(question)
            result.counts = [(v, labels.get(v, v), counter[v], percent(counter[v], len(given))) for v in values]
            result.chart = charts.bar_chart([c[1] for c in result.counts], [c[2] for c in result.counts])
        numbers = [n for n in (_number(question, v) for v, _t, _p in given) if n is not None]
        if question.type in NUMBER_TYPES:
            result.mean = _mean(numbers)
        if question.has_choices or question.type in NUMBER_TYPES:
            result.groups = _groups(question, given, tracks, labels, show_small)
        results.append(result)
    return results


def _groups(question, given, tracks, labels, show_small):
    by = defaultdict(list)
    for value, track, province in given:
        by[("track", tracks.get(track, track or _("not recorded")))].append(value)
        by[("province", province or _("not recorded"))].append(value)
    groups = []
    for (dimension, label), values in sorted(by.items()):
        group = Group(dimension, label, len(values))
        if len(values) < MIN_GROUP and not show_small:
            group.suppressed = True
        elif question.type in NUMBER_TYPES:
            group.mean = _mean([n for n in (_number(question, v) for v in values) if n is not None])
        else:
            counter = Counter()
            for v in values:
                counter.update(v if isinstance(v, list) else [v])
            group.shares = [(labels.get(v, v), percent(counter[v], len(values))) for v in choice_values(question)]
        groups.append(group)
    return groups


# --- survey measures (reports' "survey:<id>" calculators read these) ---------------------------------------


@dataclass(frozen=True)
class MeasureRow:
    response_id: int
    campaign_id: int
    respondent_id: int | None
    amount: Decimal | int
    base: int
    track: str
    province: str


def measure_rows(measure: Measure, *, submitted_by) -> list[MeasureRow]:
    """One row per response to the measure's question in campaigns of its phase and questionnaire, submitted
    by the day: amount 1/0 for a share or a count (answered the value or not), the number itself for a mean."""
    rows = []
    responses = SurveyResponse.objects.filter(
        program_id=measure.program_id,
        campaign__phase=measure.phase,
        campaign__questionnaire__code=measure.questionnaire_code,
        submitted_on__lte=submitted_by,
    ).values_list("pk", "campaign_id", "respondent_id", "answers", "track", "province")
    for pk, campaign_id, respondent_id, answers, track, province in responses:
        if measure.question not in answers:
            continue
        value = answers[measure.question]
        if measure.kind == Measure.Kind.MEAN:
            try:
                amount = Decimal(str(value))
            except ArithmeticError:
                continue
        else:
            hit = measure.value in value if isinstance(value, list) else str(value) == measure.value
            amount = int(hit)
        rows.append(MeasureRow(pk, campaign_id, respondent_id, amount, 1, track, province))
    return rows
