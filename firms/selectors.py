from django.db.models import Count, Q
from django.http import Http404

from firms.models import Firm, WorkforceSnapshot
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


def firm_workforce(*, firm):
    return list(WorkforceSnapshot.objects.filter(firm=firm).order_by("as_of"))


def firm_colleagues(*, firm):
    from portal.models import Membership

    return Membership.objects.filter(firm=firm, is_active=True).select_related("user").order_by("user__full_name")


def firm_progress_steps(*, firm):
    """Where the firm is in the program, from every app that registered a step (portal.registry)."""
    from portal.registry import firm_progress

    return sorted((step(firm) for _name, step in firm_progress.items()), key=lambda s: s[0])
