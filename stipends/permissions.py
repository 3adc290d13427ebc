"""Who may do what with money (403). Seeing is decided by stipends.selectors (404 for what is not yours).

Services check the same rules against the database (`has_role`): a service never trusts its caller.
"""

from portal import roles
from portal.models import Membership

FINANCE_ROLES = (roles.FINANCE, roles.FINANCE_APPROVER)
# may read money pages of the whole programme
MONEY_READERS = (roles.FINANCE, roles.FINANCE_APPROVER, roles.STAFF, roles.ME)
TRAINEE_ROLES = (roles.AMBASSADOR, roles.OPERATOR)


def has_role(actor, program_id: int, *codes: str) -> bool:
    return Membership.objects.filter(
        program_id=program_id, user_id=getattr(actor, "pk", None), role__code__in=codes, is_active=True
    ).exists()


def can_read_run_files(audience) -> bool:
    """A run's lines as Excel, its bank files and statements: the finance roles (staff and M&E read the totals)."""
    return audience.has_role(*FINANCE_ROLES)


def can_prepare(audience) -> bool:
    return audience.has_role(roles.FINANCE)


def can_approve(audience, run) -> bool:
    """The approver role, and never the person who prepared the run (the database checks it too)."""
    return audience.has_role(roles.FINANCE_APPROVER) and run.prepared_by_id != audience.user_id


def can_verify_claims(audience) -> bool:
    return audience.has_role(roles.STAFF, roles.FINANCE)


def can_submit_claims(audience) -> bool:
    return audience.has_role(roles.FIRM)
