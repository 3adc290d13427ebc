"""Who may do what in monitoring and evaluation."""

from portal import roles

# The program office sees individual records behind a figure; everybody else sees aggregates only.
RECORD_VIEWERS = (roles.STAFF, roles.ME, roles.FINANCE)
# Staff and the M&E officer keep the logframe, close periods, write narratives and generate reports.
MANAGERS = (roles.STAFF, roles.ME)
# Aggregates with small groups suppressed.
AGGREGATE_VIEWERS = (roles.STAKEHOLDER, *RECORD_VIEWERS)


def can_see_records(audience) -> bool:
    return audience.has_role(*RECORD_VIEWERS)


def can_manage(audience) -> bool:
    return audience.has_role(*MANAGERS)


def period_can_close(audience, period) -> bool:
    return can_manage(audience) and not period.is_closed


def narrative_can_edit(audience, period) -> bool:
    """Narratives stay editable after close: the figures are frozen, the words that explain them are not."""
    return can_manage(audience)
