"""Predicates for actions. Seeing is decided by selectors (404 for what is not yours); acting by these (403)."""

from portal import roles


def can_use_program_office(audience) -> bool:
    return audience.is_program_office


def can_invite(audience) -> bool:
    return audience.has_role(*roles.INVITERS)


def can_invite_to_firm(audience, firm_id: int) -> bool:
    return audience.has_role(roles.FIRM) and firm_id in audience.firm_ids


def can_export_members(audience) -> bool:
    return audience.has_role(roles.STAFF, roles.ME)


# Jobs whose result is one person's own data: only she sees them, not even staff (KVKK; privacy.export).
PERSONAL_JOB_KINDS = frozenset({"privacy.export"})


def job_can_view(audience, job) -> bool:
    if job.kind in PERSONAL_JOB_KINDS:
        return job.requested_by_id == audience.user_id
    return job.requested_by_id == audience.user_id or audience.has_role(roles.STAFF)


def can_manage_selection(audience) -> bool:
    return audience.has_role(roles.STAFF)


def can_see_applications(audience) -> bool:
    return audience.is_program_office


def can_be_reviewer(*, reviewer_id: int, program_id: int) -> bool:
    from portal.models import Membership

    return Membership.objects.filter(
        program_id=program_id, user_id=reviewer_id, is_active=True, role__code__in=[roles.STAFF, roles.ASSESSOR]
    ).exists()
