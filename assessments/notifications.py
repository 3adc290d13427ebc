"""The assessments app's notification kinds and the one helper its services call to send them.

Each move of the assessment state machine that waits on someone tells her: the firm when its self-assessment
opens (and again shortly before it is due), the assessors when the firm sends it, the firm when results are
published and when the roadmap PDF is ready, the firm and the assessors when a revision is opened. Sent through
the portal's notification service: written in the mover's transaction, sent on commit, never twice.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models.notifications import Channel
from portal.notifications import recipients
from portal.notifications.kinds import register
from portal.notifications.service import notify

EXAMPLE = {"firm": "Anadolu Metal A.Ş.", "framework": "SIRI", "due": "12.12.2026"}

register(
    key="assessments.self_assessment_opened",
    audience="firm",
    label=_("Your self-assessment is open"),
    subject=_("Your {{ framework }} self-assessment is open"),
    body=_(
        "The programme has opened the {{ framework }} self-assessment of {{ firm }}. Please answer each dimension "
        "and send it{% if due %} by {{ due }}, when the assessors start{% endif %}. It takes about an hour; you can "
        "save and come back."
    ),
    example=EXAMPLE,
    channels=(Channel.INBOX, Channel.EMAIL),
)
register(
    key="assessments.self_assessment_due",
    audience="firm",
    label=_("Your self-assessment is due soon"),
    subject=_("Reminder: the {{ framework }} self-assessment is due on {{ due }}"),
    body=_(
        "The {{ framework }} self-assessment of {{ firm }} is not sent yet. The assessors start on {{ due }}: "
        "please answer the remaining dimensions and send it before then."
    ),
    example=EXAMPLE,
    channels=(Channel.INBOX, Channel.EMAIL),
)
register(
    key="assessments.self_assessment_submitted",
    audience="assessor",
    label=_("A firm sent its self-assessment"),
    subject=_("{{ firm }} sent its {{ framework }} self-assessment"),
    body=_(
        "{{ firm }} has sent its {{ framework }} self-assessment; the evaluation is open. Please enter your bands "
        "beside the firm's answers and submit them for review."
    ),
    example=EXAMPLE,
)
register(
    key="assessments.review_requested",
    audience="assessor or staff",
    label=_("An assessment waits for review"),
    subject=_("The {{ framework }} assessment of {{ firm }} waits for your review"),
    body=_(
        "{{ who }} submitted the {{ framework }} bands of {{ firm }} for review. Please check them and publish the "
        "results to the firm, or return them to evaluation with a reason."
    ),
    example={**EXAMPLE, "who": "Elif Demir"},
)
register(
    key="assessments.results_published",
    audience="firm",
    label=_("Your assessment results are published"),
    subject=_("Your {{ framework }} assessment results are published"),
    body=_(
        "The {{ framework }} assessment results of {{ firm }} are published. Open them to see each dimension's "
        "band, your self-assessment beside it and how firms like yours compare. A draft roadmap of priorities "
        "comes with them."
    ),
    example=EXAMPLE,
    urgent=False,
)
register(
    key="assessments.roadmap_ready",
    audience="firm",
    label=_("Your roadmap is ready"),
    subject=_("Your {{ framework }} roadmap is ready to download"),
    body=_(
        "The roadmap of {{ firm }} (revision {{ revision }}) is ready as a PDF. Open the roadmap to download it and "
        "share it with your team."
    ),
    example={**EXAMPLE, "revision": 2},
)
register(
    key="assessments.revision_opened",
    audience="firm or assessor",
    label=_("An assessment is reopened for revision"),
    subject=_("The {{ framework }} assessment of {{ firm }} is reopened for revision"),
    body=_(
        "The published {{ framework }} assessment of {{ firm }} is reopened for revision. Reason: {{ reason }}. "
        "The published results stay readable until the revised ones replace them."
    ),
    example={**EXAMPLE, "reason": "Yeni kanıt geldi"},
)


def _context(assessment, **extra) -> dict:
    due = assessment.starts_on.strftime("%d.%m.%Y") if assessment.starts_on else ""
    return {"firm": assessment.firm.name, "framework": assessment.framework.code, "due": due, **extra}


def _firm_users(assessment) -> list:
    return recipients.firm_users(program_id=assessment.program_id, firm_ids={assessment.firm_id}).get(
        assessment.firm_id, []
    )


def _assessors(assessment, *, lead_only=False, but=None) -> list:
    from assessments.models import AssessorAssignment

    rows = AssessorAssignment.objects.filter(assessment=assessment, user__is_active=True).select_related("user")
    if lead_only:
        rows = rows.filter(is_lead=True)
    return [a.user for a in rows.order_by("-is_lead", "pk") if but is None or a.user_id != but.pk]


def _detail(assessment) -> str:
    return reverse("assessments:assessment_detail", args=[assessment.pk])


def assessment_moved(*, assessment, move: str, actor, reason: str = "", publication=None) -> None:
    """Tell whoever the assessment now waits on. Called by services._move's callers inside their transaction."""
    if move == "open_self_assessment":
        notify(
            kind="assessments.self_assessment_opened",
            recipients=_firm_users(assessment),
            obj=assessment,
            context=_context(assessment),
            link=reverse("assessments:self_assessment", args=[assessment.pk]),
        )
    elif move == "start_evaluation":
        if actor is not None and any(u.pk == actor.pk for u in _firm_users(assessment)):
            # the firm sent it: the assessors may start (an assessor starting herself needs no telling)
            notify(
                kind="assessments.self_assessment_submitted",
                recipients=_assessors(assessment),
                obj=assessment,
                key=_round(assessment),
                context=_context(assessment),
                link=reverse("assessments:evaluation", args=[assessment.pk]),
            )
    elif move == "submit_for_review":
        notify(
            kind="assessments.review_requested",
            recipients=_assessors(assessment, lead_only=True, but=actor),
            obj=assessment,
            key=_round(assessment),
            context=_context(assessment, who=actor.get_full_name() or actor.email),
            link=_detail(assessment),
        )
    elif move == "publish" and publication is not None:
        notify(
            kind="assessments.results_published",
            recipients=_firm_users(assessment),
            obj=assessment,
            key=f"p{publication.number}",
            context=_context(assessment),
            link=_detail(assessment),
        )
    elif move == "open_revision":
        notify(
            kind="assessments.revision_opened",
            recipients=[*_firm_users(assessment), *_assessors(assessment, but=actor)],
            obj=assessment,
            key=_round(assessment),
            context=_context(assessment, reason=reason.strip().rstrip(".")),
            link=_detail(assessment),
        )


def _round(assessment) -> str:
    """Tells apart the same move made again on one assessment (returned to evaluation, revised twice)."""
    from assessments.models import AssessmentTransition

    return f"t{AssessmentTransition.objects.filter(assessment=assessment).count()}"


def roadmap_ready(*, roadmap) -> None:
    assessment = roadmap.assessment
    notify(
        kind="assessments.roadmap_ready",
        recipients=_firm_users(assessment),
        obj=roadmap,
        key=f"r{roadmap.revision}",
        context=_context(assessment, revision=roadmap.revision),
        link=reverse("assessments:roadmap", args=[assessment.pk]),
    )


def self_assessment_due(*, assessment) -> None:
    notify(
        kind="assessments.self_assessment_due",
        recipients=_firm_users(assessment),
        obj=assessment,
        key="due-soon",
        context=_context(assessment),
        link=reverse("assessments:self_assessment", args=[assessment.pk]),
    )
