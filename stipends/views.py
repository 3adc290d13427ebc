"""Money pages. Views parse input and answer 4xx; reads go through selectors, writes through services."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from portal import roles
from portal.files import file_download
from portal.filters import month_q
from portal.views.decorators import member_required, role_required
from portal.views.errors import report_errors
from portal.xlsx import table_workbook, xlsx_response
from stipends import claims, funding, permissions, selectors, services
from stipends.forms import (
    BankFileReasonForm,
    BudgetLineForm,
    ClaimForm,
    EntitlementFilterForm,
    ExportForm,
    FundForm,
    FundingPolicyForm,
    ReasonForm,
    RunPrepareForm,
    SettleForm,
    StatementForm,
    StipendRuleForm,
    StipendRunForm,
    SupportRuleForm,
)
from stipends.permissions import FINANCE_ROLES, MONEY_READERS, TRAINEE_ROLES

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(filename: str, headings: list, rows) -> HttpResponse:
    return xlsx_response(table_workbook(filename.removesuffix(".xlsx"), headings, rows), filename)


# --- finance home, stipend runs, rules, budget ----------------------------------------------------------------


@role_required(*FINANCE_ROLES)
def finance_home(request):
    audience = request.audience
    return render(
        request,
        "stipends/finance_home.html",
        {
            "budget": services.budget_figures(program_id=audience.program_id),
            "runs": selectors.payment_run_list_for_user(audience=audience)[:8],
            "stipend_runs": selectors.stipend_runs(audience=audience),
            # the last month that has ended: the running month cannot be computed yet
            "run_form": StipendRunForm(
                initial={"period": (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")}
            ),
            "prepare_form": RunPrepareForm(initial={"period": timezone.localdate().strftime("%Y-%m")}),
            "can_prepare": permissions.can_prepare(audience),
        },
    )


@role_required(roles.FINANCE)
@require_POST
def stipend_run_start(request):
    form = StipendRunForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["period"]:
        messages.error(request, _("Give the month as YYYY-MM."))
        return redirect("stipends:finance_home")
    try:
        run = services.stipend_run_start(
            program_id=request.audience.program_id, actor=request.user, period=form.cleaned_data["period"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stipends:finance_home")
    messages.success(
        request,
        _("Stipends for %(month)s: %(created)s new entitlements, %(adjusted)s adjustments.")
        % {"month": run.period.strftime("%m.%Y"), "created": run.created_count, "adjusted": run.adjustment_count},
    )
    return redirect("stipends:entitlement_list")


@role_required(*MONEY_READERS)
def entitlement_list(request):
    qs = selectors.entitlement_list_for_user(audience=request.audience)
    filters = EntitlementFilterForm(request.GET)
    chosen = filters.values().get("month")
    month = chosen.strftime("%Y-%m") if chosen else ""
    if chosen:
        qs = qs.filter(month_q("period", chosen))
    if request.GET.get("format") == "xlsx":
        return _xlsx(
            "entitlements.xlsx",
            [_("Month"), _("Kind"), _("Beneficiary"), _("Province"), _("Amount (₺)"), _("Reason"), _("Attendance (%)")],
            (
                (
                    e.period.strftime("%Y-%m"),
                    e.get_kind_display(),
                    e.trainee.user.full_name if e.trainee_id else e.firm.name,
                    e.trainee.province.name if e.trainee_id else "",
                    e.amount_kurus / 100,
                    e.get_reason_display() if e.reason else "",
                    e.snapshot.get("rate", ""),
                )
                for e in qs.order_by("-period", "pk")
            ),
        )
    page = Paginator(qs.order_by("-period", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request, "stipends/entitlement_list.html", {"page": page, "month": month, "filters_ignored": filters.ignored()}
    )


@role_required(*MONEY_READERS)
def rules(request):
    audience = request.audience
    lines = selectors.budget_lines(audience=audience)
    can_edit = audience.has_role(roles.FINANCE, roles.STAFF)
    stipend_form = StipendRuleForm(request.POST if "stipend" in request.POST else None, lines=lines)
    support_form = SupportRuleForm(request.POST if "support" in request.POST else None, lines=lines)
    policy_form = FundingPolicyForm(
        request.POST if "policy" in request.POST else None, instance=funding.funding_policy_for(audience.program_id)
    )
    if request.method == "POST" and "policy" in request.POST:
        if not can_edit:
            raise PermissionDenied
        if policy_form.is_valid():
            try:
                services.funding_policy_save(
                    program_id=audience.program_id, actor=request.user, **policy_form.cleaned_data
                )
            except ValidationError as error:
                report_errors(request, error, policy_form)
            else:
                messages.success(request, _("The funding policy is saved."))
                return redirect("stipends:rules")
    elif request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        form = stipend_form if "stipend" in request.POST else support_form
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if form is stipend_form:
                    data["monthly_amount_kurus"] = data.pop("monthly_amount")
                    services.stipend_rule_create(program_id=audience.program_id, actor=request.user, **data)
                else:
                    data["cap_kurus"] = data.pop("cap")
                    services.support_rule_create(program_id=audience.program_id, actor=request.user, **data)
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("The rule is saved."))
                return redirect("stipends:rules")
    status = 400 if stipend_form.errors or support_form.errors or policy_form.errors else 200
    context = {
        **selectors.rules(audience=audience),
        "stipend_form": stipend_form,
        "support_form": support_form,
        "policy_form": policy_form,
        "can_edit": can_edit,
    }
    return render(request, "stipends/rules.html", context, status=status)


@role_required(*MONEY_READERS)
def budget(request):
    audience = request.audience
    lines = selectors.budget_lines(audience=audience)
    line_form = BudgetLineForm(request.POST if "line" in request.POST else None)
    fund_form = FundForm(request.POST if "fund" in request.POST else None, lines=lines)
    if request.method == "POST":
        if not audience.has_role(roles.FINANCE):
            raise PermissionDenied
        form = line_form if "line" in request.POST else fund_form
        if form.is_valid():
            data = form.cleaned_data
            try:
                if form is line_form:
                    services.budget_line_create(program_id=audience.program_id, actor=request.user, **data)
                else:
                    services.budget_line_fund(
                        budget_line=data["budget_line"],
                        actor=request.user,
                        amount_kurus=data["amount"],
                        reference=data["reference"],
                    )
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("Saved."))
                return redirect("stipends:budget")
    figures = services.budget_figures(program_id=audience.program_id)
    if request.GET.get("format") == "xlsx":
        return _xlsx(
            "budget.xlsx",
            [_("Code"), _("Name"), _("Allocated"), _("Committed"), _("Paid"), _("Awaiting approval"), _("Remaining")],
            (
                (
                    f["line"].code,
                    f["line"].name,
                    f["allocated"] / 100,
                    f["committed"] / 100,
                    f["paid"] / 100,
                    f["pending"] / 100,
                    f["remaining"] / 100,
                )
                for f in figures
            ),
        )
    status = 400 if line_form.errors or fund_form.errors else 200
    context = {
        "figures": figures,
        "line_form": line_form,
        "fund_form": fund_form,
        "can_edit": audience.has_role(roles.FINANCE),
        "clawbacks": claims.clawback_receivables(program_id=audience.program_id),
    }
    return render(request, "stipends/budget.html", context, status=status)


@role_required(*MONEY_READERS)
def receivables(request):
    """Who owes the programme money back, why (each ledger movement), and finance recording a repayment."""
    audience = request.audience
    lines = selectors.budget_lines(audience=audience)
    form = SettleForm(request.POST or None, lines=lines)
    if request.method == "POST":
        if not audience.has_role(roles.FINANCE):
            raise PermissionDenied
        account_id = request.POST.get("account", "")
        account = selectors.receivable_get_for_user(
            audience=audience, pk=int(account_id) if account_id.isdigit() else 0
        )
        if form.is_valid():
            try:
                services.receivable_settle(
                    program_id=audience.program_id,
                    actor=request.user,
                    trainee_id=account.trainee_id,
                    firm_id=account.firm_id,
                    amount_kurus=form.cleaned_data["amount"],
                    reference=form.cleaned_data["reference"],
                    budget_line=form.cleaned_data["budget_line"],
                )
            except ValidationError as error:
                report_errors(request, error, form)
            else:
                messages.success(request, _("Repayment recorded: the budget line has the money back."))
                return redirect("stipends:receivables")
    context = {
        "rows": selectors.receivables_for_office(audience=audience),
        "form": form,
        "can_settle": audience.has_role(roles.FINANCE),
    }
    return render(request, "stipends/receivables.html", context, status=400 if form.errors else 200)


# --- payment runs ---------------------------------------------------------------------------------------------


@role_required(*MONEY_READERS)
def run_list(request):
    page = Paginator(selectors.payment_run_list_for_user(audience=request.audience), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "stipends/run_list.html", {"page": page})


@role_required(roles.FINANCE)
@require_POST
def run_new(request):
    form = RunPrepareForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["period"]:
        messages.error(request, _("Give the month as YYYY-MM."))
        return redirect("stipends:finance_home")
    try:
        run = services.payment_run_prepare(
            program_id=request.audience.program_id,
            actor=request.user,
            period=form.cleaned_data["period"],
            purpose=form.cleaned_data["purpose"],
        )
    except ValidationError as error:
        report_errors(request, error)
        return redirect("stipends:finance_home")
    messages.success(request, _("Draft run prepared: check the lines, then submit it for approval."))
    return redirect("stipends:run_detail", pk=run.pk)


@role_required(*MONEY_READERS)
@never_cache
def run_detail(request, pk):
    audience = request.audience
    run = selectors.payment_run_get_for_user(audience=audience, pk=pk)
    lines = Paginator(selectors.payment_run_lines(run=run), 100).get_page(request.GET.get("page"))
    context = {
        "run": run,
        "page": lines,
        **selectors.payment_run_page(run=run),
        "can_prepare": permissions.can_prepare(audience),
        "can_read_files": permissions.can_read_run_files(audience),
        "can_approve": permissions.can_approve(audience, run),
        # lines that would fund a woman-day twice: the approver reads them, approval is refused while any remain
        "funding_warnings": funding.run_warnings(run) if run.status in (run.Status.DRAFT, run.Status.SUBMITTED) else [],
        "iban_changes": selectors.payment_run_iban_changes(run=run),
        "export_form": ExportForm(formats=selectors.bank_formats(audience=audience)),
        "statement_form": StatementForm(),
        "reason_form": ReasonForm(),
        "S": run.Status,
    }
    return render(request, "stipends/run_detail.html", context)


def _run_action(request, pk, action, success):
    run = selectors.payment_run_get_for_user(audience=request.audience, pk=pk)
    try:
        action(run)
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(request, success)
    return redirect("stipends:run_detail", pk=run.pk)


@role_required(roles.FINANCE)
@require_POST
def run_submit(request, pk):
    return _run_action(
        request,
        pk,
        lambda run: services.payment_run_submit(run=run, actor=request.user),
        _("Submitted: another person with the approver role approves it."),
    )


@role_required(roles.FINANCE_APPROVER)
@require_POST
def run_approve(request, pk):
    run = selectors.payment_run_get_for_user(audience=request.audience, pk=pk)
    if not permissions.can_approve(request.audience, run):
        raise PermissionDenied
    return _run_action(
        request, pk, lambda run: services.payment_run_approve(run=run, actor=request.user), _("Approved and posted.")
    )


@role_required(roles.FINANCE_APPROVER)
@require_POST
def run_reject(request, pk):
    run = selectors.payment_run_get_for_user(audience=request.audience, pk=pk)
    if not permissions.can_approve(request.audience, run):
        raise PermissionDenied
    reason = request.POST.get("reason", "")[:1000]
    return _run_action(
        request, pk, lambda run: services.payment_run_reject(run=run, actor=request.user, reason=reason), _("Rejected.")
    )


@role_required(roles.FINANCE)
@require_POST
def run_cancel(request, pk):
    reason = request.POST.get("reason", "")[:1000]
    return _run_action(
        request,
        pk,
        lambda run: services.payment_run_cancel(run=run, actor=request.user, reason=reason),
        _("Cancelled."),
    )


@role_required(roles.FINANCE)
@require_POST
def run_export(request, pk):
    run = selectors.payment_run_get_for_user(audience=request.audience, pk=pk)
    form = ExportForm(request.POST, formats=selectors.bank_formats(audience=request.audience))
    if not form.is_valid():
        messages.error(request, _("Choose a bank file format."))
        return redirect("stipends:run_detail", pk=run.pk)
    try:
        bank_file = services.payment_run_export(
            run=run, actor=request.user, fmt=form.cleaned_data["format"], value_date=form.cleaned_data["value_date"]
        )
    except ValidationError as error:
        report_errors(request, error)
    else:
        messages.success(
            request,
            _("Bank file version %(version)s written (SHA-256 %(checksum)s…).")
            % {"version": bank_file.version, "checksum": bank_file.checksum[:12]},
        )
    return redirect("stipends:run_detail", pk=run.pk)


@role_required(*FINANCE_ROLES)
def run_lines_xlsx(request, pk):
    run = selectors.payment_run_get_for_user(audience=request.audience, pk=pk)
    return _xlsx(
        f"run-{run.pk}.xlsx",
        [_("Reference"), _("Payee"), _("IBAN"), _("Amount (₺)"), _("Month"), _("Attempt"), _("Status"), _("Reason")],
        (
            (
                p.reference,
                p.payee_name,
                p.iban_masked,
                p.amount_kurus / 100,
                p.entitlement.period.strftime("%Y-%m"),
                p.attempt,
                p.get_status_display(),
                p.failure_reason,
            )
            for p in selectors.payment_run_lines(run=run)
        ),
    )


@role_required(roles.FINANCE)
@never_cache
def bank_file_download(request, pk):
    """A bank file holds every payee's TCKN and IBAN: each download says why and is logged (who, when, which)."""
    bank_file = selectors.bank_file_get_for_user(audience=request.audience, pk=pk)
    if not bank_file.file:
        raise Http404  # destroyed by retention or erasure: its checksum and totals stay on the run's page
    form = BankFileReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return file_download(
            audience=request.audience,
            actor=request.user,
            obj=bank_file,
            field="file",
            reason=form.cleaned_data["reason"],
            reason_required=True,
            filename=bank_file.filename,
        )
    return render(
        request,
        "stipends/bank_file_download.html",
        {"bank_file": bank_file, "form": form},
        status=400 if form.errors else 200,
    )


