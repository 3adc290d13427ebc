"""Ambassador pages: the CV download of an application, the profile, mentoring. Reads through selectors, writes
through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ambassadors import selectors, services
from ambassadors.forms import MentorAssignForm, ProfileForm, SessionForm
from portal import roles
from portal.files import file_download
from portal.views.decorators import role_required
from portal.views.errors import report_errors

OFFICE = tuple(roles.PROGRAM_OFFICE)
MENTEE_CHOICES = 100


@role_required(*roles.PROGRAM_OFFICE)
def application_cv(request, pk):
    """The CV is never a public media URL: staff download it through this view."""
    details = selectors.ambassador_application_for_user(audience=request.audience, application_pk=pk)
    if not details.cv:
        raise Http404
    return file_download(
        audience=request.audience,
        actor=request.user,
        obj=details,
        field="cv",
        reason=_("reviewing the application"),
        # the stored name carries the detected type's extension (a CV may be a PDF or a Word file)
        filename=f"cv-{details.application.reference}.{details.cv.name.rsplit('.', 1)[-1]}",
    )


# --- the profile ----------------------------------------------------------------------------------------------------


@role_required(roles.AMBASSADOR)
def profile(request):
    audience = request.audience
    trainee = selectors.own_ambassador_trainee(audience=audience)
    if trainee is None:
        return render(request, "training/trainee_profile.html", {"trainee": None, "form": None})
    current = selectors.profile_for(trainee=trainee)
    prefs = {p.rank: p.firm_id for p in current.preferences.all()} if current else {}
    firms = selectors.preference_firms(audience=audience)
    form = ProfileForm(
        request.POST or None,
        instance=current,
        firms=firms,
        initial={"first_choice": prefs.get(1), "second_choice": prefs.get(2), "third_choice": prefs.get(3)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(
                audience=audience, actor=request.user, trainee=trainee, data=form.cleaned_data, firm_ids=form.firm_ids()
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("matching:overview")
    return render(
        request, "training/trainee_profile.html", {"trainee": trainee, "form": form}, status=400 if form.errors else 200
    )


@role_required(*OFFICE)
def profile_list(request):
    page = Paginator(selectors.profile_list_for_user(audience=request.audience), 50).get_page(request.GET.get("page"))
    return render(request, "ambassadors/profile_list.html", {"trainees": page.object_list, "page": page})


# --- mentoring ------------------------------------------------------------------------------------------------------


def _with_flags(assignments, *, program_id):
    days = selectors.checkin_days(program_id=program_id)
    rows = list(assignments)
    for a in rows:
        a.missed = selectors.missed_checkin(a, days=days)
    return rows, days


@role_required(roles.MENTOR)
def mentor_home(request):
    audience = request.audience
    rows, days = _with_flags(
        selectors.assignment_list_for_user(audience=audience).filter(mentor_id=audience.user_id, ended_on__isnull=True),
        program_id=audience.program_id,
    )
    return render(request, "ambassadors/mentor_home.html", {"assignments": rows, "days": days})


@role_required(*OFFICE)
def mentoring_list(request):
    audience = request.audience
    rows, days = _with_flags(
        selectors.assignment_list_for_user(audience=audience).filter(ended_on__isnull=True),
        program_id=audience.program_id,
    )
    # tens of thousands of ambassadors at national size: the choice lists the first ones by name, or those whose
    # name contains what staff typed (the assignment itself still accepts any ambassador without a mentor)
    q = request.GET.get("q", "").strip()[:100]
    candidates = selectors.unmentored_ambassadors(audience=audience, name_contains=q)[:MENTEE_CHOICES]
    form = MentorAssignForm(trainees=candidates, mentors=selectors.mentor_users(audience=audience))
    return render(
        request,
        "ambassadors/mentoring_list.html",
        {
            "assignments": rows,
            "days": days,
            "form": form,
            "q": q,
            "choices_max": MENTEE_CHOICES,
            "can_assign": audience.has_role(roles.STAFF),
        },
    )


@role_required(roles.STAFF)
@require_POST
def mentor_assign(request):
    audience = request.audience
    form = MentorAssignForm(
        request.POST,
        trainees=selectors.unmentored_ambassadors(audience=audience),
        mentors=selectors.mentor_users(audience=audience),
    )
    if form.is_valid():
        try:
            services.mentor_assign(
                audience=audience,
                actor=request.user,
                mentor=form.cleaned_data["mentor"],
                trainee=form.cleaned_data["trainee"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Mentor assigned."))
    else:
        messages.error(request, _("Choose an ambassador and a mentor."))
    return redirect("ambassadors:mentoring_list")


@role_required(*OFFICE, roles.MENTOR, roles.AMBASSADOR)
def assignment_detail(request, pk):
    audience = request.audience
    assignment = selectors.assignment_get_for_user(audience=audience, pk=pk)
    days = selectors.checkin_days(program_id=audience.program_id)
    assignment.missed = selectors.missed_checkin(assignment, days=days)
    can_log = audience.has_role(roles.STAFF) or (
        audience.has_role(roles.MENTOR) and assignment.mentor_id == request.user.pk
    )
    form = SessionForm(request.POST or None) if can_log else None
    if request.method == "POST":
        if not can_log:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.mentoring_session_log(
                    audience=audience, actor=request.user, assignment=assignment, **form.cleaned_data
                )
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("Session logged."))
                return redirect("ambassadors:assignment_detail", pk=assignment.pk)
    return render(
        request,
        "ambassadors/assignment_detail.html",
        {
            "assignment": assignment,
            "sessions": selectors.assignment_sessions(assignment=assignment),
            "form": form,
            "days": days,
        },
        status=400 if form is not None and form.errors else 200,
    )


@role_required(roles.AMBASSADOR)
def my_mentoring(request):
    audience = request.audience
    assignment = (
        selectors.assignment_list_for_user(audience=audience)
        .filter(trainee__user_id=audience.user_id, ended_on__isnull=True)
        .first()
    )
    if assignment is not None:
        return redirect("ambassadors:assignment_detail", pk=assignment.pk)
    return render(request, "ambassadors/my_mentoring.html")
