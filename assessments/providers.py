"""What the assessments app plugs into the core: the assessor's home, background jobs, firm progress steps and
the demo data."""

import random
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import services, waiting
from portal import roles
from portal.demo import demo_extensions
from portal.registry import Export, exports, firm_progress, job_kinds, role_homes, scale_seeders, task_providers

role_homes.register(roles.ASSESSOR, "assessments:assessor_home")
task_providers.register("assessments", waiting.waiting)

job_kinds.register(services.JOB_ROADMAP_PDF, services.roadmap_pdf_job)
job_kinds.register(services.JOB_ROADMAP_PDF_BATCH, services.roadmap_pdf_batch_job)
job_kinds.register(services.JOB_SCORE_UPLOAD, services.score_upload_job)


def _published(code):
    def step(firm):
        from assessments.models import Publication

        return Publication.objects.filter(firm=firm, framework__code=code).exists()

    return step


def _step_siri(firm):
    return (30, _("SIRI digital maturity assessment published"), _published("SIRI")(firm))


def _step_cosiri(firm):
    return (31, _("COSIRI sustainability assessment published"), _published("COSIRI")(firm))


def _step_roadmap(firm):
    from assessments.models import RoadmapItem

    return (32, _("Roadmap of priorities in place"), RoadmapItem.objects.filter(firm=firm).exists())


firm_progress.register("assessment_siri", _step_siri)
firm_progress.register("assessment_cosiri", _step_cosiri)
firm_progress.register("roadmap", _step_roadmap)


DEMO_INITIATIVES = [
    "Üretim verisini MES ile anlık toplama pilotu",
    "Bakım kayıtlarının dijitalleştirilmesi",
    "Tedarikçilerle elektronik sipariş paylaşımı",
    "Enerji tüketiminin hat bazında izlenmesi",
    "Değişim elçisiyle dijital dönüşüm yol haritası çalıştayı",
]


