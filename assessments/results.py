"""What an assessment shows: bands per dimension, derived averages, T0 → T1, benchmarks, priorities and the
charts — assembled once for the web page and the roadmap PDF, in a fixed number of queries."""

from dataclasses import dataclass, field
from statistics import mean

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import benchmarks, permissions, prioritisation, selectors
from assessments.models import Score
from portal import charts

GAP_FLAG = 2  # self-assessment and assessor bands this far apart are flagged
FACTOR_LABELS = {
    "cost": gettext_lazy("Cost relevance"),
    "kpi": gettext_lazy("KPI relevance"),
    "proximity": gettext_lazy("Gap to best in class"),
}


def priorities_per_block() -> int:
    return getattr(settings, "ASSESSMENT_PRIORITIES_PER_BLOCK", 1)


def priorities_extra() -> int:
    return getattr(settings, "ASSESSMENT_PRIORITIES_EXTRA", 1)


@dataclass
class Row:
    dimension: object
    band: int | None = None
    note: str = ""
    self_band: int | None = None
    self_note: str = ""
    baseline: int | None = None
    best_in_class: int | None = None
    pool: object = None  # benchmarks.Stats
    percentile: float | None = None

    @property
    def gap(self) -> int | None:
        if self.band is None or self.self_band is None:
            return None
        return self.self_band - self.band

    @property
    def flagged(self) -> bool:
        return self.gap is not None and abs(self.gap) >= GAP_FLAG

    @property
    def change(self) -> int | None:
        if self.band is None or self.baseline is None:
            return None
        return self.band - self.baseline


@dataclass
class Average:
    """A derived figure: the plain mean of the bands below it."""

    item: object
    value: float | None
    count: int


@dataclass
class FactorPart:
    code: str
    label: str
    raw: float
    share: float  # this dimension's share of the factor across dimensions
    weight: float
    contribution: float


@dataclass
class Priority:
    dimension: object
    ranked: prioritisation.Ranked
    parts: list = field(default_factory=list)


@dataclass
class Results:
    assessment: object
    version: object
    rows: list
    pillars: list
    blocks: list
    source: str | None  # "published", "draft" or None (nothing to show yet)
    publication: object = None
    ranking: list = field(default_factory=list)  # Priority for every scored dimension, by impact
    weights: dict = field(default_factory=dict)
    dropped: list = field(default_factory=list)
    pool: dict = field(default_factory=dict)
    has_baseline: bool = False
    radar: str = ""
    heatmap: str = ""

    @property
    def priorities(self) -> list:
        return [p for p in self.ranking if p.ranked.is_priority]

    @property
    def weight_labels(self) -> list:
        return [(str(FACTOR_LABELS.get(code, code)), w) for code, w in sorted(self.weights.items())]

    @property
    def scored(self) -> int:
        return sum(r.band is not None for r in self.rows)


def assessment_results(*, assessment, audience=None, filters=frozenset(), published_only=False) -> Results:
    """Bands from the latest publication for the firm (and once published); the live assessor bands (a draft)
    for programme office and assessors before that. `published_only` forces the publication (the PDF)."""
    version = assessment.version
    dimensions = selectors.version_dimensions(version)
    publication = selectors.latest_publication(assessment)
    drafts = audience is not None and permissions.sees_drafts(audience, assessment)
    use_draft = drafts and not published_only and (publication is None or assessment.status != "published")
    rows = {d.code: Row(dimension=d) for d in dimensions}
    by_id = {r.dimension.pk: r for r in rows.values()}
    if use_draft:
        source = "draft"
        for score in selectors.assessment_scores(assessment, Score.Source.ASSESSOR).values():
            if score.dimension_id in by_id:
                by_id[score.dimension_id].band = score.band
                by_id[score.dimension_id].note = score.note
    elif publication is not None:
        source = "published"
        for score in publication.scores.all():
            if score.dimension.code in rows:
                rows[score.dimension.code].band = score.band
                rows[score.dimension.code].note = score.note
    else:
        source = None
    for score in selectors.assessment_scores(assessment, Score.Source.SELF).values():
        if score.dimension_id in by_id:
            by_id[score.dimension_id].self_band = score.band
            by_id[score.dimension_id].self_note = score.note
    baseline = selectors.baseline_bands(assessment)
    bic = selectors.version_best_in_class(version, assessment.industry_group_id)
    pool = selectors.benchmark_pool(assessment=assessment, filters=frozenset(filters))
    for code, row in rows.items():
        row.baseline = baseline.get(code)
        row.best_in_class = bic.get(code)
        entry = pool["dimensions"].get(code)
        if entry and entry["stats"]:
            row.pool = entry["stats"]
            if row.band is not None:
                row.percentile = benchmarks.percentile_rank(entry["histogram"], row.band)
    ordered = [rows[d.code] for d in dimensions]
    results = Results(
        assessment=assessment,
        version=version,
        rows=ordered,
        pillars=_averages(ordered, lambda d: d.pillar),
        blocks=_averages(ordered, lambda d: d.pillar.building_block),
        source=source,
        publication=publication,
        pool=pool,
        has_baseline=bool(baseline),
    )
    if source:
        _prioritise(results, bic)
        results.radar, results.heatmap = _charts(results)
    return results


