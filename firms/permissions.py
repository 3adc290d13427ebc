from portal import roles


def firm_can_edit_profile(audience, firm) -> bool:
    """Staff, and the firm's own users (within the fields the profile form offers)."""
    return audience.has_role(roles.STAFF) or (audience.has_role(roles.FIRM) and firm.pk in audience.firm_ids)
