"""Predicates for actions (403). Seeing is decided by selectors (404 for what is not yours).

They read `viewer_is_assigned` / `viewer_is_lead`, which assessments.selectors annotates on every assessment
it hands out, so a check costs no query (an assessment reached another way costs one).
"""

from assessments import workflow
from assessments.models import Assessment, AssessorAssignment
from portal import roles


def is_firm_user_of(audience, assessment: Assessment) -> bool:
    return audience.has_role(roles.FIRM) and assessment.firm_id in audience.firm_ids


def _assignment(audience, assessment: Assessment, attribute: str, **filters) -> bool:
    """The selector's annotation when present; otherwise (an assessment reached another way) one query."""
    value = getattr(assessment, attribute, None)
    if value is None:
        value = AssessorAssignment.objects.filter(assessment=assessment, user_id=audience.user_id, **filters).exists()
        setattr(assessment, attribute, value)
    return bool(value)


def is_assigned(audience, assessment: Assessment) -> bool:
    return audience.has_role(roles.ASSESSOR) and _assignment(audience, assessment, "viewer_is_assigned")


def is_lead(audience, assessment: Assessment) -> bool:
    return audience.has_role(roles.ASSESSOR) and _assignment(audience, assessment, "viewer_is_lead", is_lead=True)


def sees_drafts(audience, assessment: Assessment) -> bool:
    """Programme office and the assigned assessors see bands before publication; the firm only what is published."""
    return audience.is_program_office or is_assigned(audience, assessment)


def assessment_can_schedule(audience) -> bool:
    return audience.has_role(roles.STAFF)


def assessment_can_move(audience, assessment: Assessment, move: workflow.Move) -> bool:
    if assessment.status not in move.sources:
        return False
    checks = {
        workflow.FIRM: is_firm_user_of,
        workflow.ASSESSOR: is_assigned,
        workflow.LEAD: is_lead,
        workflow.STAFF: lambda a, _x: a.has_role(roles.STAFF),
    }
    return any(checks[actor](audience, assessment) for actor in move.actors)


def moves_for(audience, assessment: Assessment) -> list[workflow.Move]:
    return [m for m in workflow.moves_from(assessment.status) if assessment_can_move(audience, assessment, m)]


def assessment_can_self_assess(audience, assessment: Assessment) -> bool:
    return is_firm_user_of(audience, assessment) and assessment.status in workflow.SELF_ASSESSMENT_OPEN


def assessment_can_view_evaluation(audience, assessment: Assessment) -> bool:
    return sees_drafts(audience, assessment)


def assessment_can_enter_bands(audience, assessment: Assessment) -> bool:
    return is_assigned(audience, assessment) and assessment.status in workflow.ASSESSOR_ENTRY_OPEN


def assessment_can_edit_inputs(audience, assessment: Assessment) -> bool:
    return is_assigned(audience, assessment)


def roadmap_can_edit(audience, assessment: Assessment) -> bool:
    return is_assigned(audience, assessment) or is_firm_user_of(audience, assessment)


def scores_can_upload(audience) -> bool:
    return audience.has_role(roles.ASSESSOR)


def content_can_import(audience) -> bool:
    return audience.has_role(roles.STAFF)


def roadmaps_can_build_all(audience) -> bool:
    return audience.has_role(roles.STAFF)