@role_required(roles.FINANCE)
@require_POST
def run_reconcile(request, pk):
    run = selectors.payment_run_get_for_user(audience=request.audience, pk=pk)
    form = StatementForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the bank's file."))
        return redirect("stipends:run_detail", pk=run.pk)
    try:
        upload = services.statement_upload(run=run, actor=request.user, upload=form.cleaned_data["file"])
    except ValidationError as error:
        report_errors(request, error)
        return redirect("stipends:run_detail", pk=run.pk)
    messages.success(
        request,
        _("Reconciled: %(paid)s paid, %(failed)s failed, %(exceptions)s exceptions.")
        % {"paid": upload.paid_count, "failed": upload.failed_count, "exceptions": upload.exception_count},
    )
    return redirect("stipends:statement_detail", pk=run.pk, statement=upload.pk)


@role_required(*FINANCE_ROLES)
def statement_detail(request, pk, statement):
    run = selectors.payment_run_get_for_user(audience=request.audience, pk=pk)
    upload = selectors.statement_get(run=run, pk=statement)
    lines = upload.lines.select_related("payment")
    return render(request, "stipends/statement_detail.html", {"run": run, "upload": upload, "lines": lines})


@role_required(*FINANCE_ROLES)
def exceptions(request):
    audience = request.audience
    return render(
        request,
        "stipends/exceptions.html",
        {
            "lines": selectors.statement_exceptions(audience=audience)[:500],
            "failed": selectors.failed_payments(audience=audience)[:500],
        },
    )


