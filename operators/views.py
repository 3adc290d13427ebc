from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from operators import selectors
from operators.forms import OperatorProfileForm
from operators.selectors import employer_confirmation_get_for_user, employer_confirmations_for_user
from operators.services import employment_confirm, operator_profile_save
from portal import roles
from portal.views.decorators import role_required
from portal.views.errors import report_errors


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


@role_required(roles.OPERATOR)
def profile(request):
    audience = request.audience
    trainee = selectors.own_operator_trainee(audience=audience)
    if trainee is None:
        return render(request, "training/trainee_profile.html", {"trainee": None, "form": None})
    current = selectors.operator_profile_for(trainee=trainee)
    form = OperatorProfileForm(
        request.POST or None, instance=current, firms=selectors.employer_firms(audience=audience)
    )
    if request.method == "POST" and form.is_valid():
        try:
            operator_profile_save(audience=audience, actor=request.user, trainee=trainee, data=form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("matching:overview")
    return render(
        request, "training/trainee_profile.html", {"trainee": trainee, "form": form}, status=400 if form.errors else 200
    )


@role_required(*roles.PROGRAM_OFFICE)
def profile_list(request):
    trainees = selectors.operator_profile_list_for_user(audience=request.audience)
    page = Paginator(trainees, 50).get_page(request.GET.get("page"))
    return render(request, "operators/profile_list.html", {"trainees": page.object_list, "page": page})
