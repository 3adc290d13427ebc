from django.core.paginator import Paginator
from django.shortcuts import render

from assessments import selectors
from assessments.models import Assessment
from assessments.results import assessment_results
from assessments.workflow import WAITING_ON
from portal import roles
from portal.views.decorators import role_required


@role_required(roles.ASSESSOR)
def assessor_home(request):
    audience = request.audience
    assessments = selectors.assessment_overview_for_user(audience=audience).filter(viewer_is_assigned=True)
    page = Paginator(assessments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/assessor_home.html",
        {
            "page": page,
            "versions": selectors.current_versions(),
            "uploads": selectors.score_upload_list_for_user(audience=audience)[:10],
        },
    )


@role_required(roles.FIRM)
def firm_home(request):
    """The firm's assessments and, per framework, its latest published profile."""
    audience = request.audience
    assessments = selectors.assessment_overview_for_user(audience=audience).filter(firm_id__in=audience.firm_ids)
    profiles = [
        assessment_results(assessment=a, audience=audience)
        for firm_id in sorted(audience.firm_ids)
        for a in selectors.latest_published_per_framework(audience=audience, firm_id=firm_id)
    ]
    return render(
        request,
        "assessments/firm_home.html",
        {"assessments": assessments[:50], "profiles": profiles, "open_status": Assessment.Status.SELF_ASSESSMENT},
    )


@role_required(*roles.PROGRAM_OFFICE)
def staff_overview(request):
    """Every assessment of the programme at a glance: state, who it waits on, progress of both sides."""
    audience = request.audience
    assessments = selectors.assessment_overview_for_user(audience=audience)
    counts = selectors.status_counts(selectors.assessment_list_for_user(audience=audience))
    status = request.GET.get("status", "")
    if status in Assessment.Status.values:
        assessments = assessments.filter(status=status)
    framework = request.GET.get("framework", "")
    if framework:
        assessments = assessments.filter(framework__code=framework)
    page = Paginator(assessments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/staff_overview.html",
        {
            "page": page,
            "statuses": [
                (value, label, counts.get(value, 0), WAITING_ON[value]) for value, label in Assessment.Status.choices
            ],
            "status": status,
            "framework": framework,
            "frameworks": selectors.framework_list(),
            "can_schedule": audience.has_role(roles.STAFF),
        },
    )
