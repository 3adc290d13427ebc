from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import permissions, selectors, services
from assessments.benchmarks import MIN_GROUP
from assessments.forms import BandsForm, EvidenceForm, MoveForm, PriorityInputsForm, ScheduleForm
from assessments.models import Score
from assessments.results import GAP_FLAG, assessment_results
from assessments.views.common import get_assessment
from assessments.workflow import MOVES, WAITING_ON
from firms.selectors import firm_list_for_user
from portal import roles
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors


@role_required(roles.STAFF)
def assessment_new(request):
    audience = request.audience
    form = ScheduleForm(
        request.POST or None,
        firms=firm_list_for_user(audience=audience),
        versions=selectors.current_versions(),
        assessors=selectors.assessor_users(program_id=audience.program_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_schedule(
                actor=request.user, program_id=audience.program_id, **form.cleaned_data
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Assessment scheduled."))
            return redirect("assessments:assessment_detail", pk=assessment.pk)
    return render(request, "assessments/assessment_form.html", {"form": form}, status=400 if form.errors else 200)


def _benchmark_filters(request) -> frozenset:
    return frozenset(f for f in selectors.BENCHMARK_FILTERS if request.GET.get(f))


@member_required
def assessment_detail(request, pk):
    audience = request.audience
    assessment = get_assessment(request, pk)
    results = assessment_results(assessment=assessment, audience=audience, filters=_benchmark_filters(request))
    drafts = permissions.sees_drafts(audience, assessment)
    version = assessment.version
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "results": results,
            "sees_drafts": drafts,
            "is_firm": permissions.is_firm_user_of(audience, assessment),
            "waiting_on": WAITING_ON[assessment.status],
            "moves": permissions.moves_for(audience, assessment) if drafts else [],
            "move_form": MoveForm(),
            "assignments": selectors.assessment_assignments(assessment),
            "transitions": selectors.assessment_transitions(assessment),
            "publications": selectors.publications_of(assessment),
            "can_self_assess": permissions.assessment_can_self_assess(audience, assessment),
            "can_enter": permissions.assessment_can_enter_bands(audience, assessment),
            "can_edit_inputs": permissions.assessment_can_edit_inputs(audience, assessment),
            "categories": {c.code: c for c in version.input_categories.all()},
        },
    )


@role_required(roles.STAFF, roles.ASSESSOR)
@require_POST
def assessment_move(request, pk, move):
    """One workflow move (workflow.MOVES) by staff or an assessor; the firm sends its self-assessment below."""
    audience = request.audience
    assessment = get_assessment(request, pk)
    if move not in MOVES:
        raise Http404
    if assessment.status not in MOVES[move].sources:
        messages.warning(request, _("The assessment has moved on already; nothing was changed."))
        return redirect("assessments:assessment_detail", pk=pk)
    if not permissions.assessment_can_move(audience, assessment, MOVES[move]):
        raise PermissionDenied
    form = MoveForm(request.POST)
    form.is_valid()
    try:
        services.MOVE_SERVICES[move](
            audience=audience, actor=request.user, assessment=assessment, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(
            request, _("Done: the assessment is now “%(status)s”.") % {"status": assessment.get_status_display()}
        )
    return redirect("assessments:assessment_detail", pk=pk)


def _band_rows(form, version, dimensions, labels, descriptors, others=None):
    """What a bands page shows per dimension: the radio choices with their descriptors, and the other side."""
    rows = []
    for d in dimensions:
        field = form.band_field(d)
        current = "" if field.value() in (None, "") else str(field.value())
        rows.append(
            {
                "dimension": d,
                "field": field,
                "note": form.note_field(d),
                "current": current,
                "choices": [
                    {
                        "value": str(b),
                        "label": labels[b].name if b in labels else "",
                        "descriptor": descriptors.get((d.pk, b)),
                    }
                    for b in version.bands
                ],
                "other": (others or {}).get(d.pk),
            }
        )
    return rows


def _bands_page_context(assessment):
    version = assessment.version
    dimensions = selectors.version_dimensions(version)
    return version, dimensions, selectors.version_band_labels(version), selectors.version_descriptors(version)


@member_required
def self_assessment(request, pk):
    """The firm answers per dimension by choosing the band that fits, with a note; save and resume."""
    audience = request.audience
    assessment = get_assessment(request, pk)
    can_edit = permissions.assessment_can_self_assess(audience, assessment)
    version, dimensions, labels, descriptors = _bands_page_context(assessment)
    scores = selectors.assessment_scores(assessment, Score.Source.SELF)
    form = BandsForm(
        request.POST or None,
        dimensions=dimensions,
        version=version,
        labels=labels,
        initial_scores=scores,
        note_label=_("Note"),
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.self_assessment_save(
                    audience=audience, actor=request.user, assessment=assessment, answers=form.entries()
                )
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("Saved. You can come back and continue at any time."))
                return redirect("assessments:self_assessment", pk=pk)
    done = len(scores)
    return render(
        request,
        "assessments/self_assessment.html",
        {
            "assessment": assessment,
            "version": version,
            "form": form,
            "rows": _band_rows(form, version, dimensions, labels, descriptors),
            "can_edit": can_edit,
            "readonly": not can_edit,
            "done": done,
            "total": len(dimensions),
            "can_send": can_edit and done == len(dimensions),
        },
        status=400 if form.errors else 200,
    )


@role_required(roles.FIRM)
@require_POST
def self_assessment_submit(request, pk):
    """The firm sends its finished self-assessment to the assessors (the start_evaluation move)."""
    audience = request.audience
    assessment = get_assessment(request, pk)
    if not permissions.is_firm_user_of(audience, assessment):
        raise PermissionDenied
    try:
        services.assessment_start_evaluation(audience=audience, actor=request.user, assessment=assessment)
    except ValidationError as error:
        report_errors(request, error)
        return redirect("assessments:self_assessment", pk=pk)
    messages.success(request, _("Thank you: your self-assessment went to the assessors."))
    return redirect("assessments:assessment_detail", pk=pk)


@member_required
def evaluation(request, pk):
    """The assessor's entry: band, justification and evidence per dimension, beside the firm's own view."""
    audience = request.audience
    assessment = get_assessment(request, pk)
    if not permissions.assessment_can_view_evaluation(audience, assessment):
        raise PermissionDenied
    can_enter = permissions.assessment_can_enter_bands(audience, assessment)
    version, dimensions, labels, descriptors = _bands_page_context(assessment)
    scores = selectors.assessment_scores(assessment, Score.Source.ASSESSOR)
    form = BandsForm(
        request.POST or None,
        dimensions=dimensions,
        version=version,
        labels=labels,
        initial_scores=scores,
        note_label=_("Justification"),
    )
    if request.method == "POST":
        if not can_enter:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.assessor_bands_save(actor=request.user, assessment=assessment, entries=form.entries())
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("Bands saved."))
                return redirect("assessments:evaluation", pk=pk)
    self_scores = selectors.assessment_scores(assessment, Score.Source.SELF)
    rows = _band_rows(form, version, dimensions, labels, descriptors, others=self_scores)
    evidence = selectors.assessment_evidence(assessment)
    for row in rows:
        mine = scores.get(row["dimension"].pk)
        other = row["other"]
        row["gap"] = (other.band - mine.band) if (mine and other) else None
        row["flagged"] = row["gap"] is not None and abs(row["gap"]) >= GAP_FLAG
        row["evidence"] = [e for e in evidence if e.dimension_id == row["dimension"].pk]
    return render(
        request,
        "assessments/evaluation.html",
        {
            "assessment": assessment,
            "version": version,
            "form": form,
            "rows": rows,
            "can_enter": can_enter,
            "readonly": not can_enter,
            "done": len(scores),
            "total": len(dimensions),
            "general_evidence": [e for e in evidence if e.dimension_id is None],
            "evidence_form": EvidenceForm(dimensions=version.dimensions.all())
            if can_enter or assessment.status == "review"
            else None,
            "can_add_evidence": permissions.is_assigned(audience, assessment),
        },
        status=400 if form.errors else 200,
    )


@role_required(roles.ASSESSOR)
@require_POST
def evidence_add(request, pk):
    assessment = get_assessment(request, pk)
    if not permissions.is_assigned(request.audience, assessment):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES, dimensions=assessment.version.dimensions.all())
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user,
                assessment=assessment,
                dimension=form.cleaned_data["dimension"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            report_errors(request, error)
        else:
            messages.success(request, _("Evidence added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("assessments:evaluation", pk=pk)


@member_required
def evidence_download(request, pk):
    evidence = selectors.evidence_get_for_user(audience=request.audience, pk=pk)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


@role_required(roles.ASSESSOR)
def priority_inputs(request, pk):
    """The prioritisation inputs the assessor captures with the firm."""
    assessment = get_assessment(request, pk)
    if not permissions.assessment_can_edit_inputs(request.audience, assessment):
        raise PermissionDenied
    version = assessment.version
    categories = list(version.input_categories.all())
    initial = {
        "industry_group": assessment.industry_group_id,
        "planning_horizon": assessment.planning_horizon,
        "kpi_codes": assessment.kpi_codes,
        **{f"cost_{code}": share for code, share in (assessment.cost_profile or {}).items()},
    }
    form = PriorityInputsForm(
        request.POST or None,
        initial=initial,
        groups=version.industry_groups.all(),
        cost_categories=[c for c in categories if c.kind == "cost"],
        kpi_categories=[c for c in categories if c.kind == "kpi"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_inputs_save(
                actor=request.user,
                assessment=assessment,
                industry_group=form.cleaned_data["industry_group"],
                planning_horizon=form.cleaned_data["planning_horizon"],
                cost_profile=form.cost_profile(),
                kpi_codes=form.cleaned_data["kpi_codes"],
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Prioritisation inputs saved."))
            return redirect("assessments:assessment_detail", pk=pk)
    return render(
        request,
        "assessments/priority_inputs.html",
        {"assessment": assessment, "form": form},
        status=400 if form.errors else 200,
    )


@member_required
def benchmark(request, pk):
    """The firm against the programme's pool: aggregates only, and no group under five firms."""
    audience = request.audience
    assessment = get_assessment(request, pk)
    filters = _benchmark_filters(request)
    results = assessment_results(assessment=assessment, audience=audience, filters=filters)
    return render(
        request,
        "assessments/benchmark.html",
        {"assessment": assessment, "results": results, "filters": filters, "min_group": MIN_GROUP},
    )
