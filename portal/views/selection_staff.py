"""Staff side of the selection engine: calls, screening, reviews, interviews, decisions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from portal import permissions, roles
from portal.selection import selectors as sel
from portal.selection.kinds import application_kinds, eligibility_report
from portal.selection.staff_forms import (
    ApplicationFilterForm,
    BulkTransitionForm,
    CallForm,
    InterviewForm,
    QuotasForm,
    ReviewerForm,
    ReviewForm,
    TransitionForm,
)
from portal.services import selection as services
from portal.services.jobs import job_enqueue
from portal.views.decorators import member_required, role_required

SIZE_CHOICES = [
    ("micro", _lazy("Micro (under 10 employees)")),
    ("small", _lazy("Small (10–49)")),
    ("medium", _lazy("Medium (50–249)")),
    ("large", _lazy("Large (250 or more)")),
]


def _rule_choices():
    return [
        (code, f"{kind.group}: {rule.label}")
        for _g, kind in application_kinds.items()
        for code, rule in kind.rules.items()
    ]


def _errors_to_messages(request, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)


@role_required(*roles.PROGRAM_OFFICE)
def call_list(request):
    calls = sel.call_list_for_user(audience=request.audience)
    return render(request, "portal/selection/call_list.html", {"calls": calls})


@role_required(roles.STAFF)
def call_new(request):
    form = CallForm(request.POST or None, rule_choices=_rule_choices())
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        criteria, quotas = data.pop("criteria"), data.pop("sub_quotas")
        kind = application_kinds.get(data["group"])
        data["rules"] = [code for code in data["rules"] if kind and code in kind.rules]
        try:
            call = services.call_create(
                audience=request.audience, actor=request.user, criteria=criteria, quotas=quotas, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Call created."))
            return redirect("call_detail", pk=call.pk)
    return render(request, "portal/selection/call_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*roles.PROGRAM_OFFICE)
def call_detail(request, pk):
    audience = request.audience
    call = sel.call_get_for_user(audience=audience, pk=pk)
    filters = ApplicationFilterForm(request.GET)
    applications = sel.application_filter(
        sel.application_list_for_user(audience=audience).filter(call=call), filters=filters.values()
    )
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/selection/call_detail.html",
        {
            "call": call,
            "page": page,
            "statuses": services.S.choices,
            "sizes": SIZE_CHOICES,
            "filters_ignored": filters.ignored(),
            "bulk_form": BulkTransitionForm(applications=applications),
            "quotas": sel.quota_counters(call=call),
            "quotas_form": _quotas_form(call),
            "can_decide": permissions.can_manage_selection(audience),
            "public_url": request.build_absolute_uri(f"/p/{audience.program.code}/calls/{call.pk}/apply/"),
        },
    )


def _quotas_form(call, data=None):
    kind = application_kinds.get(call.group)
    return QuotasForm(data, call=call, quota_keys=kind.quota_keys if kind else ())


@role_required(roles.STAFF)
@require_POST
def call_quotas(request, pk):
    """Staff change the sub-quotas of a call already running (never below what is selected; audited)."""
    audience = request.audience
    call = sel.call_get_for_user(audience=audience, pk=pk)
    form = _quotas_form(call, request.POST)
    if form.is_valid():
        try:
            services.call_quotas_update(
                audience=audience, actor=request.user, call=call, reason=form.cleaned_data["reason"], **form.changes()
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Quotas saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("call_detail", pk=call.pk)


@role_required(roles.STAFF)
@require_POST
def applications_bulk(request, pk):
    audience = request.audience
    call = sel.call_get_for_user(audience=audience, pk=pk)
    form = BulkTransitionForm(
        request.POST, applications=sel.application_list_for_user(audience=audience).filter(call=call)
    )
    if form.is_valid():
        done, refused = services.application_bulk_transition(
            audience=audience,
            actor=request.user,
            applications=form.cleaned_data["applications"],
            to_status=form.cleaned_data["to_status"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("%(n)s applications updated.") % {"n": done})
        for application, reason in refused:
            messages.error(request, f"{application.reference}: {reason}")
    else:
        messages.error(request, _("Choose applications and a status."))
    return redirect("call_detail", pk=call.pk)


def _export_filters(data) -> dict:
    """The list's status and province filters that parsed, as plain values the job can carry."""
    values = ApplicationFilterForm(data).values()
    return {k: values[k] for k in ("status", "province") if k in values}


