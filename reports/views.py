from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import roles
from portal.filters import ascii_int
from portal.views.decorators import role_required
from reports import documents, permissions, selectors, services
from reports.calculators import DIMENSIONS, calculators
from reports.forms import AsOfForm, IndicatorForm, ManualValueForm, NarrativeForm, PeriodForm, ReportForm, TargetForm

OFFICE = permissions.RECORD_VIEWERS
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _errors(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))


def _selection(request):
    """Live figures as of a day (?as_of=), or a closed period's frozen ones (?period=)."""
    period = None
    if (pk := ascii_int(request.GET.get("period"))) is not None:
        period = selectors.period_get_for_user(audience=request.audience, pk=pk)
        if not period.is_closed:
            period = None
    form = AsOfForm(request.GET or None)
    as_of = timezone.localdate()
    if form.is_valid() and form.cleaned_data["as_of"]:
        as_of = min(form.cleaned_data["as_of"], as_of)
    return period, as_of, form


def _dashboard_context(request, snapshot, *, period, as_of, form):
    rows = documents.indicator_rows(snapshot)
    if permissions.can_see_records(request.audience) and not snapshot.get("public"):
        ids = selectors.indicator_ids(audience=request.audience)
        for row in rows:
            row["pk"] = ids.get(row["code"])
    levels = {"impact": _("Impact"), "outcome": _("Outcomes"), "output": _("Outputs")}
    return {
        "snapshot": snapshot,
        "levels": [(label, [r for r in rows if r["level"] == level]) for level, label in levels.items()],
        "tables": {t.key: t for t in documents.tables(snapshot)},
        "funnel_charts": [documents.funnel_chart(snapshot, t) for t in ("ambassador", "operator")],
        "province_chart": documents.province_chart(snapshot),
        "period": period,
        "as_of": as_of,
        "form": form,
        "query": request.GET.urlencode(),
        "suppress_below": selectors.SUPPRESS_BELOW,
        "refresh_minutes": settings.REPORTS_FIGURES_REFRESH_MINUTES,
    }


@role_required(*OFFICE)
def me_home(request):
    """The staff cockpit: progress against targets, the funnel, provinces, money and what is overdue."""
    audience = request.audience
    period, as_of, form = _selection(request)
    snapshot = selectors.figures_for_user(audience=audience, as_of=as_of, period=period)
    context = _dashboard_context(request, snapshot, period=period, as_of=as_of, form=form)
    context.update(
        {
            "overdue": selectors.overdue_for_user(audience=audience),
            "closed_periods": selectors.closed_periods(audience=audience),
            "can_manage": permissions.can_manage(audience),
            "money": [r for r in documents.indicator_rows(snapshot) if r["unit"] == "kurus"],
        }
    )
    return render(request, "reports/cockpit.html", context)


@role_required(*permissions.AGGREGATE_VIEWERS)
def stakeholder_home(request):
    """Aggregates only, any group smaller than five suppressed: what chambers, OSBs and universities see."""
    snapshot = selectors.figures_public(audience=request.audience)
    context = _dashboard_context(request, snapshot, period=None, as_of=timezone.localdate(), form=None)
    return render(request, "reports/stakeholder_home.html", context)


@require_POST
@role_required(*OFFICE)
def figures_refresh(request):
    """ "Refresh now": the figures are recomputed in the background; a second click queues nothing more."""
    services.figures_refresh_request(audience=request.audience, actor=request.user)
    messages.success(request, _("The figures are being recomputed; reload the page in a minute."))
    return redirect("reports:me_home")


