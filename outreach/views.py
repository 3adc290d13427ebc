"""Events: the public list and registration (/p/<programme>/events/…), her own registration page by its link
(cancel, check in with the room's code, calendar file), the members' list, and the organiser's pages (event form,
roster with ticks on a phone, interface organisations)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from outreach import selectors
from outreach.forms import CheckinForm, EventForm, OrganisationForm, RegistrationForm
from outreach.ics import event_ics
from outreach.services import (
    attendance_mark,
    attendance_self_checkin,
    event_save,
    organisation_save,
    registration_cancel,
    registration_create,
)
from portal import roles
from portal.filters import ascii_int
from portal.tenancy import public_program_view
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors


def _public_program(request):
    program = getattr(request, "public_program", None)
    if program is None:
        raise Http404
    return program


@public_program_view
def public_event_list(request, program_code):
    program = _public_program(request)
    events = selectors.event_list_public(program_id=program.pk)
    return render(request, "outreach/public_event_list.html", {"program": program, "events": events})


@public_program_view
def public_event_detail(request, program_code, pk):
    program = _public_program(request)
    event = selectors.event_get_public(program_id=program.pk, pk=ascii_int(pk))
    form = RegistrationForm(
        request.POST or None, organisations=selectors.organisations_for_registration(program_id=program.pk)
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = registration_create(event=event, data=form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            return redirect("public_events:registration", program_code=program.code, token=registration.token)
    open_ = not event.cancelled and event.ends_at >= timezone.now()
    return render(
        request,
        "outreach/public_event_detail.html",
        {"program": program, "event": event, "form": form, "open": open_},
        status=400 if form.errors else 200,
    )


@public_program_view
def public_event_ics(request, program_code, pk):
    program = _public_program(request)
    event = selectors.event_get_public(program_id=program.pk, pk=ascii_int(pk))
    response = HttpResponse(event_ics(event, request=request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="etkinlik-{event.pk}.ics"'
    return response


@public_program_view
def registration_page(request, program_code, token):
    """Her registration by its link: where she stands (confirmed, waiting list), cancel, check in."""
    program = _public_program(request)
    registration = selectors.registration_get_by_token(program_id=program.pk, token=token)
    if registration is None:
        raise Http404
    form = CheckinForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            registration_cancel(registration=registration)
            messages.success(request, _("Your registration is cancelled."))
            return redirect("public_events:registration", program_code=program.code, token=token)
        if form.is_valid():
            try:
                attendance_self_checkin(registration=registration, code=form.cleaned_data["code"])
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("You are checked in. Welcome!"))
                return redirect("public_events:registration", program_code=program.code, token=token)
    return render(
        request,
        "outreach/registration.html",
        {"program": program, "registration": registration, "event": registration.event, "form": form},
        status=400 if form.errors else 200,
    )


# --- members and staff --------------------------------------------------------------------------------------


@member_required
def event_list(request):
    audience = request.audience
    return render(
        request,
        "outreach/event_list.html",
        {
            "events": selectors.event_list_for_user(audience=audience),
            "organisations": selectors.my_organisations(audience=audience),
            "can_manage": audience.has_role(roles.STAFF),
        },
    )


@member_required
def event_detail(request, pk):
    event = selectors.event_get_for_user(audience=request.audience, pk=ascii_int(pk))
    return render(
        request,
        "outreach/event_detail.html",
        {"event": event, "can_manage": request.audience.has_role(roles.STAFF)},
    )


def _edit(request, event=None):
    audience = request.audience
    organisations = selectors.organisations_for_registration(program_id=audience.program_id)
    form = EventForm(request.POST or None, instance=event, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            saved = event_save(audience=audience, actor=request.user, data=form.cleaned_data, event=event)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("outreach:event_attendance", pk=saved.pk)
    return render(
        request, "outreach/event_form.html", {"form": form, "event": event}, status=400 if form.errors else 200
    )


@role_required(roles.STAFF)
def event_new(request):
    return _edit(request)


@role_required(roles.STAFF)
def event_edit(request, pk):
    return _edit(request, selectors.event_manage_get(audience=request.audience, pk=ascii_int(pk)))


@role_required(roles.STAFF)
def event_attendance(request, pk):
    """The roster on the organiser's phone: tick who came; the check-in code to show in the room."""
    event = selectors.event_manage_get(audience=request.audience, pk=ascii_int(pk))
    return render(request, "outreach/event_attendance.html", {"event": event, "roster": selectors.roster(event=event)})


@role_required(roles.STAFF)
@require_POST
def attendance_toggle(request, pk, registration_pk):
    event = selectors.event_manage_get(audience=request.audience, pk=ascii_int(pk))
    registration = selectors.roster(event=event).filter(pk=ascii_int(registration_pk)).first()
    if registration is None:
        raise Http404
    attendance_mark(
        audience=request.audience,
        actor=request.user,
        registration=registration,
        present=request.POST.get("present") == "1",
    )
    if request.htmx:
        return render(request, "outreach/partials/roster_row.html", {"event": event, "r": registration})
    return redirect("outreach:event_attendance", pk=event.pk)


@role_required(*roles.PROGRAM_OFFICE)
def organisation_list(request):
    audience = request.audience
    form = OrganisationForm(request.POST or None)
    if request.method == "POST":
        if not audience.has_role(roles.STAFF):
            raise Http404
        if form.is_valid():
            try:
                organisation_save(audience=audience, actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("The organisation is added."))
                return redirect("outreach:organisation_list")
    return render(
        request,
        "outreach/organisation_list.html",
        {
            "organisations": selectors.organisation_list_for_user(audience=audience),
            "form": form if audience.has_role(roles.STAFF) else None,
        },
        status=400 if form.errors else 200,
    )
