"""Webhooks for programme staff in the portal: register an endpoint, choose its events, read its delivery log,
replay a delivery, turn it back on after it was disabled. The same services as the API (portal.api.webhooks)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import roles
from portal.api import webhooks
from portal.registry import webhook_events
from portal.views.decorators import role_required
from portal.views.errors import report_errors


class EndpointForm(forms.Form):
    url = forms.URLField(label=gettext_lazy("URL"), max_length=500, assume_scheme="https")
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    secret = forms.CharField(
        label=gettext_lazy("Signing secret"),
        min_length=16,
        max_length=200,
        help_text=gettext_lazy("At least 16 characters; give the same secret to the receiver to check signatures."),
    )
    events = forms.MultipleChoiceField(label=gettext_lazy("Events"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = sorted((code, label) for code, label in webhook_events.items())


def _endpoint(request, pk):
    endpoint = webhooks.webhook_endpoint_list_for_user(audience=request.audience).filter(pk=pk).first()
    if endpoint is None:
        raise Http404
    return endpoint


@role_required(roles.STAFF)
def webhook_list(request):
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhooks.webhook_endpoint_create(
                audience=request.audience, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("The endpoint is registered."))
            return redirect("webhook_detail", pk=endpoint.pk)
    endpoints = webhooks.webhook_endpoint_list_for_user(audience=request.audience)
    return render(request, "portal/api/webhook_list.html", {"form": form, "endpoints": endpoints})


@role_required(roles.STAFF)
def webhook_detail(request, pk):
    endpoint = _endpoint(request, pk)
    page = Paginator(webhooks.webhook_delivery_list(endpoint=endpoint), 50).get_page(request.GET.get("page"))
    labels = dict(webhook_events.items())
    return render(
        request,
        "portal/api/webhook_detail.html",
        {"endpoint": endpoint, "page": page, "event_labels": [labels.get(e, e) for e in endpoint.events]},
    )


@role_required(roles.STAFF)
@require_POST
def webhook_toggle(request, pk):
    endpoint = _endpoint(request, pk)
    webhooks.webhook_endpoint_update(
        audience=request.audience, actor=request.user, endpoint=endpoint, is_active=not endpoint.is_active
    )
    messages.success(request, _("The endpoint is on.") if not endpoint.is_active else _("The endpoint is off."))
    return redirect("webhook_detail", pk=endpoint.pk)


@role_required(roles.STAFF)
@require_POST
def webhook_replay(request, pk, delivery_id):
    endpoint = _endpoint(request, pk)
    delivery = webhooks.webhook_delivery_list(endpoint=endpoint).filter(pk=delivery_id).first()
    if delivery is None:
        raise Http404
    webhooks.webhook_replay(audience=request.audience, actor=request.user, delivery=delivery)
    messages.success(request, _("The delivery is being sent again."))
    return redirect("webhook_detail", pk=endpoint.pk)
