"""Reads, scoped to the audience. `*_get_for_user` answers 404 for missing and not-yours alike.

Who sees an assessment: programme office all of the program; an assessor those she is assigned to (lead or
co-assessor); a firm user her firm's. Benchmarks are aggregates of the program's pool, never other firms' rows.
"""

from collections import defaultdict

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from assessments import benchmarks, permissions
from assessments.models import (
    Assessment,
    AssessmentTransition,
    AssessorAssignment,
    BandDescriptor,
    BandLabel,
    BestInClass,
    Dimension,
    Evidence,
    Framework,
    FrameworkVersion,
    HorizonWeights,
    Publication,
    PublishedScore,
    Relevance,
    Roadmap,
    RoadmapDocument,
    RoadmapItem,
    Score,
    ScoreUpload,
)
from portal import roles

# --- Framework reference data (shared, not program-owned) ---------------------------------------------


def framework_list():
    return Framework.objects.order_by("order")


def version_list():
    return FrameworkVersion.objects.select_related("framework", "content_import").order_by(
        "framework__order", "-number"
    )


def version_get(*, pk) -> FrameworkVersion:
    version = version_list().filter(pk=pk).first()
    if version is None:
        raise Http404
    return version


def current_versions():
    return version_list().filter(is_current=True)


def version_dimensions(version) -> list[Dimension]:
    """The version's dimensions in order, each with its pillar and building block: one query."""
    return list(Dimension.objects.filter(version=version).select_related("pillar__building_block").order_by("order"))


def version_band_labels(version) -> dict[int, BandLabel]:
    return {b.band: b for b in BandLabel.objects.filter(version=version)}


def version_descriptors(version) -> dict[tuple[int, int], BandDescriptor]:
    return {(d.dimension_id, d.band): d for d in BandDescriptor.objects.filter(dimension__version=version)}


def version_relevance(version) -> dict[tuple[str, str, str], int]:
    rows = Relevance.objects.filter(dimension__version=version).values_list(
        "dimension__code", "category__kind", "category__code", "degree"
    )
    return {(dim, kind, cat): degree for dim, kind, cat, degree in rows}


def version_best_in_class(version, industry_group_id) -> dict[str, int]:
    """Best-in-class band per dimension code: the industry's own, else the default, else the top band."""
    rows = BestInClass.objects.filter(dimension__version=version).filter(
        Q(industry_group__isnull=True) | Q(industry_group_id=industry_group_id)
    )
    default, specific = {}, {}
    for code, group_id, band in rows.values_list("dimension__code", "industry_group_id", "band"):
        (specific if group_id else default)[code] = band
    codes = Dimension.objects.filter(version=version).values_list("code", flat=True)
    return {code: specific.get(code, default.get(code, version.band_max)) for code in codes}


def version_weights(version, horizon: str) -> dict:
    row = HorizonWeights.objects.filter(version=version, horizon=horizon).first()
    return dict(row.weights) if row else {}


# --- Assessments ----------------------------------------------------------------------------------


def assessment_list_for_user(*, audience):
    mine = AssessorAssignment.objects.filter(assessment=OuterRef("pk"), user_id=audience.user_id)
    assessments = (
        Assessment.objects.filter(program_id=audience.program_id)
        .select_related("firm", "framework", "version")
        .annotate(viewer_is_assigned=Exists(mine), viewer_is_lead=Exists(mine.filter(is_lead=True)))
    )
    if audience.is_program_office:
        return assessments
    visible = Q(pk__in=[])
    if audience.has_role(roles.ASSESSOR):
        visible |= Q(viewer_is_assigned=True)
    if audience.has_role(roles.FIRM) and audience.firm_ids:
        visible |= Q(firm_id__in=audience.firm_ids)
    return assessments.filter(visible)


def assessment_get_for_user(*, audience, pk) -> Assessment:
    assessment = assessment_list_for_user(audience=audience).filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


def _count(model, **filters):
    return Subquery(
        model.objects.filter(assessment=OuterRef("pk"), **filters)
        .values("assessment")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )


def assessment_overview_for_user(*, audience):
    """The status table: progress of both sides and the assessors, in a fixed number of queries."""
    dimension_total = Subquery(
        Dimension.objects.filter(version=OuterRef("version")).values("version").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )
    return (
        assessment_list_for_user(audience=audience)
        .annotate(
            dimension_total=Coalesce(dimension_total, Value(0)),
            self_done=Coalesce(_count(Score, source=Score.Source.SELF), Value(0)),
            assessor_done=Coalesce(_count(Score, source=Score.Source.ASSESSOR), Value(0)),
            has_roadmap=Exists(Roadmap.objects.filter(assessment=OuterRef("pk"))),
        )
        .select_related("firm__province")
        .prefetch_related(
            Prefetch(
                "assignments", queryset=AssessorAssignment.objects.select_related("user"), to_attr="assignment_list"
            )
        )
        .order_by("firm__name", "framework__order", "-created_at", "pk")
    )


