from dataclasses import dataclass, replace

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

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


@dataclass(frozen=True)
class Step:
    order: int
    label: str
    done: bool
    url: str = ""  # the page where the firm does this step
    action: str = ""  # the button that leads there
    current: bool = False  # the first step not yet done: what to do next


def _step_links(firm) -> dict:
    """Step name → (URL, what the button says). The steps come from several apps (portal.registry.firm_progress);
    where each is done is the firm home's business, so the links live here. A step may also give its own URL as a
    fourth value."""
    from django.urls import reverse

    assessments = reverse("assessments:firm_home")
    return {
        "selected": (reverse("firms:firm_detail", args=[firm.pk]), _("See your firm's profile")),
        "agreement": (reverse("firms:profile_edit", args=[firm.pk]), _("Upload the signed agreement")),
        "workforce": (reverse("firms:firm_detail", args=[firm.pk]) + "#workforce", _("Enter your workforce figures")),
        "assessment_siri": (assessments, _("Open the SIRI self-assessment")),
        "assessment_cosiri": (assessments, _("Open the COSIRI self-assessment")),
        "roadmap": (assessments, _("See your results and roadmap")),
        "positions": (reverse("matching:position_list"), _("State your open positions")),
        "employment": (reverse("matching:overview"), _("See your candidates and offers")),
        "salary_support": (reverse("stipends:firm_claims"), _("Claim salary support")),
    }


def firm_progress_steps(*, firm) -> list[Step]:
    """Where the firm is in the program, from every app that registered a step (portal.registry), each with the
    page where it is done; the first step not done is the current one."""
    from portal.registry import firm_progress

    links = _step_links(firm)
    steps = []
    for name, step in firm_progress.items():
        order, label, done, *rest = step(firm)
        url, action = links.get(name, ("", ""))
        steps.append(Step(order=order, label=label, done=done, url=rest[0] if rest else url, action=action))
    steps.sort(key=lambda s: s.order)
    current = next((i for i, s in enumerate(steps) if not s.done), None)
    if current is not None:
        steps[current] = replace(steps[current], current=True)
    return steps
