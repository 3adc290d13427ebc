"""Pages of the privacy app: "My data" for every person, her requests and her data download; for the staff who
handle personal data, the processing inventory, the settings, the request queue and the retention schedule."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal.services.jobs import job_enqueue
from portal.services.pii import pii_reveal
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors
from privacy import answers, erasure, retention, selectors
from privacy.forms import (
    AnswerForm,
    AssignForm,
    DataRequestForm,
    NoteForm,
    OnBehalfForm,
    PrivacySettingsForm,
    ProcessingActivityForm,
    RevealOwnForm,
)
from privacy.inventory import verbis_csv
from privacy.models import DataRequest, ProcessingActivity
from privacy.permissions import HANDLERS
from privacy.services import (
    data_request_answer,
    data_request_assign,
    data_request_file,
    data_request_note,
    inventory_delete,
    inventory_ensure,
    inventory_save,
    privacy_settings_get,
    privacy_settings_update,
)
from privacy.subject import subject_data, subject_identifier

# --- the person's own pages ----------------------------------------------------------------------------------


@member_required
@never_cache
def my_data(request):
    audience = request.audience
    inventory_ensure(program_id=audience.program_id)
    data = subject_data(user=request.user, program_id=audience.program_id)
    settings = privacy_settings_get(program_id=audience.program_id)
    exports = list(selectors.exports_mine(audience=audience))
    for job in exports:
        job.expires_at = _export_expiry(job, settings)
        job.expired = job.expires_at is not None and job.expires_at < timezone.now()
    return render(
        request,
        "privacy/my_data.html",
        {
            "categories": data.by_category(),
            "identifiers": data.identifiers,
            "documents": data.documents,
            "inventory": selectors.inventory_list(program_id=audience.program_id),
            "access_log": selectors.access_log_for(program_id=audience.program_id, targets=data.targets())[:50],
            "consents": selectors.consents_of(user=request.user),
            "requests": selectors.data_request_list_mine(audience=audience),
            "exports": exports,
            "export_days": settings.export_days,
        },
    )


def _export_expiry(job, settings):
    if job.finished_at is None:
        return None
    return job.finished_at + timezone.timedelta(days=settings.export_days)


@member_required
@require_POST
@never_cache
@reauthentication_required
def my_identifier_reveal(request):
    """Her own full identifier, after she proved again who she is; the look is logged like anyone else's."""
    form = RevealOwnForm(request.POST)
    identifier = None
    if form.is_valid():
        identifier = subject_identifier(
            user=request.user, program_id=request.audience.program_id, key=form.cleaned_data["key"]
        )
    if identifier is None:
        raise Http404
    value = pii_reveal(
        audience=request.audience,
        actor=request.user,
        obj=identifier.obj,
        field=identifier.field,
        reason=_("She looked at her own data"),
        allowed=True,  # the providers list only her own identifiers
    )
    return render(request, "privacy/my_identifier.html", {"identifier": identifier, "value": value})


@member_required
@require_POST
def my_export_request(request):
    job = job_enqueue(
        program_id=request.audience.program_id,
        actor=request.user,
        kind=selectors.EXPORT_KIND,
        params={"subject": request.user.pk, "language": translation.get_language() or "tr"},
    )
    return redirect("job_detail", pk=job.pk)


@member_required
@never_cache
def my_export_download(request, pk):
    job = selectors.export_get_mine(audience=request.audience, pk=pk)
    settings = privacy_settings_get(program_id=request.audience.program_id)
    expires_at = _export_expiry(job, settings)
    if not job.result_file or expires_at is None or expires_at < timezone.now():
        raise Http404
    from portal.files import file_download

    return file_download(
        audience=request.audience, actor=request.user, obj=job, field="result_file", reason=_("her own data export")
    )


