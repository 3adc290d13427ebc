"""Who may do what with personal-data records (403 for those who may see but not act)."""

from portal import roles

# The staff who keep the inventory and handle data-subject requests (the program's data-protection contacts).
HANDLERS = (roles.STAFF,)


def can_handle_requests(audience) -> bool:
    return audience.has_role(*HANDLERS)


def can_see_request(audience, request) -> bool:
    """Her own request, or the staff who handle requests: nobody else, not even other office roles."""
    return request.subject_id == audience.user_id or can_handle_requests(audience)