# --- totals, my stipends --------------------------------------------------------------------------------------


@role_required(*MONEY_READERS)
def totals(request):
    data = selectors.totals(audience=request.audience)
    if request.GET.get("format") == "xlsx":
        rows = [(str(k), v["people"], v["owed"] / 100, v["paid"] / 100) for k, v in data["by_month"]]
        return _xlsx("stipends-by-month.xlsx", [_("Month"), _("People"), _("Owed (₺)"), _("Paid (₺)")], rows)
    return render(request, "stipends/totals.html", data)


@role_required(*TRAINEE_ROLES)
def my_stipends(request):
    audience = request.audience
    context = {
        "months": selectors.my_stipends(audience=audience),
        "owed": [r for r in selectors.receivables_for_trainee(audience=audience) if r["entries"]],
        "has_iban": selectors.trainee_has_iban(audience=audience),
    }
    return render(request, "stipends/my_stipends.html", context)


# --- salary-support claims ------------------------------------------------------------------------------------


@role_required(roles.FIRM)
def firm_claims(request):
    audience = request.audience
    employments = []
    for firm_id in sorted(audience.firm_ids):
        employments += list(selectors.employments_for_claims(audience=audience, firm_id=firm_id))
    return render(
        request,
        "stipends/firm_claims.html",
        {
            "claims": selectors.claim_list_for_user(audience=audience)[:200],
            "employments": employments,
            "owed": [r for r in selectors.receivables_for_firm(audience=audience) if r["entries"]],
        },
    )