@member_required
def my_request_new(request):
    form = DataRequestForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        try:
            data_request = data_request_file(
                program_id=request.audience.program_id,
                subject=request.user,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(
                request,
                _("We received your request. The programme answers by %(date)s at the latest.")
                % {"date": data_request.due_on.strftime("%d.%m.%Y")},
            )
            return redirect("privacy:request_detail", pk=data_request.pk)
    return render(request, "privacy/request_new.html", {"form": form}, status=400 if form.errors else 200)


@member_required
def request_detail(request, pk):
    """Her request as she sees it; the staff who handle requests see the same page with their tools."""
    data_request = selectors.data_request_get_for_user(audience=request.audience, pk=pk)
    handler = request.audience.has_role(*HANDLERS)
    context = {"req": data_request, "handler": handler}
    if handler:
        context |= _handler_context(request, data_request)
    return render(request, "privacy/request_detail.html", context)


def _handler_context(request, data_request, **forms):
    handlers = selectors.request_handlers(program_id=request.audience.program_id)
    language = request.GET.get("lang") or "tr"
    return {
        "assign_form": forms.get("assign_form")
        or AssignForm(handlers=handlers, initial={"assignee": data_request.assigned_to_id}),
        "note_form": forms.get("note_form") or NoteForm(),
        "answer_form": forms.get("answer_form")
        or AnswerForm(initial={"answer": answers.template_for(data_request, language=language), "outcome": "granted"}),
        "notes": data_request.notes.select_related("author"),
        "template_language": language,
        "erasure_plan": erasure.erasure_plan(request=data_request) if data_request.kind == "erasure" else None,
    }


@role_required(*HANDLERS)
@require_POST
def request_act(request, pk, action):
    data_request = selectors.data_request_get_for_user(audience=request.audience, pk=pk)
    handlers = selectors.request_handlers(program_id=request.audience.program_id)
    forms = {}
    try:
        if action == "assign":
            form = forms["assign_form"] = AssignForm(request.POST, handlers=handlers)
            if form.is_valid():
                data_request_assign(request=data_request, actor=request.user, assignee=form.cleaned_data["assignee"])
                messages.success(request, _("Assigned."))
                return redirect("privacy:request_detail", pk=pk)
        elif action == "note":
            form = forms["note_form"] = NoteForm(request.POST)
            if form.is_valid():
                data_request_note(request=data_request, actor=request.user, text=form.cleaned_data["text"])
                messages.success(request, _("Note added."))
                return redirect("privacy:request_detail", pk=pk)
        elif action == "answer":
            form = forms["answer_form"] = AnswerForm(request.POST)
            if form.is_valid():
                data_request_answer(
                    request=data_request,
                    actor=request.user,
                    outcome=form.cleaned_data["outcome"],
                    answer=form.cleaned_data["answer"],
                )
                messages.success(request, _("Answer recorded. The person sees it on her page."))
                return redirect("privacy:request_detail", pk=pk)
        elif action == "erase":
            outcomes = erasure.erasure_carry_out(request=data_request, actor=request.user)
            messages.success(
                request,
                _("Erasure carried out: %(n)s kinds of records destroyed or pseudonymised; see the destruction record.")
                % {"n": len(outcomes)},
            )
            return redirect("privacy:request_detail", pk=pk)
        else:
            raise Http404
    except ValidationError as error:
        report_errors(request, error, next(iter(forms.values()), None))
    context = {"req": data_request, "handler": True} | _handler_context(request, data_request, **forms)
    return render(request, "privacy/request_detail.html", context, status=400)


# --- the staff's pages ---------------------------------------------------------------------------------------


@role_required(*HANDLERS)
def request_queue(request):
    status = request.GET.get("status", "open")
    assigned = request.GET.get("assigned", "")
    return render(
        request,
        "privacy/request_queue.html",
        {
            "rows": selectors.data_request_queue(audience=request.audience, status=status, assigned=assigned),
            "status": status,
            "assigned": assigned,
            "statuses": DataRequest.Status.choices,
        },
    )


@role_required(*HANDLERS)
def request_on_behalf(request):
    form = OnBehalfForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = selectors.person_in_program(program_id=request.audience.program_id, email=form.cleaned_data["email"])
        if person is None:
            form.add_error("email", _("Nobody with this email belongs to the programme."))
        else:
            data_request = data_request_file(
                program_id=request.audience.program_id,
                subject=person,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                channel=form.cleaned_data["channel"],
            )
            messages.success(request, _("Request recorded on her behalf."))
            return redirect("privacy:request_detail", pk=data_request.pk)
    return render(request, "privacy/request_on_behalf.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*HANDLERS)
def inventory(request):
    inventory_ensure(program_id=request.audience.program_id)
    return render(
        request, "privacy/inventory.html", {"rows": selectors.inventory_list(program_id=request.audience.program_id)}
    )


@role_required(*HANDLERS)
def inventory_export(request):
    rows = selectors.inventory_list(program_id=request.audience.program_id)
    with translation.override("tr"):
        content = verbis_csv(rows)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kisisel-veri-envanteri.csv"'
    return response


@role_required(*HANDLERS)
def inventory_edit(request, pk=None):
    activity = (
        selectors.inventory_get_for_user(audience=request.audience, pk=pk)
        if pk
        else ProcessingActivity(program_id=request.audience.program_id)
    )
    form = ProcessingActivityForm(request.POST or None, instance=activity)
    if request.method == "POST":
        if "delete" in request.POST and pk:
            inventory_delete(activity=activity, actor=request.user)
            messages.success(request, _("Removed from the inventory."))
            return redirect("privacy:inventory")
        if form.is_valid():
            try:
                inventory_save(activity=form.save(commit=False), actor=request.user)
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("Inventory saved."))
                return redirect("privacy:inventory")
    return render(
        request,
        "privacy/inventory_edit.html",
        {"form": form, "activity": activity if pk else None},
        status=400 if form.errors else 200,
    )


@role_required(*HANDLERS)
def settings_edit(request):
    settings = privacy_settings_get(program_id=request.audience.program_id)
    form = PrivacySettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            privacy_settings_update(
                settings=settings,
                actor=request.user,
                changes={name: form.cleaned_data[name] for name in form.changed_data},
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Privacy settings saved."))
            return redirect("privacy:retention")
    return render(request, "privacy/settings.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*HANDLERS)
def retention_page(request):
    program_id = request.audience.program_id
    settings = privacy_settings_get(program_id=program_id)
    if request.method == "POST":
        run = retention.retention_run(program_id=program_id, actor=request.user, dry_run=False)
        messages.success(request, _("Retention run finished: %(n)s records.") % {"n": run.total})
        return redirect("privacy:retention")
    runs = list(selectors.retention_runs(program_id=program_id))
    return render(
        request,
        "privacy/retention.html",
        {
            "settings": settings,
            "forecast": retention.retention_forecast(program_id=program_id),
            "next_run": retention.next_run_at(program_id=program_id, settings=settings, runs=runs),
            "runs": runs,
            "records": selectors.destruction_records(program_id=program_id),
        },
    )