@role_required(roles.STAFF, roles.ME)
@require_POST
def applications_export(request, pk):
    call = sel.call_get_for_user(audience=request.audience, pk=pk)
    job = job_enqueue(
        program_id=request.audience.program_id,
        actor=request.user,
        kind="applications_export",
        params={"call": call.pk, "filters": _export_filters(request.POST)},
    )
    return redirect("job_detail", pk=job.pk)


@member_required
def application_detail(request, pk):
    audience = request.audience
    application = sel.application_get_for_user(audience=audience, pk=pk)
    kind = application_kinds[application.group]
    details = sel.application_details(application=application)
    return render(
        request,
        "portal/selection/application_detail.html",
        {
            "application": application,
            "details": details,
            "kind": kind,
            "eligibility": eligibility_report(application),
            "history": sel.application_history(application=application),
            "duplicates": list(sel.application_duplicates(application=application)),
            "quotas": sel.quota_counters(call=application.call, application=application),
            "reviews": sel.application_reviews(application=application),
            "can_decide": permissions.can_manage_selection(audience),
            "transition_form": TransitionForm(),
            "reviewer_form": ReviewerForm(reviewers=sel.reviewer_choices(audience=audience)),
            "interview_form": InterviewForm(),
        },
    )


@role_required(roles.STAFF)
@require_POST
def application_transition(request, pk):
    application = sel.application_get_for_user(audience=request.audience, pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.application_transition(
                audience=request.audience, actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Status changed."))
    return redirect("application_detail", pk=application.pk)


@role_required(roles.STAFF)
@require_POST
def review_assign(request, pk):
    application = sel.application_get_for_user(audience=request.audience, pk=pk)
    form = ReviewerForm(request.POST, reviewers=sel.reviewer_choices(audience=request.audience))
    if form.is_valid():
        try:
            services.review_assign(
                audience=request.audience,
                actor=request.user,
                application=application,
                reviewer=form.cleaned_data["reviewer"],
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Reviewer assigned."))
    return redirect("application_detail", pk=application.pk)


@role_required(roles.STAFF)
@require_POST
def interview_new(request, pk):
    application = sel.application_get_for_user(audience=request.audience, pk=pk)
    form = InterviewForm(request.POST)
    if form.is_valid():
        try:
            services.interview_schedule(
                audience=request.audience, actor=request.user, application=application, **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("Interview scheduled."))
    else:
        messages.error(request, _("Give the interview's date, time and panel."))
    return redirect("application_detail", pk=application.pk)


@role_required(roles.STAFF, roles.ASSESSOR)
def review_list(request):
    return render(
        request, "portal/selection/review_list.html", {"reviews": sel.review_list_for_user(audience=request.audience)}
    )


@role_required(roles.STAFF, roles.ASSESSOR)
def review_edit(request, pk):
    review = sel.review_get_for_user(audience=request.audience, pk=pk)
    criteria = list(review.application.call.criteria.all())
    initial = {s.criterion_id: (s.score, s.comment) for s in review.scores.all()}
    form = ReviewForm(
        request.POST or None,
        criteria=criteria,
        initial_scores=initial,
        initial={"conflict_of_interest": review.conflict_of_interest, "conflict_note": review.conflict_note},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_submit(
                actor=request.user,
                review=review,
                scores=form.scores(),
                comments=form.comments(),
                conflict=form.cleaned_data["conflict_of_interest"],
                conflict_note=form.cleaned_data["conflict_note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Review saved."))
            return redirect("review_list")
    return render(
        request,
        "portal/selection/review_form.html",
        {
            "review": review,
            "form": form,
            "duplicates": list(sel.application_duplicates(application=review.application)),
        },
        status=400 if form.errors else 200,
    )
