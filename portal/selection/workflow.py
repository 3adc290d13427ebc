"""The application state machine: one table of allowed transitions; services refuse anything else."""

from portal.models import Application

S = Application.Status

TRANSITIONS = {
    S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
    S.SUBMITTED: {S.INELIGIBLE, S.SHORTLISTED, S.SELECTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN},
    # back to SUBMITTED: staff accept it case by case, with a reason; back to DRAFT: she (or staff, with a
    # reason) corrects it while the call is open
    S.INELIGIBLE: {S.SUBMITTED, S.REJECTED, S.DRAFT},
    S.SHORTLISTED: {S.INTERVIEW, S.SELECTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN},
    S.INTERVIEW: {S.SELECTED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN},
    S.WAITLISTED: {S.SELECTED, S.REJECTED, S.WITHDRAWN},
    S.SELECTED: {S.WITHDRAWN},
    S.REJECTED: set(),
    S.WITHDRAWN: set(),
}
# decisions tell the applicant by email; these need a reason
DECISIONS = {S.SELECTED, S.WAITLISTED, S.REJECTED}
STAFF_TARGETS = {S.DRAFT, S.SUBMITTED, S.INELIGIBLE, S.SHORTLISTED, S.INTERVIEW, *DECISIONS}


def can_move(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())
