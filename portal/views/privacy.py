from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.forms import ConsentForm
from portal.models import Consent
from portal.registry import selectors as registered_selectors
from portal.selectors import consent_active_purposes, notice_acknowledged
from portal.services.privacy import (
    consent_give,
    consent_withdraw,
    privacy_notice_acknowledge,
    privacy_notice_current,
)
from portal.views.client import client_ip
from portal.views.decorators import member_required


@member_required
def privacy(request):
    """The privacy notice, its acknowledgement, and each consent on its own, each withdrawable."""
    audience = request.audience
    notice = privacy_notice_current(program_id=audience.program_id)
    if request.method == "POST" and notice is not None:
        if "acknowledge" in request.POST:
            privacy_notice_acknowledge(
                user=request.user,
                notice=notice,
                ip=client_ip(request),
                user_agent=request.headers.get("user-agent", ""),
            )
            messages.success(request, _("Thank you: we recorded that you read the privacy notice."))
        else:
            form = ConsentForm(request.POST)
            if form.is_valid():
                purpose = form.cleaned_data["purpose"]
                if form.cleaned_data["action"] == "give":
                    consent_give(user=request.user, notice=notice, purpose=purpose, ip=client_ip(request))
                    messages.success(request, _("Consent recorded."))
                else:
                    effects = consent_withdraw(user=request.user, purpose=purpose)
                    messages.success(request, _("Consent withdrawn."))
                    for effect in effects:
                        messages.info(request, effect)
        return redirect("privacy")
    active = consent_active_purposes(user=request.user)
    return render(
        request,
        "portal/privacy.html",
        {
            "notice": notice,
            "acknowledged": notice is not None and notice_acknowledged(user=request.user, notice=notice),
            "purposes": [(value, label, value in active) for value, label in Consent.Purpose.choices],
            # the processing inventory lives in the privacy app (above the core): read through the registry
            "inventory": _inventory(audience.program_id),
        },
    )


def _inventory(program_id):
    reader = registered_selectors.get("privacy_inventory")
    return list(reader(program_id=program_id)) if reader else []
