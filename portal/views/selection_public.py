"""The public side of calls: anyone may apply without an account; a link by email is the key to a draft."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.selection import selectors as sel
from portal.selection.forms import StartApplicationForm
from portal.selection.kinds import application_kinds, eligibility_report
from portal.selection.selectors import call_get_public, call_list_open
from portal.services.selection import (
    application_get_by_token,
    application_return_to_draft,
    application_save,
    application_start,
)
from portal.tenancy import public_program_view


def _program(request):
    if request.public_program is None:
        raise Http404
    return request.public_program


@public_program_view
def call_list_public(request, program_code):
    program = _program(request)
    return render(request, "portal/selection/public_calls.html", {"calls": call_list_open(program_id=program.pk)})


@public_program_view
def call_apply(request, program_code, pk):
    program = _program(request)
    call = call_get_public(program_id=program.pk, pk=pk)
    form = StartApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_start(call=call, email=form.cleaned_data["email"], language=get_language()[:2])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # the same answer whether or not an application existed: an email address reveals nothing here
            return render(
                request, "portal/selection/link_sent.html", {"call": call, "email": form.cleaned_data["email"]}
            )
    status = 400 if form.errors else 200
    return render(request, "portal/selection/apply_start.html", {"call": call, "form": form}, status=status)


def _eligibility_live(request, application, kind, details):
    """The call's rules on what she has typed so far (htmx, on each change): each rule passed or not, the value
    given and what would make it pass. Nothing is saved; the check at submission is the one that decides."""
    form = kind.form_class(
        request.POST, request.FILES or None, instance=details, call=application.call, submitting=False
    )
    form.is_valid()  # fills form.instance with every field that parsed, even when others did not
    results = []
    for code in application.call.rules:
        rule = kind.rules.get(code)
        if rule is None or not rule.tell_applicant:
            continue
        try:
            ok, detail = rule.check(form.instance, application.call)
        except (ValueError, AttributeError, TypeError):
            continue  # a rule that needs what is not filled in yet (or saved lists) waits for the submission
        results.append({"label": rule.label, "ok": ok, "detail": detail, "hint": rule.hint})
    return render(request, "portal/selection/partials/eligibility_live.html", {"results": results})


@public_program_view
def application_edit(request, program_code, token):
    application = application_get_by_token(token=token)
    if application is None or application.program_id != _program(request).pk:
        return render(request, "portal/selection/link_invalid.html", status=404)
    kind = application_kinds[application.group]
    details = sel.application_details(application=application)
    if request.method == "POST" and "reopen" in request.POST and application.status == application.Status.INELIGIBLE:
        try:
            application_return_to_draft(application=application)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.info(request, _("Your application is a draft again: correct what the check refused and submit."))
        return redirect(request.path)
    if application.status != application.Status.DRAFT:
        return render(
            request,
            "portal/selection/application_status.html",
            {
                "application": application,
                "details": details,
                "kind": kind,
                "eligibility": eligibility_report(application),
            },
        )
    if request.method == "POST" and "check" in request.POST:
        return _eligibility_live(request, application, kind, details)
    submitting = request.method == "POST" and "submit" in request.POST
    form = kind.form_class(
        request.POST or None, request.FILES or None, instance=details, call=application.call, submitting=submitting
    )
    if request.method == "POST" and form.is_valid():
        try:
            application_save(application=application, form=form, submit=submitting)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submitting:
                messages.success(request, _("Your application has been submitted. We have sent you a confirmation."))
            else:
                messages.info(request, _("Draft saved. Use the link in your email to come back to it."))
            return redirect(request.path)
    return render(
        request,
        "portal/selection/application_form.html",
        {"application": application, "call": application.call, "form": form},
        status=400 if form.errors else 200,
    )
