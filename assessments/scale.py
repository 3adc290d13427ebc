"""Scale seeder of assessments (portal.scale): for `assessed_share` of the firms a published SIRI assessment
(assessor bands, the publication and its frozen scores, the workflow's transitions, a lead assessor and a
roadmap of `roadmap_items` priorities), for half of those a published COSIRI too, and for some other firms an
assessment under way (scheduled, self-assessment, evaluation or review)."""

from datetime import timedelta

from assessments.models import (
    Assessment,
    AssessmentTransition,
    AssessorAssignment,
    FrameworkVersion,
    Publication,
    PublishedScore,
    Roadmap,
    RoadmapItem,
    Score,
)
from firms.models import Firm
from portal import roles

St = Assessment.Status
FLOW = [St.SCHEDULED, St.SELF_ASSESSMENT, St.EVALUATION, St.REVIEW, St.PUBLISHED]
INITIATIVES = [
    "Üretim verisini MES ile anlık toplama pilotu",
    "Bakım kayıtlarının dijitalleştirilmesi",
    "Tedarikçilerle elektronik sipariş paylaşımı",
    "Enerji tüketiminin hat bazında izlenmesi",
    "Atık ve fire oranlarının izlenmesi",
    "Değişim elçisiyle dönüşüm çalıştayı",
]


def seed(ctx) -> None:
    rng = ctx.rng
    versions = {
        v.framework.code: v for v in FrameworkVersion.objects.filter(is_current=True).select_related("framework")
    }
    dims = {code: list(v.dimensions.order_by("order").values_list("pk", flat=True)) for code, v in versions.items()}
    groups = {code: list(v.industry_groups.values_list("pk", flat=True)) for code, v in versions.items()}
    firm_ids = ctx.ids(Firm)
    assessors = ctx.people[roles.ASSESSOR]
    share = ctx.size("assessed_share", 0.6)
    n_items = ctx.size("roadmap_items", 6)

    plans = []  # (firm id, framework code, final status)
    for fid in firm_ids:
        r = rng.random()
        if r < share:
            plans.append((fid, "SIRI", St.PUBLISHED))
            if rng.random() < 0.5 and "COSIRI" in versions:
                plans.append((fid, "COSIRI", St.PUBLISHED))
        elif r < share + 0.15:
            plans.append((fid, "SIRI", rng.choice(FLOW[:-1])))
    plans = [p for p in plans if p[1] in versions]
    a_ids = list(ctx.reserve_ids(Assessment, len(plans)))
    assessments, assignments, transitions, scores, _published = [], [], [], [], []
    pub_ids = iter(ctx.reserve_ids(Publication, sum(1 for p in plans if p[2] == St.PUBLISHED)))
    roadmap_ids = iter(ctx.reserve_ids(Roadmap, sum(1 for p in plans if p[2] == St.PUBLISHED)))
    publications, pub_scores, roadmaps, items = [], [], [], []
    for aid, (fid, code, final) in zip(a_ids, plans, strict=True):
        version = versions[code]
        lead = assessors[fid % len(assessors)]
        starts = ctx.today - timedelta(days=rng.randint(30, 400))
        created = ctx.now - timedelta(days=(ctx.today - starts).days + 14)
        assessments.append(
            (aid, fid, version.framework_id, version.pk, "Merkez tesis",
             rng.choice(["small", "medium", "medium", "large"]), final, starts,
             starts + timedelta(days=21) if final == St.PUBLISHED else None,
             rng.choice(groups[code]) if groups[code] else None, "tactical", {}, [], ctx.actor_id, created,
             created + timedelta(days=21))
        )  # fmt: skip
        assignments.append((aid, fid, lead, True))
        at = created
        prev = ""
        for step in FLOW[: FLOW.index(final) + 1]:
            transitions.append((aid, fid, prev, step, ctx.actor_id if step == St.SCHEDULED else lead, "", at))
            prev, at = step, at + timedelta(days=rng.randint(1, 5))
        if final in (St.EVALUATION, St.REVIEW, St.PUBLISHED):
            bands = {d: rng.choices([0, 1, 2, 3, 4, 5], [5, 25, 35, 22, 10, 3])[0] for d in dims[code]}
            for d, band in bands.items():
                scores.append((aid, fid, d, "assessor", band, "Saha ziyaretinde gözlemlendi.", lead, at))
            if final == St.PUBLISHED:
                pid = next(pub_ids)
                publications.append((pid, aid, fid, version.framework_id, 1, "", lead, at, True))
                pub_scores += [(pid, fid, d, band, "") for d, band in bands.items()]
                if code == "SIRI":
                    rid = next(roadmap_ids)
                    roadmaps.append((rid, aid, fid, 1, at, at))
                    weakest = sorted(bands, key=lambda d: (bands[d], d))[:n_items]
                    for order, d in enumerate(weakest):
                        start_q = 1 + order % 3
                        items.append(
                            (rid, fid, d, min(5, bands[d] + rng.randint(1, 2)), INITIATIVES[order % len(INITIATIVES)],
                             start_q, min(4, start_q + 1), "Değişim elçisi", "OEE, teslim süresi",
                             rng.choice(["planned", "in_progress", "in_progress", "done"]), rng.randint(0, 100), order)
                        )  # fmt: skip
    ctx.rows(
        Assessment,
        ["id", "firm_id", "framework_id", "version_id", "site", "size_class", "status", "starts_on", "ends_on",
         "industry_group_id", "planning_horizon", "cost_profile", "kpi_codes", "created_by_id", "created_at",
         "status_changed_at"],
        assessments,
    )  # fmt: skip
    ctx.rows(AssessorAssignment, ["assessment_id", "firm_id", "user_id", "is_lead"], assignments)
    ctx.rows(
        AssessmentTransition,
        ["assessment_id", "firm_id", "from_status", "to_status", "actor_id", "reason", "created_at"],
        transitions,
    )
    ctx.rows(
        Score, ["assessment_id", "firm_id", "dimension_id", "source", "band", "note", "updated_by_id", "updated_at"],
        scores,
    )  # fmt: skip
    ctx.rows(
        Publication,
        ["id", "assessment_id", "firm_id", "framework_id", "number", "reason", "published_by_id", "published_at",
         "is_current"],
        publications,
    )  # fmt: skip
    ctx.rows(PublishedScore, ["publication_id", "firm_id", "dimension_id", "band", "note"], pub_scores)
    ctx.rows(Roadmap, ["id", "assessment_id", "firm_id", "revision", "created_at", "updated_at"], roadmaps)
    ctx.rows(
        RoadmapItem,
        ["roadmap_id", "firm_id", "dimension_id", "target_band", "initiative", "start_quarter", "end_quarter",
         "owner", "kpis", "status", "progress", "order"],
        items,
    )  # fmt: skip
    ctx.log(f"assessments: {len(assessments)} assessments, {len(publications)} published, {len(roadmaps)} roadmaps")
