from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.forms import AcceptInvitationForm
from portal.services.invitations import invitation_accept, invitation_get_open
from portal.services.privacy import privacy_notice_acknowledge, privacy_notice_current
from portal.tenancy import public_program_view
from portal.views.client import client_ip


@public_program_view
def invitation_accept_view(request, program_code, token):
    invitation = invitation_get_open(token=token)
    if invitation is None:
        return render(request, "portal/invitation_invalid.html", status=404)
    notice = privacy_notice_current(program_id=invitation.program_id)
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.email.lower() != invitation.email.lower():
        return render(request, "portal/invitation_wrong_user.html", {"invitation": invitation}, status=403)
    form = None if user else AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            user, _membership = invitation_accept(
                invitation=invitation,
                user=user,
                full_name=form.cleaned_data["full_name"] if form else "",
                password=form.cleaned_data["password1"] if form else "",
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [_("This invitation cannot be used.")])))
            return redirect("account_login")
        if notice and (form is not None):
            privacy_notice_acknowledge(
                user=user, notice=notice, ip=client_ip(request), user_agent=request.headers.get("user-agent", "")
            )
        if not request.user.is_authenticated:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! You have joined %(program)s.") % {"program": request.public_program})
        return redirect("home")
    return render(
        request,
        "portal/invitation_accept.html",
        {"invitation": invitation, "form": form, "notice": notice},
        status=400 if form is not None and form.errors else 200,
    )