def assessment_assignments(assessment) -> list[AssessorAssignment]:
    return list(AssessorAssignment.objects.filter(assessment=assessment).select_related("user"))


def assessment_transitions(assessment) -> list[AssessmentTransition]:
    return list(AssessmentTransition.objects.filter(assessment=assessment).select_related("actor"))


def assessment_scores(assessment, source: str) -> dict[int, Score]:
    """dimension id -> score of one side."""
    return {s.dimension_id: s for s in Score.objects.filter(assessment=assessment, source=source)}


def assessment_evidence(assessment) -> list[Evidence]:
    return list(Evidence.objects.filter(assessment=assessment).select_related("dimension"))


def latest_publication(assessment) -> Publication | None:
    return (
        Publication.objects.filter(assessment=assessment)
        .prefetch_related(Prefetch("scores", queryset=PublishedScore.objects.select_related("dimension")))
        .order_by("-number")
        .first()
    )


def publications_of(assessment) -> list[Publication]:
    return list(Publication.objects.filter(assessment=assessment).select_related("published_by").order_by("-number"))


def published_bands(publication) -> dict[str, int]:
    """dimension code -> band of a publication fetched by `latest_publication`."""
    return {s.dimension.code: s.band for s in publication.scores.all()} if publication else {}


def baseline_bands(assessment) -> dict[str, int]:
    """The T0 bands a re-assessment is compared with (its baseline's latest publication)."""
    if not assessment.baseline_id:
        return {}
    rows = (
        PublishedScore.objects.filter(publication__assessment_id=assessment.baseline_id)
        .order_by("dimension__code", "-publication__number")
        .values_list("dimension__code", "band")
    )
    bands = {}
    for code, band in rows:
        bands.setdefault(code, band)
    return bands


def dimension_changes(*, program_id: int, framework_id: int) -> list[dict]:
    """T0 → T1 per dimension for every firm whose current result is a re-assessment (for monitoring).

    Two queries, whatever the number of firms."""
    t1 = PublishedScore.objects.filter(
        program_id=program_id,
        publication__framework_id=framework_id,
        publication__is_current=True,
        publication__assessment__baseline__isnull=False,
    ).values_list("firm_id", "publication__assessment__baseline_id", "dimension__code", "band")
    t1 = list(t1)
    t0 = {}
    for baseline_id, code, band in (
        PublishedScore.objects.filter(publication__assessment_id__in={row[1] for row in t1})
        .order_by("publication__assessment_id", "dimension__code", "-publication__number")
        .values_list("publication__assessment_id", "dimension__code", "band")
    ):
        t0.setdefault((baseline_id, code), band)
    return [
        {"firm_id": firm_id, "dimension": code, "t0": t0[(baseline_id, code)], "t1": band}
        for firm_id, baseline_id, code, band in sorted(t1)
        if (baseline_id, code) in t0
    ]


# --- Benchmarks -----------------------------------------------------------------------------------

BENCHMARK_FILTERS = ("sector", "province", "size")


def benchmark_pool(*, assessment, filters: frozenset = frozenset()) -> dict:
    """Pool statistics per dimension code from the program's current publications of the same framework.

    One aggregate query (firms per dimension and band), whatever the pool size. Groups smaller than
    benchmarks.MIN_GROUP come back suppressed: {"n": size, "suppressed": True, "dimensions": {}}.
    """
    firm = assessment.firm
    pool = PublishedScore.objects.filter(
        program_id=assessment.program_id,
        publication__is_current=True,
        publication__framework_id=assessment.framework_id,
    )
    if "sector" in filters:
        pool = pool.filter(firm__sector_id=firm.sector_id)
    if "province" in filters:
        pool = pool.filter(firm__province_id=firm.province_id)
    if "size" in filters:
        pool = pool.filter(publication__assessment__size_class=assessment.size_class)
    histograms = defaultdict(dict)
    # a firm has one current publication per framework (publication_one_current) and it one score per dimension
    # (published_score_unique): each (dimension, firm) comes once, so COUNT(*) counts firms. COUNT(DISTINCT) sorted
    # all 100,000 scores on disk at national size (105 ms → 34 ms).
    for code, band, n in pool.order_by().values_list("dimension__code", "band").annotate(n=Count("pk")):
        histograms[code][band] = n
    size = max((sum(h.values()) for h in histograms.values()), default=0)
    if size < benchmarks.MIN_GROUP:
        return {"n": size, "suppressed": True, "dimensions": {}}
    return {
        "n": size,
        "suppressed": False,
        "dimensions": {code: {"stats": benchmarks.stats(h), "histogram": h} for code, h in histograms.items()},
    }


