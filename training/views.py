"""Training pages. Views parse input and answer 4xx; reads go through selectors, writes through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import roles
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors
from training import permissions, selectors, services
from training.forms import (
    CheckinForm,
    CohortForm,
    CompletionRuleForm,
    EnrolForm,
    GradeUploadForm,
    OwnIbanForm,
    PersonalDataForm,
    RevealForm,
    SessionCancelForm,
    SessionForm,
    TrainerAssignForm,
    TransferForm,
    WithdrawForm,
)
from training.models import Attendance, Trainee
from training.workbook import grade_roster_workbook

OFFICE = tuple(roles.PROGRAM_OFFICE)
TEACHERS = (*OFFICE, roles.TRAINER)
TRAINEES = permissions.TRAINEE_ROLES
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


# --- trainees: "My training", check-in, certificate ---------------------------------------------------------------


@role_required(*TRAINEES)
def my_training(request):
    trainee = selectors.trainee_own(audience=request.audience)
    timeline = selectors.trainee_timeline(trainee=trainee) if trainee else None
    return render(request, "training/my_training.html", {"trainee": trainee, "timeline": timeline})


@role_required(*TRAINEES)
@never_cache
def my_iban(request):
    """Her own stipend account, from her phone: typed, checked by its checksum, attested, saved encrypted."""
    trainee = selectors.trainee_own(audience=request.audience)
    if trainee is None:
        raise Http404
    form = OwnIbanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.trainee_iban_set_own(trainee=trainee, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Your IBAN is saved. The next stipend payment goes to this account."))
            back = "stipends:my_stipends" if request.GET.get("next") == "stipends" else "training:my_iban"
            return redirect(back)
    return render(
        request, "training/my_iban.html", {"form": form, "trainee": trainee}, status=400 if form.errors else 200
    )


@role_required(*TRAINEES)
@never_cache
def checkin(request):
    trainee = selectors.trainee_own(audience=request.audience)
    form = CheckinForm(request.POST or None, initial={"code": request.GET.get("code", "")[:12]})
    if request.method == "POST" and trainee is not None and form.is_valid():
        try:
            done = services.checkin_submit(trainee=trainee, code=form.cleaned_data["code"], actor=request.user)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(
                request,
                _("You are checked in for %(module)s, %(when)s. Your trainer confirms it in class.")
                % {
                    "module": done.session.module.title,
                    "when": timezone.localtime(done.session.starts_at).strftime("%d.%m.%Y %H:%M"),
                },
            )
            return redirect("training:my_training")
    status = 400 if form.errors else 200
    return render(request, "training/checkin.html", {"form": form, "trainee": trainee}, status=status)


@member_required
def certificate_download(request, pk):
    certificate = selectors.certificate_get_for_user(audience=request.audience, pk=pk)
    if not certificate.file:
        raise Http404
    return FileResponse(
        certificate.file.open("rb"), as_attachment=True, filename=f"sertifika-certificate-{certificate.code}.pdf"
    )


def certificate_verify(request):
    """Public: anyone holding a certificate's code (printed with a QR) can check it is genuine."""
    code = request.GET.get("code", "").strip()[:40]
    verified = selectors.certificate_verify(code=code) if code else None
    status = 404 if code and verified is None else 200
    return render(request, "training/certificate_verify.html", {"code": code, "verified": verified}, status=status)


# --- trainers: home, session attendance, check-in codes -----------------------------------------------------------


@role_required(roles.TRAINER)
def trainer_home(request):
    today, upcoming = selectors.trainer_sessions(audience=request.audience)
    cohorts = selectors.cohort_list_for_user(audience=request.audience)
    return render(request, "training/trainer_home.html", {"today": today, "upcoming": upcoming, "cohorts": cohorts})


def _posted_marks(post) -> dict:
    marks = {}
    for key, value in post.items():
        if key.startswith("status-"):
            raw = key.removeprefix("status-")
            if not raw.isdigit():
                raise ValidationError(_("The sheet was sent incomplete: reload it."))
            marks[int(raw)] = (value, post.get(f"reason-{raw}", ""))
    return marks


