"""Scheduling and the workflow."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments import notifications, permissions, workflow
from assessments.models import (
    Assessment,
    AssessmentTransition,
    AssessorAssignment,
    FrameworkVersion,
    Publication,
    PublishedScore,
    Roadmap,
    Score,
    SizeClass,
)
from portal import roles
from portal.api import webhooks
from portal.api.webhooks import webhook_emit
from portal.models import Membership
from portal.services.audit import audit_record

from ._common import _now
from .roadmaps import roadmap_draft_from_priorities


def _is_assessor_of(program_id: int, user) -> bool:
    return Membership.objects.filter(
        program_id=program_id, user=user, role__code=roles.ASSESSOR, is_active=True
    ).exists()


@transaction.atomic
def assessment_schedule(
    *,
    actor,
    program_id: int,
    firm,
    version: FrameworkVersion,
    lead,
    co_assessors=(),
    site: str = "",
    size_class: str = "",
    starts_on=None,
    ends_on=None,
) -> Assessment:
    """Staff schedule an assessment of a firm with a framework version, a lead assessor and co-assessors.

    A second assessment of the same framework takes the firm's latest published one as its T0."""
    errors = {}
    if firm.program_id != program_id:
        errors["firm"] = _("This firm is not in the programme.")
    if not _is_assessor_of(program_id, lead):
        errors["lead"] = _("The lead assessor must be an assessor of the programme.")
    co_assessors = [u for u in co_assessors if u.pk != lead.pk]
    if any(not _is_assessor_of(program_id, u) for u in co_assessors):
        errors["co_assessors"] = _("Co-assessors must be assessors of the programme.")
    if size_class and size_class not in SizeClass.values:
        errors["size_class"] = _("Unknown size class.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
    baseline = (
        Assessment.objects.filter(
            program_id=program_id, firm=firm, framework_id=version.framework_id, publications__isnull=False
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    assessment = Assessment.objects.create(
        program_id=program_id,
        firm=firm,
        framework_id=version.framework_id,
        version=version,
        site=site,
        size_class=size_class,
        starts_on=starts_on,
        ends_on=ends_on,
        baseline=baseline,
        created_by=actor,
        status_changed_at=_now(),
    )
    AssessorAssignment.objects.bulk_create(
        [AssessorAssignment(program_id=program_id, assessment=assessment, firm=firm, user=lead, is_lead=True)]
        + [AssessorAssignment(program_id=program_id, assessment=assessment, firm=firm, user=u) for u in co_assessors]
    )
    AssessmentTransition.objects.create(
        program_id=program_id, assessment=assessment, firm=firm, to_status=assessment.status, actor=actor
    )
    audit_record(
        program_id=program_id,
        actor=actor,
        action="assessment.schedule",
        target=assessment,
        data={"version": str(version), "lead": lead.pk, "co_assessors": [u.pk for u in co_assessors]},
    )
    return assessment


def _move(*, audience, actor, assessment: Assessment, name: str, reason: str = "") -> workflow.Move:
    """The one way a state changes: check who, the state and the move's conditions; record the transition."""
    move = workflow.MOVES[name]
    if assessment.status not in move.sources:
        raise ValidationError(
            _("This assessment is “%(status)s”; it cannot go to “%(target)s” from there.")
            % {"status": assessment.get_status_display(), "target": Assessment.Status(move.target).label},
            code="bad_state",
        )
    if not permissions.assessment_can_move(audience, assessment, move):
        raise PermissionDenied
    reason = (reason or "").strip()
    if move.reason_required and not reason:
        raise ValidationError({"reason": _("Give a reason: it is kept with the assessment.")})
    total = assessment.version.dimensions.count()
    if move.needs_all_assessor_bands:
        done = Score.objects.filter(assessment=assessment, source=Score.Source.ASSESSOR).count()
        if done < total:
            raise ValidationError(
                _("%(done)s of %(total)s dimensions have an assessor band; all are needed.")
                % {"done": done, "total": total},
                code="incomplete",
            )
    if move.needs_all_self_bands_for_firm and not (
        audience.has_role(roles.STAFF) or permissions.is_assigned(audience, assessment)
    ):
        done = Score.objects.filter(assessment=assessment, source=Score.Source.SELF).count()
        if done < total:
            raise ValidationError(
                _("%(done)s of %(total)s dimensions are answered; answer them all before sending.")
                % {"done": done, "total": total},
                code="incomplete",
            )
    changed = Assessment.objects.filter(pk=assessment.pk, status=assessment.status).update(
        status=move.target, status_changed_at=_now()
    )
    if not changed:
        raise ValidationError(_("Someone changed this assessment a moment ago. Reload the page."), code="stale")
    AssessmentTransition.objects.create(
        program_id=assessment.program_id,
        assessment=assessment,
        firm_id=assessment.firm_id,
        from_status=assessment.status,
        to_status=move.target,
        actor=actor,
        reason=reason,
    )
    audit_record(
        program_id=assessment.program_id,
        actor=actor,
        action=f"assessment.{move.name}",
        target=assessment,
        data={"from": assessment.status, "to": move.target, "reason": reason},
    )
    assessment.status = move.target
    return move


@transaction.atomic
def assessment_open_self_assessment(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    _move(audience=audience, actor=actor, assessment=assessment, name="open_self_assessment", reason=reason)
    notifications.assessment_moved(assessment=assessment, move="open_self_assessment", actor=actor, reason=reason)
    return assessment


@transaction.atomic
def assessment_start_evaluation(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    """The firm sends its self-assessment, or an assessor (or staff) starts without waiting for it."""
    _move(audience=audience, actor=actor, assessment=assessment, name="start_evaluation", reason=reason)
    notifications.assessment_moved(assessment=assessment, move="start_evaluation", actor=actor, reason=reason)
    return assessment


@transaction.atomic
def assessment_submit_for_review(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    _move(audience=audience, actor=actor, assessment=assessment, name="submit_for_review", reason=reason)
    notifications.assessment_moved(assessment=assessment, move="submit_for_review", actor=actor, reason=reason)
    return assessment


@transaction.atomic
def assessment_return_to_evaluation(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    _move(audience=audience, actor=actor, assessment=assessment, name="return_to_evaluation", reason=reason)
    return assessment


@transaction.atomic
def assessment_open_revision(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    """Reopen a published assessment; the publication stays readable until the next one replaces it."""
    _move(audience=audience, actor=actor, assessment=assessment, name="open_revision", reason=reason)
    notifications.assessment_moved(assessment=assessment, move="open_revision", actor=actor, reason=reason)
    return assessment


@transaction.atomic
def assessment_publish(*, audience, actor, assessment: Assessment, reason: str = "") -> Publication:
    """Freeze the assessor's bands as a publication the firm sees; the first one also drafts the roadmap."""
    _move(audience=audience, actor=actor, assessment=assessment, name="publish", reason=reason)
    number = Publication.objects.filter(assessment=assessment).count() + 1
    if number > 1 and not reason:  # a revision's publication says why the revision was opened
        reason = (
            AssessmentTransition.objects.filter(assessment=assessment, to_status=Assessment.Status.REVISION)
            .order_by("-created_at", "-pk")
            .values_list("reason", flat=True)
            .first()
        ) or ""
    publication = Publication.objects.create(
        program_id=assessment.program_id,
        assessment=assessment,
        firm_id=assessment.firm_id,
        framework_id=assessment.framework_id,
        number=number,
        reason=reason,
        published_by=actor,
    )
    PublishedScore.objects.bulk_create(
        PublishedScore(
            program_id=assessment.program_id,
            publication=publication,
            firm_id=assessment.firm_id,
            dimension_id=s.dimension_id,
            band=s.band,
            note=s.note,
        )
        for s in Score.objects.filter(assessment=assessment, source=Score.Source.ASSESSOR)
    )
    _make_current(publication)
    if not Roadmap.objects.filter(assessment=assessment).exists():
        roadmap_draft_from_priorities(actor=actor, assessment=assessment)
    audit_record(
        program_id=assessment.program_id,
        actor=actor,
        action="assessment.publication",
        target=publication,
        data={"number": number},
    )
    notifications.assessment_moved(assessment=assessment, move="publish", actor=actor, publication=publication)
    webhook_emit(
        program_id=assessment.program_id,
        event=webhooks.ASSESSMENT_PUBLISHED,
        data={
            "assessment": assessment.pk,
            "firm": assessment.firm_id,
            "framework": assessment.framework.code,
            "publication": number,
        },
    )
    return publication


def _make_current(publication: Publication) -> None:
    """The benchmark pool holds each firm's latest result per framework: the newest published assessment."""
    newest = (
        Assessment.objects.filter(
            program_id=publication.program_id,
            firm_id=publication.firm_id,
            framework_id=publication.framework_id,
            publications__isnull=False,
        )
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if newest != publication.assessment_id:
        return
    Publication.objects.filter(
        program_id=publication.program_id,
        firm_id=publication.firm_id,
        framework_id=publication.framework_id,
        is_current=True,
    ).update(is_current=False)
    Publication.objects.filter(pk=publication.pk).update(is_current=True)
    publication.is_current = True


MOVE_SERVICES = {
    "open_self_assessment": assessment_open_self_assessment,
    "start_evaluation": assessment_start_evaluation,
    "submit_for_review": assessment_submit_for_review,
    "return_to_evaluation": assessment_return_to_evaluation,
    "publish": assessment_publish,
    "open_revision": assessment_open_revision,
}