def _xlsx(snapshot, key, filename):
    selected = [t for t in documents.tables(snapshot) if key in ("all", t.key)]
    if not selected:
        raise Http404
    response = HttpResponse(documents.workbook(selected), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


@role_required(*OFFICE)
def cockpit_export(request):
    period, as_of, _form = _selection(request)
    snapshot = selectors.figures_for_user(audience=request.audience, as_of=as_of, period=period)
    return _xlsx(snapshot, request.GET.get("table", "all"), "me-dashboard")


@role_required(*permissions.AGGREGATE_VIEWERS)
def stakeholder_export(request):
    snapshot = selectors.figures_public(audience=request.audience)
    return _xlsx(snapshot, request.GET.get("table", "all"), "programme-figures")


@role_required(*OFFICE)
def indicator_detail(request, pk):
    audience = request.audience
    indicator = selectors.indicator_get_for_user(audience=audience, pk=pk)
    period, as_of, form = _selection(request)
    snapshot = selectors.figures_for_user(audience=audience, as_of=as_of, period=period)
    entry = next((r for r in documents.indicator_rows(snapshot) if r["code"] == indicator.code), None)
    calculator = calculators.get(indicator.calculator)
    return render(
        request,
        "reports/indicator_detail.html",
        {
            "indicator": indicator,
            "entry": entry,
            "calculator": calculator,
            "dimensions": DIMENSIONS,
            "period": period,
            "as_of": as_of,
            "form": form,
            "query": request.GET.urlencode(),
            "manual_values": selectors.manual_values_for_indicator(indicator=indicator),
            "can_manage": permissions.can_manage(audience),
            "manual_form": ManualValueForm(),
            "target_form": TargetForm(),
        },
    )


@role_required(*OFFICE)
def indicator_records(request, pk):
    """Drill-down: the records behind a figure (optionally one group of one disaggregation)."""
    audience = request.audience
    indicator = selectors.indicator_get_for_user(audience=audience, pk=pk)
    period, as_of, _form = _selection(request)
    dim, label = request.GET.get("dim", ""), request.GET.get("label", "")
    if period is not None:
        entry = next((e for e in period.snapshot["indicators"] if e["code"] == indicator.code), None)
        refs = entry["records"] if entry else []
        dim = label = ""
    elif indicator.calculator in calculators:
        from reports.calculators import Facts, RecordFacts

        grouped = dim in DIMENSIONS and label
        facts = (Facts if grouped else RecordFacts)(audience.program_id, as_of)
        rows = calculators[indicator.calculator].evaluate(facts).rows
        if grouped:
            rows = [r for r in rows if str(r.attrs.get(dim, "")) == label]
        refs = sorted({r.record for r in rows})
    else:
        snapshot = selectors.snapshot_build(program_id=audience.program_id, as_of=as_of)
        entry = next((e for e in snapshot["indicators"] if e["code"] == indicator.code), None)
        refs = entry["records"] if entry else []
    page = Paginator(refs, 50).get_page(request.GET.get("page"))
    records = selectors.records_for_refs(audience=audience, refs=list(page.object_list))
    return render(
        request,
        "reports/indicator_records.html",
        {
            "indicator": indicator,
            "page": page,
            "records": records,
            "period": period,
            "as_of": as_of,
            "dim_label": DIMENSIONS.get(dim),
            "label": label,
            "total": len(refs),
            "base_query": _without_page(request),
        },
    )


def _without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(*OFFICE)
def manual_value_evidence(request, pk):
    entry = selectors.manual_value_get_for_user(audience=request.audience, pk=pk)
    return FileResponse(entry.evidence.open("rb"), as_attachment=True, filename=entry.evidence.name.rsplit("/", 1)[-1])


@require_POST
@role_required(*permissions.MANAGERS)
def manual_value_add(request, pk):
    indicator = selectors.indicator_get_for_user(audience=request.audience, pk=pk)
    form = ManualValueForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.manual_value_add(
                audience=request.audience, actor=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Value saved with its evidence."))
    else:
        messages.error(request, _("Check the value, the date and the evidence."))
    return redirect("reports:indicator_detail", pk=indicator.pk)


@role_required(*permissions.MANAGERS)
def indicator_edit(request, pk):
    indicator = selectors.indicator_get_for_user(audience=request.audience, pk=pk)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        services.indicator_update(audience=request.audience, actor=request.user, indicator=indicator, form=form)
        messages.success(request, _("Indicator saved."))
        return redirect("reports:indicator_detail", pk=indicator.pk)
    return render(request, "reports/indicator_edit.html", {"indicator": indicator, "form": form})


@require_POST
@role_required(*permissions.MANAGERS)
def target_set(request, pk):
    indicator = selectors.indicator_get_for_user(audience=request.audience, pk=pk)
    form = TargetForm(request.POST)
    if form.is_valid():
        services.indicator_target_set(
            audience=request.audience, actor=request.user, indicator=indicator, **form.cleaned_data
        )
        messages.success(request, _("Target saved."))
    else:
        messages.error(request, _("Check the date and the target."))
    return redirect("reports:indicator_detail", pk=indicator.pk)


@role_required(*OFFICE)
def period_list(request):
    audience = request.audience
    if request.method == "POST":
        if not permissions.can_manage(audience):
            raise Http404
        form = PeriodForm(request.POST)
        if form.is_valid():
            try:
                period = services.period_create(audience=audience, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Reporting period created."))
                return redirect("reports:period_detail", pk=period.pk)
    else:
        form = PeriodForm()
    return render(
        request,
        "reports/period_list.html",
        {
            "periods": selectors.period_list_for_user(audience=audience),
            "form": form,
            "can_manage": permissions.can_manage(audience),
            "export_jobs": selectors.policy_export_jobs(audience=audience),
        },
    )


@role_required(*OFFICE)
def period_detail(request, pk):
    audience = request.audience
    period = selectors.period_get_for_user(audience=audience, pk=pk)
    narratives = selectors.narratives_for_period(period=period)
    sections = [
        (key, label, narratives.get((key, "tr")), narratives.get((key, "en")))
        for key, label in NarrativeForm.base_fields["key"].choices
    ]
    return render(
        request,
        "reports/period_detail.html",
        {
            "period": period,
            "sections": sections,
            "narrative_form": NarrativeForm(),
            "report_form": ReportForm(),
            "reports": selectors.reports_for_period(period=period),
            "jobs": selectors.report_jobs_recent(period=period),
            "can_manage": permissions.can_manage(audience),
            "can_close": permissions.period_can_close(audience, period) and period.ends_on < timezone.localdate(),
        },
    )


@require_POST
@role_required(*permissions.MANAGERS)
def period_close(request, pk):
    period = selectors.period_get_for_user(audience=request.audience, pk=pk)
    try:
        services.period_close(audience=request.audience, actor=request.user, period=period)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The period is closed; its figures are frozen."))
    return redirect("reports:period_detail", pk=period.pk)


@require_POST
@role_required(*permissions.MANAGERS)
def narrative_save(request, pk):
    period = selectors.period_get_for_user(audience=request.audience, pk=pk)
    form = NarrativeForm(request.POST)
    if form.is_valid():
        try:
            services.narrative_save(audience=request.audience, actor=request.user, period=period, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Section saved."))
    else:
        messages.error(request, _("Choose a section and a language, and write the text."))
    return redirect("reports:period_detail", pk=period.pk)


@require_POST
@role_required(*permissions.MANAGERS)
def report_generate(request, pk):
    period = selectors.period_get_for_user(audience=request.audience, pk=pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a language."))
        return redirect("reports:period_detail", pk=period.pk)
    services.monitoring_report_request(
        audience=request.audience, actor=request.user, period=period, language=form.cleaned_data["language"]
    )
    messages.success(request, _("The report is being built; this page shows its progress."))
    return redirect("reports:period_detail", pk=period.pk)


@role_required(*OFFICE)
def report_download(request, pk):
    report = selectors.report_get_for_user(audience=request.audience, pk=pk)
    if not report.file:
        raise Http404
    return FileResponse(report.file.open("rb"), as_attachment=True, filename=report.file.name.rsplit("/", 1)[-1])


@require_POST
@role_required(*permissions.MANAGERS)
def policy_export(request):
    job = services.policy_export_request(audience=request.audience, actor=request.user)
    return redirect("job_detail", pk=job.pk)


@role_required(roles.FIRM)
def firm_figures(request):
    """A firm sees its own figures only: its women's share over time, its assessments and roadmap."""
    return render(
        request, "reports/firm_figures.html", {"firms": selectors.firm_figures_for_user(audience=request.audience)}
    )
