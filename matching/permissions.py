"""Predicates for actions (403). Seeing is decided by matching.selectors (404 for what is not yours)."""

from portal import roles


def can_manage(audience) -> bool:
    """Run, adjust and lock proposals; change matching settings; create positions for every firm."""
    return audience.has_role(roles.STAFF)


def can_edit_positions(audience, firm_id) -> bool:
    return audience.has_role(roles.STAFF) or (audience.has_role(roles.FIRM) and firm_id in audience.firm_ids)


def can_answer_as_firm(audience, offer) -> bool:
    return audience.has_role(roles.FIRM) and offer.firm_id in audience.firm_ids


def can_answer_as_candidate(audience, offer) -> bool:
    return audience.has_role(roles.AMBASSADOR, roles.OPERATOR) and offer.trainee.user_id == audience.user_id


def can_manage_employment(audience, employment) -> bool:
    """Upload the SGK proof, record an early end: staff, or the employing firm."""
    return audience.has_role(roles.STAFF) or (audience.has_role(roles.FIRM) and employment.firm_id in audience.firm_ids)


def can_confirm_as_firm(audience, checkpoint) -> bool:
    return audience.has_role(roles.STAFF) or (audience.has_role(roles.FIRM) and checkpoint.firm_id in audience.firm_ids)


def can_moderate(audience) -> bool:
    return audience.has_role(roles.STAFF)
