"""Her API tokens: create (the secret shown once), list, revoke; programme staff see and revoke the program's."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import roles
from portal.api import tokens
from portal.models import ApiToken
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=100, help_text=gettext_lazy("e.g. the tool that will use it")
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Scopes"),
        choices=ApiToken.Scope.choices,
        initial=[ApiToken.Scope.READ],
        widget=forms.CheckboxSelectMultiple,
    )
    days = forms.IntegerField(label=gettext_lazy("Valid for (days)"), min_value=1, initial=90)

    def clean_days(self):
        days = self.cleaned_data["days"]
        if days > settings.API_TOKEN_MAX_DAYS:
            raise ValidationError(_("At most %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS})
        return days


@member_required
def api_token_list(request):
    audience = request.audience
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = tokens.token_create(actor=request.user, audience=audience, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            form = TokenForm()
    return render(
        request,
        "portal/api/token_list.html",
        {
            "form": form,
            "secret": secret,
            "tokens": tokens.token_list_for_user(audience=audience),
            "needs_mfa": audience.requires_mfa and not tokens.has_totp(request.user),
        },
    )


@member_required
@require_POST
def api_token_revoke(request, pk):
    token = tokens.token_get_for_user(audience=request.audience, pk=pk)
    tokens.token_revoke(actor=request.user, audience=request.audience, token=token)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    if token.user_id != request.user.pk:
        return redirect("api_token_program_list")
    return redirect("api_token_list")


@role_required(roles.STAFF)
def api_token_program_list(request):
    rows = tokens.token_list_for_program(audience=request.audience)[:500]
    return render(request, "portal/api/token_program_list.html", {"tokens": rows})
