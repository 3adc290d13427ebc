from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from operators.selectors import employer_confirmation_get_for_user, employer_confirmations_for_user
from operators.services import employment_confirm
from portal import roles
from portal.views.decorators import role_required


@role_required(roles.FIRM)
def employer_confirmations(request):
    return render(
        request,
        "operators/employer_confirmations.html",
        {"applications": employer_confirmations_for_user(audience=request.audience)},
    )


@role_required(roles.FIRM)
@require_POST
def employer_confirm(request, pk):
    details = employer_confirmation_get_for_user(audience=request.audience, pk=pk)
    confirmed = request.POST.get("answer") == "yes"
    employment_confirm(audience=request.audience, actor=request.user, details=details, confirmed=confirmed)
    messages.success(request, _("Thank you: your answer is recorded."))
    return redirect("operators:employer_confirmations")