# --- Roadmaps ------------------------------------------------------------------------------------


def roadmap_for(assessment) -> Roadmap | None:
    return (
        Roadmap.objects.filter(assessment=assessment)
        .prefetch_related(
            Prefetch("items", queryset=RoadmapItem.objects.select_related("dimension").order_by("order", "pk"))
        )
        .first()
    )


def roadmap_documents(roadmap) -> list[RoadmapDocument]:
    return list(RoadmapDocument.objects.filter(roadmap=roadmap).select_related("built_by"))


def roadmap_item_get_for_user(*, audience, pk) -> RoadmapItem:
    item = (
        RoadmapItem.objects.filter(program_id=audience.program_id, pk=pk)
        .filter(roadmap__assessment__in=assessment_list_for_user(audience=audience))
        .select_related("roadmap", "dimension")
        .first()
    )
    if item is None:
        raise Http404
    item.roadmap.assessment = assessment_get_for_user(audience=audience, pk=item.roadmap.assessment_id)
    return item


def roadmap_document_get_for_user(*, audience, pk) -> RoadmapDocument:
    document = (
        RoadmapDocument.objects.filter(program_id=audience.program_id, pk=pk)
        .filter(roadmap__assessment__in=assessment_list_for_user(audience=audience))
        .first()
    )
    if document is None:
        raise Http404
    return document


def roadmaps_to_build(*, program_id: int):
    """Roadmaps of published results, for the batch build."""
    return (
        Roadmap.objects.filter(program_id=program_id, assessment__publications__isnull=False)
        .distinct()
        .select_related("assessment", "firm")
        .order_by("firm__name", "pk")
    )


# --- Evidence, uploads --------------------------------------------------------------------------


def evidence_get_for_user(*, audience, pk) -> Evidence:
    evidence = Evidence.objects.filter(program_id=audience.program_id, pk=pk).first()
    if evidence is None:
        raise Http404
    assessment = assessment_get_for_user(audience=audience, pk=evidence.assessment_id)
    if (
        not permissions.sees_drafts(audience, assessment)
        and not Publication.objects.filter(assessment=assessment).exists()
    ):
        raise Http404  # the firm sees the evidence of its published results only
    return evidence


def score_upload_list_for_user(*, audience):
    return ScoreUpload.objects.filter(program_id=audience.program_id, uploaded_by_id=audience.user_id).select_related(
        "version__framework", "job"
    )


def score_upload_get_for_user(*, audience, pk) -> ScoreUpload:
    upload = score_upload_list_for_user(audience=audience).filter(pk=pk).first()
    if upload is None:
        raise Http404
    return upload


def open_assessments_for_entry(*, program_id: int, user_id: int, version) -> list[Assessment]:
    """The assessor's assessments of a version whose bands she may enter now (the template's rows)."""
    from assessments.workflow import ASSESSOR_ENTRY_OPEN

    return list(
        Assessment.objects.filter(
            program_id=program_id,
            version=version,
            status__in=ASSESSOR_ENTRY_OPEN,
            assignments__user_id=user_id,
        )
        .select_related("firm")
        .order_by("firm__name", "pk")
    )


def assessor_users(*, program_id: int):
    """Users holding the assessor role in the program (for scheduling)."""
    from portal.models import User

    return (
        User.objects.filter(
            memberships__program_id=program_id, memberships__role__code=roles.ASSESSOR, memberships__is_active=True
        )
        .distinct()
        .order_by("full_name", "email")
    )


def status_counts(assessments) -> dict:
    return dict(assessments.order_by().values_list("status").annotate(n=Count("pk")))


def latest_published_per_framework(*, audience, firm_id: int) -> list[Assessment]:
    """The firm's assessments holding its current result per framework (at most one per framework)."""
    return list(
        assessment_list_for_user(audience=audience)
        .filter(firm_id=firm_id, publications__is_current=True)
        .distinct()
        .order_by("framework__order")
    )
