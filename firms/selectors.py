from django.db.models import Count, Q
from django.http import Http404

from firms.models import Firm
from portal import roles


def firm_list_for_user(*, audience):
    """Program office: every firm of the program. Firm users: their own firm. Everyone else: none."""
    firms = Firm.objects.filter(program_id=audience.program_id).select_related("province", "sector")
    if audience.is_program_office:
        return firms
    if audience.has_role(roles.FIRM):
        return firms.filter(pk__in=audience.firm_ids)
    return firms.none()


def firm_get_for_user(*, audience, pk) -> Firm:
    firm = firm_list_for_user(audience=audience).filter(pk=pk).first()
    if firm is None:
        raise Http404
    return firm


def firm_list_with_member_counts(*, audience):
    return (
        firm_list_for_user(audience=audience)
        .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("name", "pk")
    )