@role_required(*TEACHERS)
@never_cache
def session_attendance(request, pk):
    session = selectors.session_get_for_user(audience=request.audience, pk=pk)
    can_teach = permissions.session_can_teach(request.audience, session)
    errors, posted, status = [], {}, 200
    if request.method == "POST":
        if not can_teach:
            raise PermissionDenied
        version = request.POST.get("version", "")
        if not version.isdigit():
            return HttpResponseBadRequest(_("The sheet was sent incomplete: reload it."))
        try:
            posted = _posted_marks(request.POST)
            saved = services.attendance_record(
                session=session,
                actor=request.user,
                marks=posted,
                expected_version=int(version),
                correction_reason=request.POST.get("correction_reason", ""),
            )
        except services.AttendanceConflict as error:
            errors, posted, status = _messages_of(error), {}, 409
        except ValidationError as error:
            errors, status = _messages_of(error), 400
        else:
            messages.success(
                request,
                _("Attendance saved: %(created)d recorded, %(changed)d corrected.")
                % {"created": saved.created, "changed": saved.changed},
            )
            return redirect("training:session_attendance", pk=session.pk)
        session = selectors.session_get_for_user(audience=request.audience, pk=pk)  # the version as it is now
    sheet = selectors.session_sheet(session=session)
    for row in sheet.rows:
        row.shown_status, row.shown_reason = posted.get(row.trainee.pk, (row.status, row.reason))
    return render(
        request,
        "training/session_attendance.html",
        {
            "session": session,
            "sheet": sheet,
            "can_teach": can_teach,
            "errors": errors,
            "statuses": Attendance.Status.choices,
            "correction_reason": request.POST.get("correction_reason", "") if status == 400 else "",
        },
        status=status,
    )


@role_required(*TEACHERS)
@never_cache
def session_code(request, pk):
    """The trainer shows a short-lived code (and its QR) that trainees type to check in; she confirms them."""
    session = selectors.session_get_for_user(audience=request.audience, pk=pk)
    if not permissions.session_can_teach(request.audience, session):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.checkin_open(session=session, actor=request.user)
        except ValidationError as error:
            for message in _messages_of(error):
                messages.error(request, message)
        return redirect("training:session_code", pk=session.pk)
    code = selectors.session_checkin_code(session=session)
    context = {
        "session": session,
        "code": code,
        "checkins": selectors.session_checkins(session=session),
        "checkin_url": request.build_absolute_uri(reverse("training:checkin")),
    }
    if request.GET.get("part") == "checkins":
        return render(request, "training/partials/checkins.html", context)
    return render(request, "training/session_code.html", context)


@role_required(*TEACHERS)
@never_cache
def session_qr(request, pk):
    session = selectors.session_get_for_user(audience=request.audience, pk=pk)
    if not permissions.session_can_teach(request.audience, session):
        raise PermissionDenied
    code = selectors.session_checkin_code(session=session)
    if code is None:
        raise Http404
    url = request.build_absolute_uri(reverse("training:checkin")) + f"?code={code}"
    return HttpResponse(services.qr_svg(url), content_type="image/svg+xml")


@role_required(*TEACHERS)
@require_POST
def session_confirm(request, pk):
    session = selectors.session_get_for_user(audience=request.audience, pk=pk)
    if not permissions.session_can_teach(request.audience, session):
        raise PermissionDenied
    try:
        confirmed = services.checkins_confirm(session=session, actor=request.user)
    except ValidationError as error:
        for message in _messages_of(error):
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)d check-ins confirmed as present.") % {"n": confirmed})
    target = "training:session_attendance" if request.POST.get("next") == "sheet" else "training:session_code"
    return redirect(target, pk=pk)


