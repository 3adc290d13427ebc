from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import roles
from portal.forms import InvitationForm
from portal.registry import selectors
from portal.selectors import invitation_get_for_user, invitation_list_for_user, membership_list_for_user
from portal.services.invitations import invitation_create, invitation_revoke
from portal.services.jobs import job_enqueue
from portal.views.decorators import role_required
from portal.views.errors import report_errors


@role_required(*roles.PROGRAM_OFFICE)
def member_list(request):
    audience = request.audience
    page = Paginator(membership_list_for_user(audience=audience), 50).get_page(request.GET.get("page"))
    invitations = invitation_list_for_user(audience=audience).filter(accepted_at__isnull=True, revoked_at__isnull=True)
    return render(
        request,
        "portal/member_list.html",
        {"page": page, "invitations": invitations[:50], "can_invite": audience.has_role(*roles.INVITERS)},
    )


@role_required(*roles.INVITERS)
def invitation_new(request):
    audience = request.audience
    form = InvitationForm(request.POST or None, firms=selectors["firms_for_audience"](audience))
    if request.method == "POST" and form.is_valid():
        try:
            invitation_create(audience=audience, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("member_list")
    return render(request, "portal/invitation_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*roles.INVITERS)
@require_POST
def invitation_revoke_view(request, pk):
    invitation = invitation_get_for_user(audience=request.audience, pk=pk)
    invitation_revoke(audience=request.audience, actor=request.user, invitation=invitation)
    messages.info(request, _("Invitation withdrawn."))
    return redirect("member_list")


@role_required(roles.STAFF, roles.ME)
@require_POST
def members_export(request):
    job = job_enqueue(program_id=request.audience.program_id, actor=request.user, kind="members_export")
    return redirect("job_detail", pk=job.pk)
