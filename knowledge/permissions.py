from knowledge.models import TRANSITIONS
from portal import roles


def resource_can_edit(audience, resource=None) -> bool:
    """Programme staff write and publish resources (the communication officer holds the staff role)."""
    return audience.has_role(roles.STAFF) and (resource is None or resource.program_id == audience.program_id)


def resource_can_move(audience, resource, to_status: str) -> bool:
    return resource_can_edit(audience, resource) and to_status in TRANSITIONS.get(resource.status, set())