@role_required(roles.FIRM)
@never_cache
def claim_new(request, employment):
    audience = request.audience
    employment = selectors.employment_get_for_claims(audience=audience, pk=employment)
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            claims.claim_submit(
                employment=employment,
                actor=request.user,
                period=data["period"],
                payroll_document=data["payroll_document"],
                sgk_proof=data["sgk_proof"],
                iban=data["iban"],
            )
        except ValidationError as error:
            report_errors(request, error, form)
        else:
            messages.success(request, _("Claim submitted: the programme office verifies it."))
            return redirect("stipends:firm_claims")
    account = selectors.firm_bank_account(audience=audience, firm_id=employment.firm_id)
    return render(
        request,
        "stipends/claim_new.html",
        {"form": form, "employment": employment, "account": account},
        status=400 if form.errors else 200,
    )


@role_required(roles.STAFF, roles.FINANCE, roles.ME)
def claim_list(request):
    qs = selectors.claim_list_for_user(audience=request.audience)
    status = request.GET.get("status", "")
    if status in ("submitted", "verified", "rejected"):
        qs = qs.filter(status=status)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "stipends/claim_list.html", {"page": page, "status": status})


@member_required
@never_cache
def claim_detail(request, pk):
    audience = request.audience
    claim = selectors.claim_get_for_user(audience=audience, pk=pk)
    can_decide = permissions.can_verify_claims(audience) and claim.status == "submitted"
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_verify_claims(audience):
            raise PermissionDenied
        try:
            if request.POST.get("decision") == "verify":
                claims.claim_verify(claim=claim, actor=request.user)
                messages.success(request, _("Verified: the support is owed and goes into the next payment run."))
                return redirect("stipends:claim_detail", pk=claim.pk)
            if form.is_valid():
                claims.claim_reject(claim=claim, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Rejected."))
                return redirect("stipends:claim_detail", pk=claim.pk)
        except ValidationError as error:
            report_errors(request, error, form)
    return render(
        request,
        "stipends/claim_detail.html",
        {
            "claim": claim,
            "payments": selectors.claim_payments(claim=claim),
            "form": form,
            "can_decide": can_decide,
            # her stipend for the month still pays days of this employment: verifying recovers them
            "stipend_overlap": funding.stipend_overlap_for_claim(claim) if can_decide else None,
        },
        status=400 if form.errors else 200,
    )


@member_required
def claim_document(request, pk, which):
    claim = selectors.claim_get_for_user(audience=request.audience, pk=pk)
    field = {"payroll": claim.payroll_document, "sgk": claim.sgk_proof}.get(which)
    if not field:
        raise Http404
    return file_download(
        audience=request.audience,
        actor=request.user,
        obj=claim,
        field=field.field.name,
        reason=_("checking the salary-support claim"),
    )
