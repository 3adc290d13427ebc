from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
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
    """The firms with their number of active members. A correlated count, not a JOIN + GROUP BY: the page of 25
    costs 25 index look-ups, and the paginator's COUNT(*) stays a plain count of firms (bench: tests/perf)."""
    from portal.models import Membership

    members = (
        Membership.objects.filter(firm_id=OuterRef("pk"), is_active=True)
        .order_by()
        .values("firm_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        firm_list_for_user(audience=audience)
        .annotate(member_count=Coalesce(Subquery(members), 0))
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