@role_required(*TEACHERS)
def session_new(request, pk):
    cohort = selectors.cohort_get_for_user(audience=request.audience, pk=pk)
    if not permissions.cohort_can_teach(request.audience, cohort):
        raise PermissionDenied
    form = SessionForm(
        request.POST or None,
        modules=selectors.curriculum_modules(curriculum=cohort.curriculum_id),
        trainers=selectors.cohort_trainer_users(cohort=cohort),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(cohort=cohort, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Session added."))
            return redirect("training:cohort_detail", pk=cohort.pk)
    return render(
        request, "training/session_form.html", {"form": form, "cohort": cohort}, status=400 if form.errors else 200
    )


@role_required(*TEACHERS)
@never_cache
def session_edit(request, pk):
    """Move a session that has not started, or cancel it; its trainees are told either way (SMS too)."""
    session = selectors.session_get_for_user(audience=request.audience, pk=pk)
    cohort = session.cohort
    if not permissions.session_can_teach(request.audience, session):
        raise PermissionDenied
    cancelling = request.method == "POST" and "cancel" in request.POST
    initial = {
        "module": session.module_id,
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "place": session.place,
        "online_link": session.online_link,
        "trainer": session.trainer_id,
    }
    form = SessionForm(
        request.POST if request.method == "POST" and not cancelling else None,
        initial=initial,
        modules=selectors.curriculum_modules(curriculum=cohort.curriculum_id),
        trainers=selectors.cohort_trainer_users(cohort=cohort),
    )
    cancel_form = SessionCancelForm(request.POST if cancelling else None)
    if cancelling and cancel_form.is_valid():
        try:
            services.session_cancel(session=session, actor=request.user, **cancel_form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, cancel_form)
        else:
            messages.success(request, _("Session cancelled. Its trainees are told."))
            return redirect("training:cohort_detail", pk=cohort.pk)
    elif request.method == "POST" and not cancelling and form.is_valid():
        try:
            services.session_update(session=session, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Session saved. If its time or place changed, its trainees are told."))
            return redirect("training:cohort_detail", pk=cohort.pk)
    bad = form.errors or cancel_form.errors
    return render(
        request,
        "training/session_edit.html",
        {
            "form": form,
            "cancel_form": cancel_form,
            "cohort": cohort,
            "session": session,
            "started": session.starts_at <= timezone.now(),
        },
        status=400 if bad else 200,
    )


# --- cohorts ------------------------------------------------------------------------------------------------------


@role_required(*OFFICE)
def cohort_list(request):
    audience = request.audience
    page = Paginator(selectors.cohort_list_for_user(audience=audience).values_list("pk", flat=True), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "training/cohort_list.html",
        {
            "rows": selectors.cohort_overview(audience=audience, cohort_ids=page.object_list),
            "page": page,
            "can_manage": permissions.can_manage_cohorts(audience),
        },
    )


@role_required(roles.STAFF)
def cohort_new(request):
    audience = request.audience
    form = CohortForm(
        request.POST or None,
        curricula=selectors.curriculum_list_for_user(audience=audience).filter(is_current=True),
        provinces=selectors.province_choices(audience=audience),
    )
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(program=audience.program, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Cohort created."))
            return redirect("training:cohort_detail", pk=cohort.pk)
    return render(request, "training/cohort_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*TEACHERS)
def cohort_detail(request, pk):
    audience = request.audience
    cohort = selectors.cohort_get_for_user(audience=audience, pk=pk)
    can_manage = permissions.can_manage_cohorts(audience)
    context = {
        "cohort": cohort,
        "enrolments": selectors.cohort_enrolments(cohort=cohort),
        "sessions": selectors.cohort_sessions(cohort=cohort),
        "trainers": selectors.cohort_trainers(cohort=cohort),
        "can_manage": can_manage,
        "can_teach": permissions.cohort_can_teach(audience, cohort),
        "can_export": permissions.cohort_can_export(audience),
        "now": timezone.now(),
    }
    if can_manage:
        context["trainer_form"] = TrainerAssignForm(trainers=selectors.trainer_users(audience=audience))
    return render(request, "training/cohort_detail.html", context)


@role_required(*TEACHERS)
def cohort_attendance(request, pk):
    cohort = selectors.cohort_get_for_user(audience=request.audience, pk=pk)
    return render(
        request,
        "training/cohort_attendance.html",
        {"cohort": cohort, "sheet": selectors.cohort_attendance_sheet(cohort=cohort)},
    )


@role_required(roles.STAFF)
@require_POST
def cohort_trainer_add(request, pk):
    cohort = selectors.cohort_get_for_user(audience=request.audience, pk=pk)
    form = TrainerAssignForm(request.POST, trainers=selectors.trainer_users(audience=request.audience))
    if form.is_valid():
        try:
            services.cohort_trainer_assign(cohort=cohort, trainer=form.cleaned_data["trainer"], actor=request.user)
        except ValidationError as error:
            for message in _messages_of(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Trainer assigned."))
    else:
        messages.error(request, _("Choose a trainer."))
    return redirect("training:cohort_detail", pk=cohort.pk)


@role_required(roles.STAFF)
def cohort_enrol(request, pk):
    cohort = selectors.cohort_get_for_user(audience=request.audience, pk=pk)
    form = EnrolForm(
        request.POST or None, trainees=selectors.enrolable_trainees(audience=request.audience, cohort=cohort)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_create(
                trainee=form.cleaned_data["trainee"],
                cohort=cohort,
                actor=request.user,
                enrolled_on=form.cleaned_data.get("enrolled_on"),
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Trainee enrolled."))
            return redirect("training:cohort_detail", pk=cohort.pk)
    return render(
        request, "training/enrol_form.html", {"form": form, "cohort": cohort}, status=400 if form.errors else 200
    )


@role_required(*OFFICE, roles.TRAINER)
@require_POST
def cohort_complete(request, pk):
    """Check the completion rule for every active trainee of a cohort whose sessions are over."""
    cohort = selectors.cohort_get_for_user(audience=request.audience, pk=pk)
    if not permissions.cohort_can_teach(request.audience, cohort):
        raise PermissionDenied
    completed = services.cohort_completion_evaluate(cohort=cohort, actor=request.user)
    messages.info(
        request, _("%(n)d trainees completed; their certificates are being prepared.") % {"n": len(completed)}
    )
    return redirect("training:cohort_detail", pk=cohort.pk)


@role_required(roles.STAFF, roles.ME)
@require_POST
def cohort_export(request, pk):
    cohort = selectors.cohort_get_for_user(audience=request.audience, pk=pk)
    job = services.cohort_export(audience=request.audience, cohort=cohort, actor=request.user)
    return redirect("job_detail", pk=job.pk)


# --- grades -------------------------------------------------------------------------------------------------------


@role_required(*TEACHERS)
def cohort_grades(request, pk):
    cohort = selectors.cohort_get_for_user(audience=request.audience, pk=pk)
    can_teach = permissions.cohort_can_teach(request.audience, cohort)
    modules = list(selectors.cohort_assessed_modules(cohort=cohort))
    module = next((m for m in modules if str(m.pk) == request.GET.get("module", "")), modules[0] if modules else None)
    roster = list(selectors.grade_roster(cohort=cohort))
    errors, status, posted = [], 200, {}
    if request.method == "POST":
        if not can_teach or module is None:
            raise PermissionDenied
        scores = {}
        for key, value in request.POST.items():
            if key.startswith("score-") and value.strip():
                raw = key.removeprefix("score-")
                if not raw.isdigit():
                    return HttpResponseBadRequest()
                scores[int(raw)] = posted[int(raw)] = value.strip()
        try:
            changed = services.grades_record(cohort=cohort, module=module, actor=request.user, scores=scores)
            services.cohort_completion_evaluate(cohort=cohort, actor=request.user)
        except ValidationError as error:
            errors, status = _messages_of(error), 400
        else:
            messages.success(request, _("%(n)d scores saved.") % {"n": changed})
            return redirect(reverse("training:cohort_grades", kwargs={"pk": cohort.pk}) + f"?module={module.pk}")
    grades = selectors.cohort_grades(cohort=cohort)
    rows = [(e, posted.get(e.trainee_id, grades.get((e.trainee_id, module.code)) if module else None)) for e in roster]
    return render(
        request,
        "training/cohort_grades.html",
        {
            "cohort": cohort,
            "modules": modules,
            "module": module,
            "rows": rows,
            "errors": errors,
            "can_teach": can_teach,
            "upload_form": GradeUploadForm(),
        },
        status=status,
    )


@role_required(*TEACHERS)
def cohort_grades_template(request, pk):
    cohort = selectors.cohort_get_for_user(audience=request.audience, pk=pk)
    content = grade_roster_workbook(
        title=f"{cohort.name} ({cohort.code})",
        trainees=[(e.trainee_id, e.trainee.user.get_full_name()) for e in selectors.grade_roster(cohort=cohort)],
        modules=list(selectors.cohort_assessed_modules(cohort=cohort)),
        scores=selectors.cohort_grades(cohort=cohort),
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"grades-{cohort.code}.xlsx")
    return response


@role_required(*TEACHERS)
@require_POST
def cohort_grades_upload(request, pk):
    cohort = selectors.cohort_get_for_user(audience=request.audience, pk=pk)
    if not permissions.cohort_can_teach(request.audience, cohort):
        raise PermissionDenied
    form = GradeUploadForm(request.POST, request.FILES)
    errors = []
    if not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    else:
        try:
            changed = services.grades_import(cohort=cohort, actor=request.user, upload=form.cleaned_data["workbook"])
        except ValidationError as error:
            errors = _messages_of(error)
        else:
            messages.success(request, _("Roster sheet read: %(n)d scores saved.") % {"n": sum(changed.values())})
            return redirect("training:cohort_grades", pk=cohort.pk)
    return render(
        request, "training/grades_upload_errors.html", {"cohort": cohort, "errors": errors, "form": form}, status=400
    )


# --- enrolments ---------------------------------------------------------------------------------------------------


@role_required(roles.STAFF)
def enrolment_transfer(request, pk):
    enrolment = selectors.enrolment_get_for_user(audience=request.audience, pk=pk)
    form = TransferForm(
        request.POST or None, cohorts=selectors.transfer_targets(audience=request.audience, enrolment=enrolment)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_transfer(enrolment=enrolment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Trainee transferred."))
            return redirect("training:cohort_detail", pk=form.cleaned_data["to_cohort"].pk)
    return render(
        request,
        "training/enrolment_form.html",
        {"form": form, "enrolment": enrolment, "title": _("Transfer to another cohort")},
        status=400 if form.errors else 200,
    )


@role_required(roles.STAFF)
def enrolment_withdraw(request, pk):
    enrolment = selectors.enrolment_get_for_user(audience=request.audience, pk=pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_withdraw(enrolment=enrolment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Withdrawal recorded."))
            return redirect("training:cohort_detail", pk=enrolment.cohort_id)
    return render(
        request,
        "training/enrolment_form.html",
        {"form": form, "enrolment": enrolment, "title": _("Withdraw from the training")},
        status=400 if form.errors else 200,
    )


# --- programme office: at risk, trainees, curricula ---------------------------------------------------------------


@role_required(*OFFICE)
def at_risk(request):
    page = Paginator(selectors.at_risk_rows(audience=request.audience), 50).get_page(request.GET.get("page"))
    return render(request, "training/at_risk.html", {"rows": selectors.at_risk_load(page.object_list), "page": page})


@role_required(*OFFICE)
def trainee_list(request):
    trainees = selectors.trainee_list_with_enrolment(audience=request.audience)
    track = request.GET.get("track")
    if track in Trainee.Track.values:
        trainees = trainees.filter(track=track)
    page = Paginator(trainees, 25).get_page(request.GET.get("page"))
    return render(request, "training/trainee_list.html", {"page": page, "track": track})


@member_required
def trainee_detail(request, pk):
    audience = request.audience
    trainee = selectors.trainee_get_for_user(audience=audience, pk=pk)
    return render(
        request,
        "training/trainee_detail.html",
        {
            "trainee": trainee,
            "timeline": selectors.trainee_timeline(trainee=trainee),
            "show_personal_data": permissions.trainee_can_see_personal_data(audience),
            "can_edit": permissions.trainee_can_edit(audience),
            "can_reveal": permissions.trainee_can_reveal_pii(audience),
            "reveal_form": RevealForm(),
        },
    )


@role_required(roles.STAFF)
def trainee_edit(request, pk):
    trainee = selectors.trainee_get_for_user(audience=request.audience, pk=pk)
    form = PersonalDataForm(request.POST or None, trainee=trainee)
    if request.method == "POST" and form.is_valid():
        try:
            services.trainee_personal_data_update(trainee=trainee, actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Personal data saved."))
            return redirect("training:trainee_detail", pk=trainee.pk)
    return render(
        request, "training/trainee_edit.html", {"form": form, "trainee": trainee}, status=400 if form.errors else 200
    )


@role_required(roles.STAFF, roles.FINANCE)
@require_POST
@never_cache
def trainee_reveal(request, pk):
    trainee = selectors.trainee_get_for_user(audience=request.audience, pk=pk)
    form = RevealForm(request.POST)
    value, errors = None, []
    if form.is_valid():
        try:
            value = services.trainee_pii_reveal(
                audience=request.audience,
                actor=request.user,
                trainee=trainee,
                field=form.cleaned_data["field"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            errors = _messages_of(error)
    else:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
    return render(
        request,
        "training/trainee_reveal.html",
        {
            "trainee": trainee,
            "value": value,
            "field": form.cleaned_data.get("field") if form.is_valid() else None,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@role_required(*OFFICE)
def curriculum_list(request):
    return render(
        request,
        "training/curriculum_list.html",
        {"curricula": selectors.curriculum_list_for_user(audience=request.audience)},
    )


@role_required(*OFFICE)
def curriculum_detail(request, pk):
    curriculum = selectors.curriculum_get_for_user(audience=request.audience, pk=pk)
    modules = list(selectors.curriculum_modules(curriculum=curriculum))
    return render(
        request,
        "training/curriculum_detail.html",
        {
            "curriculum": curriculum,
            "modules": modules,
            "total_hours": sum(m.planned_hours for m in modules),
            "rule": selectors.completion_rule_for(curriculum=curriculum),
            "can_edit": permissions.can_edit_rules(request.audience),
        },
    )


@role_required(roles.STAFF)
def completion_rule_edit(request, pk):
    curriculum = selectors.curriculum_get_for_user(audience=request.audience, pk=pk)
    rule = selectors.completion_rule_for(curriculum=curriculum)
    form = CompletionRuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_rule_update(
                curriculum=curriculum, actor=request.user, **{f: form.cleaned_data[f] for f in services.RULE_FIELDS}
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Completion rule saved."))
            return redirect("training:curriculum_detail", pk=curriculum.pk)
    return render(
        request,
        "training/completion_rule_form.html",
        {"form": form, "curriculum": curriculum},
        status=400 if form.errors else 200,
    )
