from django.shortcuts import render

from portal import roles
from portal.views.decorators import role_required
from reports.selectors import SUPPRESS_BELOW, firms_by_province, trainees_by_track


@role_required(roles.ME)
def me_home(request):
    return render(request, "reports/me_home.html", _aggregates(request.audience))


@role_required(roles.STAKEHOLDER)
def stakeholder_home(request):
    return render(request, "reports/stakeholder_home.html", _aggregates(request.audience))


def _aggregates(audience):
    return {
        "firms_by_province": firms_by_province(audience=audience),
        "trainees_by_track": trainees_by_track(audience=audience),
        "suppress_below": SUPPRESS_BELOW,
    }