def _averages(rows, key) -> list[Average]:
    groups: dict = {}
    for row in rows:
        groups.setdefault(key(row.dimension).pk, (key(row.dimension), []))[1].append(row.band)
    out = []
    for item, bands in groups.values():
        scored = [b for b in bands if b is not None]
        out.append(Average(item, round(mean(scored), 2) if scored else None, len(scored)))
    return out


def _prioritise(results: Results, bic: dict) -> None:
    assessment = results.assessment
    scored = [r for r in results.rows if r.band is not None]
    if not scored:
        return
    bands = {r.dimension.code: r.band for r in scored}
    factors = prioritisation.siri_style_factors(
        bands=bands,
        best_in_class=bic,
        relevance=selectors.version_relevance(results.version),
        cost_shares={k: float(v) for k, v in (assessment.cost_profile or {}).items()},
        kpis=assessment.kpi_codes or [],
    )
    outcome = prioritisation.prioritise(
        [
            prioritisation.DimensionInput(r.dimension.code, r.dimension.pillar.building_block.code, r.band)
            for r in scored
        ],
        factors,
        selectors.version_weights(results.version, assessment.planning_horizon),
        per_group=priorities_per_block(),
        extra=priorities_extra(),
    )
    dims = {r.dimension.code: r.dimension for r in scored}
    results.weights = outcome.weights
    results.dropped = [str(FACTOR_LABELS.get(code, code)) for code in outcome.dropped]
    results.ranking = [
        Priority(
            dimension=dims[ranked.code],
            ranked=ranked,
            parts=[
                FactorPart(
                    code=code,
                    label=str(FACTOR_LABELS.get(code, code)),
                    raw=ranked.raw[code],
                    share=ranked.normalised[code],
                    weight=outcome.weights[code],
                    contribution=ranked.contributions[code],
                )
                for code in sorted(ranked.contributions)
            ],
        )
        for ranked in outcome.ranking
    ]


def _charts(results: Results) -> tuple[str, str]:
    rows = results.rows
    version = results.version
    axes = [r.dimension.short or r.dimension.code for r in rows]
    series = [charts.Series(_("This firm"), [r.band for r in rows], filled=True)]
    columns, values = [_("This firm")], [[r.band] for r in rows]
    if results.has_baseline:
        series.append(charts.Series(_("T0"), [r.baseline for r in rows], dashed=True))
        columns.append(_("T0"))
        for v, r in zip(values, rows, strict=True):
            v.append(r.baseline)
    if not results.pool["suppressed"]:
        series.append(charts.Series(_("Pool median"), [r.pool.median if r.pool else None for r in rows], dashed=True))
        columns.append(_("Pool median"))
        for v, r in zip(values, rows, strict=True):
            v.append(r.pool.median if r.pool else None)
    series.append(charts.Series(_("Best in class"), [r.best_in_class for r in rows], dashed=True))
    columns.append(_("Best in class"))
    for v, r in zip(values, rows, strict=True):
        v.append(r.best_in_class)
    radar = charts.radar(
        axes,
        series,
        min_value=version.band_min,
        max_value=version.band_max,
        title=_("Band profile of %(framework)s") % {"framework": version.framework.code},
    )
    heat = charts.heatmap(
        [f"{r.dimension.short or r.dimension.code} · {r.dimension.name}" for r in rows],
        columns,
        values,
        min_value=version.band_min,
        max_value=version.band_max,
        title=_("Bands by dimension"),
    )
    return radar, heat


def roadmap_timeline(items, *, labels) -> str:
    """The roadmap as a timeline over the four quarters of the 12-month pilot."""
    return charts.timeline(
        [
            (
                f"{labels.get(item.dimension_id, '')} {item.initiative or ''}".strip(),
                item.start_quarter,
                item.end_quarter,
                item.progress,
            )
            for item in items
        ],
        [_("Q1"), _("Q2"), _("Q3"), _("Q4")],
        title=_("Roadmap over the 12-month pilot"),
    )
