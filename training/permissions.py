"""Predicates for actions (403). Seeing is decided by training.selectors (404 for what is not yours).

Objects passed in come from the selectors, which annotate `taught_by_me` (the audience's user is assigned to
the cohort as a trainer).
"""

from portal import roles

TRAINEE_ROLES = (roles.AMBASSADOR, roles.OPERATOR)


def can_manage_cohorts(audience) -> bool:
    """Create cohorts and sessions, assign trainers, enrol, transfer and withdraw trainees."""
    return audience.has_role(roles.STAFF)


def can_edit_rules(audience) -> bool:
    return audience.has_role(roles.STAFF)


def can_see_overview(audience) -> bool:
    return audience.is_program_office


def cohort_can_teach(audience, cohort) -> bool:
    """Record attendance, show check-in codes, confirm check-ins, enter grades."""
    return audience.has_role(roles.STAFF) or (
        audience.has_role(roles.TRAINER) and bool(getattr(cohort, "taught_by_me", False))
    )


def session_can_teach(audience, session) -> bool:
    return audience.has_role(roles.STAFF) or (
        audience.has_role(roles.TRAINER) and bool(getattr(session, "taught_by_me", False))
    )


def cohort_can_export(audience) -> bool:
    return audience.has_role(roles.STAFF, roles.ME)


def trainee_can_edit(audience) -> bool:
    return audience.has_role(roles.STAFF)


def trainee_can_see_personal_data(audience) -> bool:
    """Masked identity number, IBAN and phone: the programme office only, never trainers."""
    return audience.is_program_office


def trainee_can_reveal_pii(audience) -> bool:
    """Unmasking a TCKN or IBAN (logged): staff, and finance for stipend payments."""
    return audience.has_role(roles.STAFF, roles.FINANCE)


def can_check_in(audience) -> bool:
    return audience.has_role(*TRAINEE_ROLES)