def demo_assessments(program, users):
    """SIRI and COSIRI assessments in every state, one firm with T0 and T1, roadmaps with PDFs.

    Made through the services, so the demo has the transitions and audit trail real use leaves. Idempotent:
    nothing is added once the program has assessments."""
    from assessments.models import Assessment, FrameworkVersion, InputCategory
    from assessments.selectors import assessment_list_for_user, version_dimensions
    from firms.models import Firm
    from portal.tenancy import audience_for

    firms = list(Firm.objects.filter(program=program).order_by("pk"))
    if not firms or Assessment.objects.filter(program=program).exists():
        return
    staff, assessor, firm_user = users[roles.STAFF], users[roles.ASSESSOR], users[roles.FIRM]
    as_staff = audience_for(staff, program_id=program.pk)
    as_assessor = audience_for(assessor, program_id=program.pk)
    as_firm = audience_for(firm_user, program_id=program.pk)
    versions = {
        v.framework.code: v for v in FrameworkVersion.objects.filter(is_current=True).select_related("framework")
    }
    rng = random.Random(2026)  # noqa: S311 — the same demo every time, not a secret

    def _fresh(a):
        """The assessment as the assessor sees it (with her assignment flags, which the moves check)."""
        return assessment_list_for_user(audience=as_assessor).get(pk=a.pk)

    def firm(i):
        return firms[i % len(firms)]

    def schedule(code, f, site="", starts_on=None):
        a = services.assessment_schedule(
            actor=staff,
            program_id=program.pk,
            firm=f,
            version=versions[code],
            lead=assessor,
            site=site,
            size_class="medium",
            starts_on=starts_on,
        )
        return Assessment.objects.select_related("version__framework", "firm").get(pk=a.pk)

    def bands(a, *, lift=0, share=1.0):
        dims = version_dimensions(a.version)
        chosen = dims[: max(1, round(len(dims) * share))]
        services.assessor_bands_save(
            actor=assessor,
            assessment=a,
            entries={d.pk: (min(5, rng.randint(1, 3) + lift), "Saha ziyaretinde gözlemlendi.") for d in chosen},
        )

    def inputs(a):
        cost = list(InputCategory.objects.filter(version=a.version, kind="cost").values_list("code", flat=True))
        kpis = list(InputCategory.objects.filter(version=a.version, kind="kpi").values_list("code", flat=True))
        shares = dict(zip(cost[:4], (40, 30, 20, 10), strict=False)) if len(cost) >= 4 else {}
        services.priority_inputs_save(
            actor=assessor,
            assessment=a,
            industry_group=a.version.industry_groups.order_by("order").first(),
            planning_horizon="tactical",
            cost_profile=shares,
            kpi_codes=kpis[:3],
        )

    def to_evaluation(a):
        services.assessment_open_self_assessment(audience=as_staff, actor=staff, assessment=a)
        services.assessment_start_evaluation(audience=as_staff, actor=staff, assessment=a)

    def publish(a, *, lift=0):
        to_evaluation(a)
        bands(a, lift=lift)
        inputs(a)
        services.assessment_submit_for_review(audience=as_assessor, actor=assessor, assessment=_fresh(a))
        services.assessment_publish(audience=as_assessor, actor=assessor, assessment=_fresh(a))
        roadmap = _fresh(a).roadmap
        for i, item in enumerate(roadmap.items.all()):
            services.roadmap_item_update(
                audience=as_assessor,
                actor=assessor,
                item=item,
                initiative=DEMO_INITIATIVES[i % len(DEMO_INITIATIVES)],
                owner="Değişim elçisi",
                kpis="OEE, teslim süresi",
                start_quarter=1 + i % 3,
                end_quarter=min(4, 2 + i % 3),
            )
        services.roadmap_document_build(actor=assessor, roadmap=_fresh(a).roadmap, language="tr")

    # SIRI: the first firm's T0 published, its T1 published and reopened for a revision; the second in review.
    t0 = schedule("SIRI", firm(0))
    publish(t0)
    t1 = schedule("SIRI", firm(0))
    publish(t1, lift=1)
    services.assessment_open_revision(
        audience=as_assessor,
        actor=assessor,
        assessment=_fresh(t1),
        reason="Firma ek kanıt sundu; iki boyut yeniden ele alınacak.",
    )
    review = schedule("SIRI", firm(1))
    to_evaluation(review)
    bands(review)
    services.assessment_submit_for_review(audience=as_assessor, actor=assessor, assessment=_fresh(review))

    # COSIRI: a self-assessment half done by the demo firm user, an evaluation under way, one scheduled.
    # the assessors visit in three days: her home shows the due date, and her inbox the reminder
    own = schedule("COSIRI", firm(0), starts_on=timezone.localdate() + timedelta(days=3))
    services.assessment_open_self_assessment(audience=as_staff, actor=staff, assessment=own)
    dims = version_dimensions(own.version)
    services.self_assessment_save(
        audience=as_firm,
        actor=firm_user,
        assessment=Assessment.objects.get(pk=own.pk),
        answers={d.pk: (rng.randint(0, 3), "") for d in dims[: len(dims) // 2]},
    )
    evaluation = schedule("COSIRI", firm(1))
    to_evaluation(evaluation)
    bands(evaluation, share=0.5)
    schedule("COSIRI", firm(2 if len(firms) > 2 else 1), site="İkinci tesis")
    services.self_assessments_remind(program_id=program.pk)  # what the daily beat task would send today


demo_extensions.register("assessments", demo_assessments)


def _scale_seed(ctx):
    from assessments import scale

    scale.seed(ctx)


scale_seeders.register("assessments", _scale_seed)

exports.register("band_template", Export("assessments:upload_template"))
exports.register("content_template", Export("assessments:content_template"))


def _register_api():
    from assessments.api import routes
    from portal.api.router import register

    for name, route in routes().items():
        register(name, route)


_register_api()
