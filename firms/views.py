from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from firms import permissions
from firms.forms import ColleagueInvitationForm, FirmProfileForm, WorkforceSnapshotForm
from firms.selectors import (
    firm_colleagues,
    firm_get_for_user,
    firm_list_for_user,
    firm_list_with_member_counts,
    firm_progress_steps,
    firm_workforce,
)
from firms.services import firm_colleague_invite, firm_profile_update, workforce_snapshot_record
from portal import roles
from portal.charts import Series, line_chart
from portal.filters import ascii_int
from portal.views.decorators import member_required, role_required


@role_required(roles.FIRM)
def home(request):
    firms = list(firm_list_for_user(audience=request.audience))
    return render(
        request,
        "firms/home.html",
        {"firms": [(firm, firm_progress_steps(firm=firm)) for firm in firms]},
    )


@role_required(*roles.PROGRAM_OFFICE)
def firm_list(request):
    firms = firm_list_with_member_counts(audience=request.audience)
    if (plate := ascii_int(request.GET.get("province"), low=1, high=99)) is not None:
        firms = firms.filter(province__plate=plate)
    page = Paginator(firms, 25).get_page(request.GET.get("page"))
    return render(request, "firms/firm_list.html", {"page": page})


@member_required
def firm_detail(request, pk):
    audience = request.audience
    firm = firm_get_for_user(audience=audience, pk=pk)
    snapshots = firm_workforce(firm=firm)
    chart = None
    if snapshots:
        chart = line_chart(
            [s.as_of.strftime("%m.%Y") for s in snapshots],
            [Series(_("Women's share of employees (%)"), [float(s.women_share or 0) for s in snapshots])],
            max_value=100,
            title=_("Women's share of employees over time"),
        )
    return render(
        request,
        "firms/firm_detail.html",
        {
            "firm": firm,
            "snapshots": snapshots,
            "chart": chart,
            "colleagues": firm_colleagues(firm=firm),
            "can_edit": permissions.firm_can_edit_profile(audience, firm),
            "workforce_form": WorkforceSnapshotForm(),
            "invite_form": ColleagueInvitationForm(),
        },
    )


@member_required
def profile_edit(request, pk):
    audience = request.audience
    firm = firm_get_for_user(audience=audience, pk=pk)
    if not permissions.firm_can_edit_profile(audience, firm):
        raise PermissionDenied
    editable = None if audience.has_role(roles.STAFF) else audience.program.firm_editable_fields
    form = FirmProfileForm(request.POST or None, request.FILES or None, instance=firm, editable=editable)
    if request.method == "POST" and form.is_valid():
        firm_profile_update(audience=audience, actor=request.user, firm=firm, form=form)
        messages.success(request, _("Profile saved."))
        return redirect("firms:firm_detail", pk=firm.pk)
    return render(request, "firms/profile_form.html", {"firm": firm, "form": form}, status=400 if form.errors else 200)


@member_required
@require_POST
def workforce_add(request, pk):
    audience = request.audience
    firm = firm_get_for_user(audience=audience, pk=pk)
    form = WorkforceSnapshotForm(request.POST)
    if form.is_valid():
        try:
            workforce_snapshot_record(audience=audience, actor=request.user, firm=firm, form=form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Workforce figures saved."))
    else:
        problems = "; ".join(" ".join(errors) for errors in form.errors.values())
        messages.error(request, _("Check the figures: %(errors)s") % {"errors": problems})
    return redirect("firms:firm_detail", pk=firm.pk)


@member_required
@require_POST
def colleague_invite(request, pk):
    audience = request.audience
    firm = firm_get_for_user(audience=audience, pk=pk)
    form = ColleagueInvitationForm(request.POST)
    if form.is_valid():
        try:
            firm_colleague_invite(audience=audience, actor=request.user, firm=firm, email=form.cleaned_data["email"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
    else:
        messages.error(request, _("Give a valid email address."))
    return redirect("firms:firm_detail", pk=firm.pk)
