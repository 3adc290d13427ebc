"""Demo calls with applications in every state, so a newcomer can click through the selection engine.

Each group's app supplies its applicants' details; this walks them through the real services, so every
status change has its transition row, as in real use. Idempotent: a call that exists is left alone.
"""

from datetime import timedelta

from django.utils import timezone

from portal.models import Application, Call
from portal.models.programs import hash_token
from portal.services import selection as services
from portal.tenancy import audience_for

S = Application.Status
# the path each demo applicant takes, by the status she ends in
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: [],
    S.INELIGIBLE: [],
    S.SHORTLISTED: [S.SHORTLISTED],
    S.INTERVIEW: [S.SHORTLISTED, S.INTERVIEW],
    S.SELECTED: [S.SHORTLISTED, S.SELECTED],
    S.WAITLISTED: [S.WAITLISTED],
    S.REJECTED: [S.REJECTED],
}
REASONS = {S.SELECTED: "Güçlü başvuru", S.WAITLISTED: "Kota dolu, yedek", S.REJECTED: "Kriterleri karşılamıyor"}


def demo_call(
    program, staff, *, group: str, title_tr: str, title_en: str, quota: int, rules: list, applicants: list, quotas=()
):
    """applicants: (email, target status, details kwargs). Returns the call."""
    existing = Call.objects.filter(program=program, title_tr=title_tr).first()
    if existing:
        return existing
    audience = audience_for(staff, program_id=program.pk)
    call = services.call_create(
        audience=audience,
        actor=staff,
        group=group,
        title_tr=title_tr,
        title_en=title_en,
        text_tr="Program kapsamında başvurular bu çağrıyla alınmaktadır.",
        text_en="Applications to the programme are received through this call.",
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() + timedelta(days=40),
        quota=quota,
        quotas=list(quotas),
        rules=rules,
        criteria=[
            {"name_tr": "Motivasyon ve uyum", "name_en": "Motivation and fit", "weight": 2, "max_score": 5},
            {"name_tr": "Deneyim ve kapasite", "name_en": "Experience and capacity", "weight": 1, "max_score": 5},
        ],
    )
    kind = services.application_kinds[group]
    for email, target, details_kwargs in applicants:
        application = Application.objects.create(
            program=program, call=call, group=group, email=email, token_hash=hash_token(f"demo:{call.pk}:{email}")
        )
        m2m = {k: details_kwargs.pop(k) for k in list(details_kwargs) if k.endswith("_provinces")}
        details = kind.details_model.objects.create(program=program, application=application, **details_kwargs)
        for name, values in m2m.items():
            getattr(details, name).set(values)
        if target == S.DRAFT:
            services.application_record(application=application, details=details, submit=False)
            continue
        services.application_record(application=application, details=details, submit=True)
        for step in PATHS.get(target, []):
            services.application_transition(
                audience=audience, actor=staff, application=application, to_status=step, reason=REASONS.get(step, "")
            )
        if target != S.DRAFT:
            review = services.review_assign(audience=audience, actor=staff, application=application, reviewer=staff)
            scores = {c.pk: 3 + (len(email) % 3) for c in call.criteria.all()}
            services.review_submit(actor=staff, review=review, scores=scores, comments={}, conflict=False)
    return call


def demo_tckn(n: int) -> str:
    """A valid, made-up T.C. identity number for demo people (distinct per n)."""
    from stdnum.tr import tckimlik

    base = str(300_000_000 + n)
    return base + tckimlik.calc_check_digits(base)
