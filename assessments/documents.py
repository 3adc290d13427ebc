"""Files the portal hands out: the roadmap PDF (the same results, charts and timeline as the web page, rendered
by portal.pdf) and the assessor's band template."""

from django.utils import timezone, translation

from assessments import results as results_module
from assessments import selectors, spreadsheets
from assessments.models import Score
from portal.pdf import render_pdf

TEMPLATE = "pdf/assessments_roadmap.html"


def roadmap_context(*, roadmap, language: str) -> dict:
    with translation.override(language):
        assessment = roadmap.assessment
        results = results_module.assessment_results(assessment=assessment, published_only=True)
        items = list(roadmap.items.select_related("dimension").order_by("order", "pk"))
        labels = {row.dimension.pk: row.dimension.short or row.dimension.code for row in results.rows}
        return {
            "program": assessment.program,
            "firm": assessment.firm,
            "assessment": assessment,
            "version": assessment.version,
            "results": results,
            "roadmap": roadmap,
            "items": items,
            "timeline": results_module.roadmap_timeline(items, labels=labels) if items else "",
            "assessors": selectors.assessment_assignments(assessment),
            "generated_at": timezone.now(),
        }


def roadmap_pdf(*, roadmap, language: str, progress=None) -> bytes:
    context = roadmap_context(roadmap=roadmap, language=language)
    if progress:
        progress(1, 3)
    pdf = render_pdf(TEMPLATE, context, language=language)
    if progress:
        progress(2, 3)
    return pdf


def band_template(*, program_id: int, user, version) -> bytes:
    """The Excel template of a version, one row per firm the assessor may enter bands for now (with the bands
    entered so far)."""
    dimensions = selectors.version_dimensions(version)
    assessments = selectors.open_assessments_for_entry(program_id=program_id, user_id=user.pk, version=version)
    entered = {}
    for score in Score.objects.filter(assessment__in=assessments, source=Score.Source.ASSESSOR).select_related(
        "dimension"
    ):
        entered.setdefault(score.assessment_id, {})[score.dimension.code] = score.band
    return spreadsheets.band_template(
        framework_code=version.framework.code,
        version_number=version.number,
        dimensions=[(d.code, d.name) for d in dimensions],
        firms=[(a.firm_id, a.firm.name, entered.get(a.pk, {})) for a in assessments],
        band_min=version.band_min,
        band_max=version.band_max,
    )
