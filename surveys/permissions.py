"""Who may do what with surveys. M&E officers and programme staff build, send and read them; M&E officers alone
see groups smaller than the anonymity threshold."""

from portal import roles

MANAGERS = (roles.STAFF, roles.ME)
READERS = tuple(roles.PROGRAM_OFFICE)


def can_manage(audience) -> bool:
    return audience.has_role(*MANAGERS)


def can_read_results(audience) -> bool:
    return audience.has_role(*READERS)


def sees_small_groups(audience) -> bool:
    return audience.has_role(roles.ME)
