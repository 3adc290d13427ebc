"""Surveys pages. Views parse input and answer 4xx; reads go through selectors, writes through services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors
from portal.xlsx import Column, Workbook, xlsx_response
from surveys import permissions, results, selectors, services
from surveys.forms import CampaignForm, ImportForm, MeasureForm, QuestionForm, QuestionnaireForm
from surveys.xlsform import ParsedQuestion, XLSFormError, parse
from training.models import Cohort

MANAGERS, READERS = permissions.MANAGERS, permissions.READERS


@role_required(*READERS)
def home(request):
    audience = request.audience
    return render(
        request,
        "surveys/home.html",
        {
            "questionnaires": selectors.questionnaire_list_for_user(audience=audience),
            "campaigns": selectors.campaign_list_for_user(audience=audience),
            "can_manage": permissions.can_manage(audience),
            "form": QuestionnaireForm(),
        },
    )


@role_required(*MANAGERS)
@require_POST
def questionnaire_new(request):
    form = QuestionnaireForm(request.POST)
    if not form.is_valid():
        return render(request, "surveys/questionnaire_new.html", {"form": form}, status=400)
    questionnaire = services.questionnaire_create(
        actor=request.user, program_id=request.audience.program_id, **form.cleaned_data
    )
    return redirect("surveys:questionnaire_detail", questionnaire.pk)


@role_required(*MANAGERS)
def questionnaire_import(request):
    form, problems = ImportForm(request.POST or None, request.FILES or None), []
    if request.method == "POST":
        if form.is_valid():
            try:
                parsed = parse(form.cleaned_data["workbook"].read())
                questionnaire = services.questionnaire_import(
                    actor=request.user,
                    program_id=request.audience.program_id,
                    form=parsed,
                    code=form.cleaned_data["code"],
                )
            except XLSFormError as error:
                problems = error.messages
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(
                    request, _("%(n)s questions imported. Check them and publish.") % {"n": len(parsed.questions)}
                )
                return redirect("surveys:questionnaire_detail", questionnaire.pk)
        return render(request, "surveys/import.html", {"form": form, "problems": problems}, status=400)
    return render(request, "surveys/import.html", {"form": form, "problems": problems})


@role_required(*READERS)
def questionnaire_detail(request, pk):
    audience = request.audience
    questionnaire = selectors.questionnaire_get_for_user(audience=audience, pk=pk)
    question_form = QuestionForm(request.POST or None) if request.method == "POST" else QuestionForm()
    if request.method == "POST":
        if not permissions.can_manage(audience):
            raise PermissionDenied
        if questionnaire.is_frozen:
            messages.error(request, _("A published questionnaire is frozen: make a new version to change it."))
            return redirect("surveys:questionnaire_detail", questionnaire.pk)
        if question_form.is_valid():
            data = question_form.cleaned_data
            fields = {k: data[k] for k in ParsedQuestion.__dataclass_fields__ if k in data and k != "choices"}
            try:
                services.question_add(
                    actor=request.user,
                    questionnaire=questionnaire,
                    parsed=ParsedQuestion(**fields, choices=data["choices"]),
                )
            except ValidationError as error:
                report_errors(request, error, question_form)
            else:
                messages.success(request, _("Question added."))
                return redirect("surveys:questionnaire_detail", questionnaire.pk)
    context = {
        "questionnaire": questionnaire,
        "questions": selectors.questions_of(questionnaire),
        "question_form": question_form,
        "can_manage": permissions.can_manage(audience),
        "campaign_form": CampaignForm(cohorts=Cohort.objects.filter(program_id=audience.program_id)),
    }
    return render(request, "surveys/questionnaire_detail.html", context, status=400 if question_form.errors else 200)


@role_required(*MANAGERS)
@require_POST
def questionnaire_publish(request, pk):
    questionnaire = selectors.questionnaire_get_for_user(audience=request.audience, pk=pk)
    try:
        if questionnaire.is_frozen:
            questionnaire = services.questionnaire_new_version(actor=request.user, questionnaire=questionnaire)
            messages.success(request, _("A new draft version was made; the published one stays as it was."))
        else:
            services.questionnaire_publish(actor=request.user, questionnaire=questionnaire)
            messages.success(request, _("Published: it can be sent now, and is frozen."))
    except ValidationError as error:
        report_errors(request, error)
    return redirect("surveys:questionnaire_detail", questionnaire.pk)


@role_required(*MANAGERS)
@require_POST
def campaign_new(request, pk):
    audience = request.audience
    questionnaire = selectors.questionnaire_get_for_user(audience=audience, pk=pk)
    form = CampaignForm(request.POST, cohorts=Cohort.objects.filter(program_id=audience.program_id))
    if form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, questionnaire=questionnaire, **form.cleaned_data)
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            return redirect("surveys:campaign_detail", campaign.pk)
    context = {"questionnaire": questionnaire, "campaign_form": form}
    return render(request, "surveys/campaign_new.html", context, status=400)


@role_required(*MANAGERS)
@require_POST
def campaign_launch(request, pk):
    campaign = selectors.campaign_get_for_user(audience=request.audience, pk=pk)
    try:
        count = services.campaign_launch(actor=request.user, campaign=campaign)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, _("%(n)s people invited and told.") % {"n": count})
    return redirect("surveys:campaign_detail", campaign.pk)


@role_required(*MANAGERS)
@require_POST
def campaign_remind(request, pk):
    campaign = selectors.campaign_get_for_user(audience=request.audience, pk=pk)
    try:
        count = services.campaign_remind(actor=request.user, campaign=campaign)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, _("%(n)s people who have not answered yet were reminded.") % {"n": count})
    return redirect("surveys:campaign_detail", campaign.pk)


@role_required(*READERS)
def campaign_detail(request, pk):
    audience = request.audience
    campaign = selectors.campaign_get_for_user(audience=audience, pk=pk)
    questions = selectors.questions_of(campaign.questionnaire)
    responses = results.responses_of(campaign)
    invited = campaign.invitations.count()
    context = {
        "campaign": campaign,
        "results": results.summarise(questions, responses, show_small=permissions.sees_small_groups(audience)),
        "responses": len(responses),
        "invited": invited,
        "rate": results.percent(len(responses), invited),
        "k": results.MIN_GROUP,
        "can_manage": permissions.can_manage(audience),
        "measure_form": MeasureForm(initial={"phase": campaign.phase}),
        "measures": selectors.measure_list_for_user(audience=audience).filter(
            questionnaire_code=campaign.questionnaire.code
        ),
    }
    return render(request, "surveys/campaign_detail.html", context)


@role_required(*READERS)
def campaign_export(request, pk):
    """One row per response, one column per question (KoboToolbox's layout): codes, multiple choice joined."""
    campaign = selectors.campaign_get_for_user(audience=request.audience, pk=pk)
    questions = selectors.questions_of(campaign.questionnaire)
    book = Workbook()
    columns = [Column(_("Submitted on")), Column(_("Track")), Column(_("Province"))]
    sheet = book.sheet(campaign.title[:31], columns + [Column(q.name) for q in questions])
    for answers, submitted_on, track, province in campaign.responses.values_list(
        "answers", "submitted_on", "track", "province"
    ):
        values = [answers.get(q.name) for q in questions]
        sheet.append(
            [submitted_on.isoformat(), track, province, *(" ".join(v) if isinstance(v, list) else v for v in values)]
        )
    return xlsx_response(book, f"survey-{campaign.pk}.xlsx")


@role_required(*MANAGERS)
@require_POST
def measure_new(request, pk):
    audience = request.audience
    campaign = selectors.campaign_get_for_user(audience=audience, pk=pk)
    form = MeasureForm(request.POST)
    if form.is_valid():
        names = {q.name for q in selectors.questions_of(campaign.questionnaire)}
        if form.cleaned_data["question"] not in names:
            form.add_error("question", _("No question of this questionnaire has that name."))
        else:
            measure = services.measure_create(
                actor=request.user,
                program_id=audience.program_id,
                questionnaire_code=campaign.questionnaire.code,
                **form.cleaned_data,
            )
            messages.success(
                request,
                _("Indicators can now be computed from it: choose the calculator survey:%(id)s.") % {"id": measure.pk},
            )
            return redirect("surveys:campaign_detail", campaign.pk)
    for field, errors in form.errors.items():
        messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {' '.join(errors)}")
    return redirect("surveys:campaign_detail", campaign.pk)


@member_required
def mine(request):
    invitations = selectors.invitations_for_user(audience=request.audience)
    today = timezone.localdate()
    return render(request, "surveys/mine.html", {"invitations": invitations, "today": today})


def _describe_skips(questions) -> None:
    """For her: which earlier question, and which of its answers, a question depends on (labels, not codes)."""
    by_name = {q.name: q for q in questions}
    for q in questions:
        other = by_name.get(q.show_if)
        if other is not None:
            labels = {c.value: c.label for c in other.choices.all()}
            q.show_if_question, q.show_if_label = other.label, labels.get(q.show_if_value, q.show_if_value)


@member_required
def answer(request, pk):
    invitation = selectors.invitation_get_for_user(audience=request.audience, campaign_pk=pk)
    campaign = invitation.campaign
    questions = selectors.questions_of(campaign.questionnaire)
    raw, errors, status = invitation.draft, {}, 200
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        try:
            raw, errors = services.response_save(
                actor=request.user, invitation=invitation, data=request.POST, submit=submit
            )
        except ValidationError as error:
            report_errors(request, error)
            return redirect("surveys:mine")
        if not errors:
            if submit:
                messages.success(request, _("Thank you! Your answers are sent."))
            else:
                messages.success(request, _("Saved. You can continue later from “waiting for you”."))
            return redirect("surveys:mine")
        status = 400
    elif invitation.answered or not campaign.is_open_on(timezone.localdate()):
        return render(request, "surveys/closed.html", {"invitation": invitation})
    _describe_skips(questions)
    answered = sum(1 for q in questions if raw.get(q.name) not in (None, "", []))
    context = {
        "campaign": campaign,
        "questions": questions,
        "raw": raw,
        "errors": errors,
        "answered": answered,
    }
    return render(request, "surveys/answer.html", context, status=status)
