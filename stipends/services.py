"""Every write of money: keyword-only, in a transaction, checking who acts and the state, writing an audit event.

Payment run workflow (PaymentRun.TRANSITIONS): draft → submitted → approved → exported → reconciling → closed;
rejected (by the approver) or cancelled (by finance) only before export. Ledger postings, each under its own
idempotency key:
- funding of a budget line: bank → fund (`funding:<line>:<reference>`)
- approval, once per entitlement: fund → payable (`accrual:entitlement:<id>`)
- export, once per payment attempt: payable → bank in transit (`export:payment:<id>`)
- settlement from the statement: bank in transit → bank (`settlement:payment:<id>`)
- a bank return reverses the export posting, so the money is payable again and the next run pays it.
"""

import hashlib
from collections import defaultdict
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.api import webhooks
from portal.api.webhooks import webhook_emit
from portal.pii import pii_hash
from portal.services.audit import audit_record
from stipends import bankfiles, calc, funding, ledger, statements, tell
from stipends.models import (
    Account,
    BankFile,
    BankFileFormat,
    BudgetLine,
    Entitlement,
    Payment,
    PaymentRun,
    PaymentRunTransition,
    StatementLine,
    StatementUpload,
    StipendRule,
    StipendRun,
    SupportRule,
    Transaction,
)
from stipends.permissions import has_role

STATEMENT_MAX_BYTES = 5 * 1024 * 1024
KINDS_FOR = {
    BudgetLine.Purpose.STIPENDS: (Entitlement.Kind.STIPEND, Entitlement.Kind.STIPEND_ADJUSTMENT),
    BudgetLine.Purpose.SALARY_SUPPORT: (Entitlement.Kind.SALARY_SUPPORT,),
}


def _require(actor, program_id: int, *codes: str) -> None:
    if not has_role(actor, program_id, *codes):
        raise PermissionDenied


def money(kurus: int) -> str:
    whole, frac = divmod(abs(int(kurus)), 100)
    return f"{'-' if kurus < 0 else ''}{whole:,}".replace(",", ".") + f",{frac:02d} ₺"


# --- budget lines and rules -----------------------------------------------------------------------------------


@transaction.atomic
def budget_line_create(*, program_id: int, actor, code: str, name: str, purpose: str) -> BudgetLine:
    _require(actor, program_id, roles.FINANCE)
    if BudgetLine.objects.filter(program_id=program_id, code=code).exists():
        raise ValidationError({"code": [_("A budget line with this code exists.")]})
    line = BudgetLine.objects.create(program_id=program_id, code=code, name=name, purpose=purpose)
    ledger.fund_account(line)
    audit_record(
        program_id=program_id, actor=actor, action="stipends.budget_line_create", target=line, data={"code": code}
    )
    return line


@transaction.atomic
def budget_line_fund(*, budget_line: BudgetLine, actor, amount_kurus: int, reference: str) -> Transaction:
    """Money allocated to a line (a grant tranche): bank → fund. The reference makes it post once."""
    _require(actor, budget_line.program_id, roles.FINANCE)
    if amount_kurus <= 0:
        raise ValidationError({"amount": [_("The amount must be positive.")]})
    txn = ledger.post(
        kind=Transaction.Kind.FUNDING,
        key=f"funding:{budget_line.pk}:{reference}",
        legs=[
            ledger.Leg(ledger.system_account(budget_line.program_id, Account.Kind.BANK), amount_kurus),
            ledger.Leg(ledger.fund_account(budget_line), -amount_kurus),
        ],
        actor=actor,
        memo=reference,
    )
    audit_record(
        program_id=budget_line.program_id,
        actor=actor,
        action="stipends.budget_line_fund",
        target=budget_line,
        data={"amount_kurus": amount_kurus, "reference": reference},
    )
    return txn


def _first_open_month(program_id: int) -> date | None:
    last = StipendRun.objects.filter(program_id=program_id).order_by("-period").values_list("period", flat=True).first()
    return calc.next_month(last) if last else None


@transaction.atomic
def stipend_rule_create(*, program_id: int, actor, **fields) -> StipendRule:
    """A new version of a track's stipend. Never retroactive: it cannot start in a month already run."""
    _require(actor, program_id, roles.FINANCE, roles.STAFF)
    first_open = _first_open_month(program_id)
    if first_open and fields["effective_from"] < first_open:
        raise ValidationError(
            {
                "effective_from": [
                    _("Stipends are already computed before %(day)s: a new rule starts on that day or later.")
                    % {"day": first_open.strftime("%d.%m.%Y")}
                ]
            }
        )
    if StipendRule.objects.filter(
        program_id=program_id, track=fields["track"], effective_from=fields["effective_from"]
    ).exists():
        raise ValidationError({"effective_from": [_("A rule for this track already starts on this day.")]})
    rule = StipendRule.objects.create(program_id=program_id, created_by=actor, **fields)
    audit_record(
        program_id=program_id,
        actor=actor,
        action="stipends.stipend_rule_create",
        target=rule,
        data={
            "track": rule.track,
            "monthly_amount_kurus": rule.monthly_amount_kurus,
            "threshold": rule.attendance_threshold_percent,
            "effective_from": str(rule.effective_from),
        },
    )
    return rule


@transaction.atomic
def funding_policy_save(*, program_id: int, actor, **values):
    """Finance (or staff) set the programme's funding policy; the audit keeps the old and new values. A change
    applies to months decided from now on: a month already computed changes only if it is run again."""
    _require(actor, program_id, roles.FINANCE, roles.STAFF)
    from stipends.models import FundingPolicy

    policy = FundingPolicy.objects.select_for_update().filter(program_id=program_id).first() or FundingPolicy(
        program_id=program_id
    )
    names = ("stipend_overlap", "claim_current_month_from_day", "netting_allowed")
    before = {name: getattr(policy, name) for name in names}
    for name, value in values.items():
        if name in names:
            setattr(policy, name, value)
    policy.updated_by = actor
    policy.full_clean()
    policy.save()
    audit_record(
        program_id=program_id,
        actor=actor,
        action="stipends.funding_policy",
        target=policy,
        data={"before": before, "after": {name: getattr(policy, name) for name in names}},
    )
    return policy


@transaction.atomic
def support_rule_create(*, program_id: int, actor, **fields) -> SupportRule:
    _require(actor, program_id, roles.FINANCE, roles.STAFF)
    if SupportRule.objects.filter(program_id=program_id, effective_from=fields["effective_from"]).exists():
        raise ValidationError({"effective_from": [_("A rule already starts on this day.")]})
    rule = SupportRule.objects.create(program_id=program_id, **fields)
    audit_record(
        program_id=program_id,
        actor=actor,
        action="stipends.support_rule_create",
        target=rule,
        data={"share": str(rule.share_percent), "cap_kurus": rule.cap_kurus, "from": str(rule.effective_from)},
    )
    return rule


def stipend_run_start(*, program_id: int, actor, period: date) -> StipendRun:
    from stipends.entitlements import stipend_run

    if actor is not None:
        _require(actor, program_id, roles.FINANCE)
    month_end = calc.month_end(period)
    if month_end > timezone.localdate():
        # attendance is still being recorded: a stipend decided now would be decided on half a month
        raise ValidationError(
            _("Stipends are computed once a month has ended: %(month)s can be run from %(day)s.")
            % {"month": period.strftime("%m.%Y"), "day": month_end.strftime("%d.%m.%Y")}
        )
    return stipend_run(program_id=program_id, period=period, actor=actor)


# --- budget figures -------------------------------------------------------------------------------------------


def _accrued_exists():
    return Exists(Payment.objects.filter(entitlement=OuterRef("entitlement"), accrual__isnull=False))


def budget_figures(*, program_id: int) -> list[dict]:
    """Per budget line: allocated, committed (approved, not yet paid), paid, pending approval, remaining."""
    lines = list(BudgetLine.objects.filter(program_id=program_id).order_by("code"))
    funds = {a.budget_line_id: a for a in Account.objects.filter(program_id=program_id, kind=Account.Kind.FUND)}
    by_kind = defaultdict(int)
    for account_id, kind, total in (
        # by the fund accounts' ids, not a join on their kind: the entry index on account serves it
        ledger.Entry.objects.filter(program_id=program_id, account_id__in=[a.pk for a in funds.values()])
        .values_list("account", "transaction__kind")
        .annotate(total=Sum("amount_kurus"))
    ):
        by_kind[(account_id, kind)] = int(total or 0)
    paid = dict(
        Payment.objects.filter(program_id=program_id, status=Payment.Status.PAID)
        .values("entitlement__budget_line")
        .annotate(t=Sum("amount_kurus"))
        .values_list("entitlement__budget_line", "t")
    )
    pending = dict(
        Payment.objects.filter(
            program_id=program_id, status=Payment.Status.PENDING, run__status=PaymentRun.Status.SUBMITTED
        )
        .exclude(_accrued_exists())
        .values("entitlement__budget_line")
        .annotate(t=Sum("amount_kurus"))
        .values_list("entitlement__budget_line", "t")
    )
    out = []
    for line in lines:
        fund = funds.get(line.pk)
        fid = fund.pk if fund else None
        allocated = -by_kind[(fid, Transaction.Kind.FUNDING)]
        accrued = by_kind[(fid, Transaction.Kind.ACCRUAL)]
        # receivables count for the budget only once collected (netted from a payment or repaid by transfer)
        netted = -by_kind[(fid, Transaction.Kind.NETTING)]
        collected = netted - by_kind[(fid, Transaction.Kind.REPAYMENT)]
        clawed = -by_kind[(fid, Transaction.Kind.CLAWBACK)]  # clawbacks posted before receivables were collected
        balance = allocated - accrued + collected + clawed
        line_paid = int(paid.get(line.pk) or 0)
        line_pending = int(pending.get(line.pk) or 0)
        out.append(
            {
                "line": line,
                "allocated": allocated,
                "committed": accrued - netted - line_paid,
                "paid": line_paid,
                "pending": line_pending,
                "clawback": clawed,
                "collected": collected,
                "remaining": balance - line_pending,
            }
        )
    return out


# --- payment runs ---------------------------------------------------------------------------------------------


def _transition(run: PaymentRun, to: str, actor, why: str = "") -> None:
    if to not in PaymentRun.TRANSITIONS.get(run.status, set()):
        raise ValidationError(
            _("A run that is %(status)s cannot become %(to)s.")
            % {"status": run.get_status_display(), "to": PaymentRun.Status(to).label}
        )
    PaymentRunTransition.objects.create(
        program_id=run.program_id, run=run, from_status=run.status, to_status=to, by=actor, why=why
    )
    audit_record(
        program_id=run.program_id,
        actor=actor,
        action=f"stipends.payment_run.{to}",
        target=run,
        data={"from": run.status, "to": to, "why": why[:500], "total_kurus": run.total_kurus, "lines": run.line_count},
    )
    run.status = to


def _payee(entitlement) -> tuple[str, str, str]:
    """(name, TCKN/VKN, IBAN) now, or empty IBAN when none is on record."""
    if entitlement.trainee_id:
        trainee = entitlement.trainee
        return trainee.user.full_name or trainee.user.email, trainee.tckn or "", trainee.iban or ""
    firm = entitlement.firm
    account = getattr(firm, "bank_account", None)
    return firm.name, firm.tax_number or "", (account.iban if account else "") or ""


@transaction.atomic
def payment_run_prepare(*, program_id: int, actor, period: date, purpose: str) -> PaymentRun:
    """A draft run of every payable entitlement up to the month with no active payment: new ones and those whose
    last attempt failed (carried over)."""
    _require(actor, program_id, roles.FINANCE)
    kinds = KINDS_FOR[purpose]
    entitlements = list(
        Entitlement.objects.filter(
            program_id=program_id, period__lte=calc.month_start(period), kind__in=kinds, amount_kurus__gt=0, reason=""
        )
        .exclude(payments__status__in=Payment.ACTIVE)
        .select_related("trainee__user", "firm__bank_account")
        .annotate(
            attempts=Count("payments"),
            # a failed attempt after approval keeps the netting it posted: the retry pays only the rest
            already_netted=Sum("payments__netted_kurus", filter=Q(payments__accrual__isnull=False)),
        )
        .order_by("period", "pk")
    )
    run = PaymentRun.objects.create(
        program_id=program_id, period=calc.month_start(period), purpose=purpose, prepared_by=actor
    )
    policy = funding.funding_policy_for(program_id)
    owed = {}
    if policy.netting_allowed:
        # what each payee owes the programme, less what earlier runs not yet approved already take back
        trainee_ids = {e.trainee_id for e in entitlements if e.trainee_id}
        firm_ids = {e.firm_id for e in entitlements if e.firm_id}
        earmarked = defaultdict(int)
        for trainee_id, firm_id, netted in Payment.objects.filter(
            program_id=program_id, status=Payment.Status.PENDING, netted_kurus__gt=0
        ).values_list("entitlement__trainee_id", "entitlement__firm_id", "netted_kurus"):
            earmarked[("t", trainee_id) if trainee_id else ("f", firm_id)] += netted
        for tid, amount in funding.receivable_balances(program_id=program_id, trainee_ids=trainee_ids).items():
            owed[("t", tid)] = amount - earmarked[("t", tid)]
        for fid, amount in funding.receivable_balances(program_id=program_id, firm_ids=firm_ids).items():
            owed[("f", fid)] = amount - earmarked[("f", fid)]
    payments = []
    for ent in entitlements:
        name, id_number, iban = _payee(ent)
        if not iban:
            if ent.trainee_id:  # she is left unpaid until she gives one (a firm gives its IBAN with a claim)
                tell.iban_missing_tell(entitlement=ent)
            continue
        who = ("t", ent.trainee_id) if ent.trainee_id else ("f", ent.firm_id)
        due = ent.amount_kurus - int(ent.already_netted or 0)
        if due <= 0:
            continue
        netted = min(max(owed.get(who, 0), 0), due)
        if netted:
            owed[who] -= netted
        attempt = ent.attempts + 1
        payments.append(
            Payment(
                program_id=program_id,
                run=run,
                entitlement=ent,
                attempt=attempt,
                reference=f"{'S' if ent.trainee_id else 'F'}{ent.pk}A{attempt}",
                amount_kurus=due - netted,
                netted_kurus=netted,
                payee_name=name[:200],
                payee_id_number=id_number,
                iban=iban,
            )
        )
    if not payments:
        raise ValidationError(_("Nothing is waiting to be paid up to this month."))
    Payment.objects.bulk_create(payments)
    run.line_count, run.total_kurus = len(payments), sum(p.amount_kurus for p in payments)
    run.save(update_fields=["line_count", "total_kurus"])
    audit_record(
        program_id=program_id,
        actor=actor,
        action="stipends.payment_run.prepare",
        target=run,
        data={"period": str(run.period), "lines": run.line_count, "total_kurus": run.total_kurus},
    )
    return run


def lines_digest(run: PaymentRun) -> tuple[str, int, int]:
    """SHA-256 over the run's active lines (reference, amount, payee, identity number, IBAN), their count, total."""
    rows = sorted(
        (
            p.reference,
            p.amount_kurus,
            p.payee_name,
            pii_hash("id", p.payee_id_number or ""),
            pii_hash("iban", p.iban or ""),
        )
        for p in run.payments.exclude(status__in=[Payment.Status.CANCELLED])
    )
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digest, len(rows), sum(r[1] for r in rows)


def _locked_run(run: PaymentRun) -> PaymentRun:
    return PaymentRun.objects.select_for_update().get(pk=run.pk, program_id=run.program_id)


def _check_budget(run: PaymentRun) -> None:
    needed = dict(
        run.payments.exclude(_accrued_exists())
        .values("entitlement__budget_line")
        .annotate(t=Sum("amount_kurus"))
        .values_list("entitlement__budget_line", "t")
    )
    figures = {f["line"].pk: f for f in budget_figures(program_id=run.program_id)}
    for line_id, amount in needed.items():
        f = figures.get(line_id)
        if f is None:
            raise ValidationError(_("Some lines have no budget line: set the stipend rule's budget line."))
        # our own lines are already counted as pending once the run is submitted
        available = f["remaining"] + (amount if run.status == PaymentRun.Status.SUBMITTED else 0)
        if amount > available:
            raise ValidationError(
                _(
                    "The run needs %(needed)s from budget line %(line)s, which has %(available)s left "
                    "(allocated %(allocated)s, committed %(committed)s, paid %(paid)s, awaiting approval %(pending)s)."
                )
                % {
                    "needed": money(amount),
                    "line": f["line"].code,
                    "available": money(available),
                    "allocated": money(f["allocated"]),
                    "committed": money(f["committed"]),
                    "paid": money(f["paid"]),
                    "pending": money(f["pending"] - (amount if run.status == PaymentRun.Status.SUBMITTED else 0)),
                }
            )


@transaction.atomic
def payment_run_submit(*, run: PaymentRun, actor) -> PaymentRun:
    """Freeze the lines: their digest, count and total are recorded; the approver approves exactly these."""
    _require(actor, run.program_id, roles.FINANCE)
    run = _locked_run(run)
    if run.status != PaymentRun.Status.DRAFT:
        raise ValidationError(_("Only a draft run can be submitted."))
    _check_budget(run)
    run.digest, run.line_count, run.total_kurus = lines_digest(run)
    run.submitted_at = timezone.now()
    _transition(run, PaymentRun.Status.SUBMITTED, actor)
    run.save(update_fields=["status", "digest", "line_count", "total_kurus", "submitted_at"])
    tell.run_submitted_tell(run=run)
    return run


def _check_digest(run: PaymentRun) -> None:
    digest, count, total = lines_digest(run)
    if (digest, count, total) != (run.digest, run.line_count, run.total_kurus):
        raise ValidationError(_("The run's lines no longer match what was approved: nothing was done."), code="digest")


@transaction.atomic
def payment_run_approve(*, run: PaymentRun, actor) -> PaymentRun:
    """Second pair of eyes. Posts each entitlement's accrual (fund → payable) once; refuses if a fund is short."""
    run = _locked_run(run)
    if run.status != PaymentRun.Status.SUBMITTED:
        raise ValidationError(
            _("This run is not waiting for approval (it is %(status)s).") % {"status": run.get_status_display()}
        )
    if not has_role(actor, run.program_id, roles.FINANCE_APPROVER):
        raise PermissionDenied
    if actor.pk == run.prepared_by_id:
        raise PermissionDenied(_("You prepared this run: another person approves it."))
    _check_digest(run)
    warnings = funding.run_warnings(run)
    if warnings:
        raise ValidationError(
            [_("This run would fund the same days twice or pay someone who owes the programme:")]
            + [w.text for w in warnings],
            code="double_funding",
        )
    payments = list(
        run.payments.filter(status=Payment.Status.PENDING).select_related("entitlement__budget_line").order_by("pk")
    )
    earlier = dict(
        Payment.objects.filter(entitlement__in=[p.entitlement_id for p in payments], accrual__isnull=False).values_list(
            "entitlement_id", "accrual_id"
        )
    )
    for payment in payments:
        ent = payment.entitlement
        if ent.pk in earlier:
            payment.accrual_id = earlier[ent.pk]
        else:
            try:
                txn = ledger.post(
                    kind=Transaction.Kind.ACCRUAL,
                    key=f"accrual:entitlement:{ent.pk}",
                    legs=[
                        ledger.Leg(ledger.fund_account(ent.budget_line), ent.amount_kurus),
                        ledger.Leg(
                            ledger.payable_account(
                                program_id=run.program_id, trainee_id=ent.trainee_id, firm_id=ent.firm_id
                            ),
                            -ent.amount_kurus,
                        ),
                    ],
                    actor=actor,
                    memo=f"{ent.get_kind_display()} {ent.period:%m.%Y}",
                )
            except ledger.InsufficientFunds as error:
                raise ValidationError(
                    _("Budget line %(line)s cannot cover this run: it holds %(balance)s and needs %(needed)s.")
                    % {"line": ent.budget_line.code, "balance": money(error.balance), "needed": money(error.needed)}
                ) from None
            payment.accrual_id = earlier[ent.pk] = txn.pk
        if payment.netted_kurus:
            _post_netting(payment, actor=actor)
        payment.status = Payment.Status.APPROVED
        if payment.amount_kurus == 0:
            # all of it settled what she (or the firm) owed: nothing goes to the bank
            payment.status, payment.settled_at = Payment.Status.PAID, timezone.now()
    Payment.objects.bulk_update(payments, ["accrual", "status", "settled_at"])
    tell.payments_settled_tell(payments=[p for p in payments if p.status == Payment.Status.PAID])
    run.approved_by, run.approved_at = actor, timezone.now()
    _transition(run, PaymentRun.Status.APPROVED, actor)
    run.save(update_fields=["status", "approved_by", "approved_at"])
    webhook_emit(
        program_id=run.program_id,
        event=webhooks.PAYMENT_RUN_APPROVED,
        data={"payment_run": run.pk, "payments": len(payments), "approved_at": run.approved_at},
    )
    return run


def receivable_account_for(*, program_id: int, trainee_id=None, firm_id=None) -> Account:
    kind = Account.Kind.STIPEND_RECEIVABLE if trainee_id else Account.Kind.CLAWBACK_RECEIVABLE
    return ledger.account_get(program_id=program_id, kind=kind, trainee_id=trainee_id, firm_id=firm_id)


def _collected_legs(*, receivable: Account, fund: Account, amount: int) -> list:
    """A receivable collected: it shrinks, and only now does the fund get the money back (recoveries due → fund)."""
    due = ledger.system_account(receivable.program_id, Account.Kind.RECOVERIES_DUE)
    return [ledger.Leg(receivable, -amount), ledger.Leg(due, amount), ledger.Leg(fund, -amount)]


def _post_netting(payment: Payment, *, actor) -> Transaction:
    """Part of what the payee is owed pays what she owes: payable → receivable, recoveries due → fund."""
    ent = payment.entitlement
    payable = ledger.payable_account(program_id=payment.program_id, trainee_id=ent.trainee_id, firm_id=ent.firm_id)
    receivable = receivable_account_for(program_id=payment.program_id, trainee_id=ent.trainee_id, firm_id=ent.firm_id)
    legs = [ledger.Leg(payable, payment.netted_kurus)]
    fund = ledger.fund_account(ent.budget_line)
    legs += _collected_legs(receivable=receivable, fund=fund, amount=payment.netted_kurus)
    return ledger.post(
        kind=Transaction.Kind.NETTING,
        key=f"netting:payment:{payment.pk}",
        legs=legs,
        actor=actor,
        memo=f"{payment.reference}: {ent.period:%m.%Y}",
    )


@transaction.atomic
def receivable_settle(
    *, program_id: int, actor, trainee_id=None, firm_id=None, amount_kurus: int, reference: str, budget_line: BudgetLine
) -> Transaction:
    """Finance records money paid back by transfer: bank in, the receivable shrinks, and only now does the budget
    line get it back. The bank reference makes it post once."""
    _require(actor, program_id, roles.FINANCE)
    reference = (reference or "").strip()
    errors = {}
    receivable = receivable_account_for(program_id=program_id, trainee_id=trainee_id, firm_id=firm_id)
    owed = ledger.balance(receivable)
    if not reference:
        errors["reference"] = [_("Give the bank transfer's reference.")]
    if amount_kurus <= 0:
        errors["amount"] = [_("The amount must be positive.")]
    elif amount_kurus > owed:
        errors["amount"] = [_("Only %(owed)s is owed.") % {"owed": money(owed)}]
    if budget_line.program_id != program_id:
        raise PermissionDenied
    if errors:
        raise ValidationError(errors)
    bank = ledger.system_account(program_id, Account.Kind.BANK)
    txn = ledger.post(
        kind=Transaction.Kind.REPAYMENT,
        key=f"repayment:{receivable.code}:{reference}",
        legs=[
            ledger.Leg(bank, amount_kurus),
            *_collected_legs(receivable=receivable, fund=ledger.fund_account(budget_line), amount=amount_kurus),
        ],
        actor=actor,
        memo=reference,
    )
    audit_record(
        program_id=program_id,
        actor=actor,
        action="stipends.receivable_settle",
        target=receivable,
        data={"amount_kurus": amount_kurus, "reference": reference, "transaction": txn.pk},
    )
    return txn


@transaction.atomic
def payment_run_reject(*, run: PaymentRun, actor, reason: str) -> PaymentRun:
    run = _locked_run(run)
    if not has_role(actor, run.program_id, roles.FINANCE_APPROVER) or actor.pk == run.prepared_by_id:
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the run is rejected.")]})
    _transition(run, PaymentRun.Status.REJECTED, actor, reason)
    run.payments.update(status=Payment.Status.CANCELLED)
    run.save(update_fields=["status"])
    return run


@transaction.atomic
def payment_run_cancel(*, run: PaymentRun, actor, reason: str) -> PaymentRun:
    """Before export only. Accruals already posted stay: the money is still owed and the next run pays it."""
    _require(actor, run.program_id, roles.FINANCE)
    run = _locked_run(run)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the run is cancelled.")]})
    _transition(run, PaymentRun.Status.CANCELLED, actor, reason)
    run.payments.update(status=Payment.Status.CANCELLED)
    run.save(update_fields=["status"])
    return run


def bank_lines(run: PaymentRun) -> list[bankfiles.Line]:
    return [
        bankfiles.Line(
            payee_name=p.payee_name,
            id_number=p.payee_id_number or "",
            iban=p.iban,
            amount_kurus=p.amount_kurus,
            reference=p.reference,
            description=f"{p.entitlement.get_kind_display()} {p.entitlement.period:%m.%Y}",
        )
        for p in run.payments.filter(status__in=[Payment.Status.APPROVED, Payment.Status.EXPORTED])
        .select_related("entitlement")
        .order_by("pk")
    ]


@transaction.atomic
def payment_run_export(*, run: PaymentRun, actor, fmt: BankFileFormat, value_date: date | None = None) -> BankFile:
    """Write the bank file (a new version each time), keep it with its checksum, post payable → in transit once."""
    _require(actor, run.program_id, roles.FINANCE)
    run = _locked_run(run)
    if run.status not in (PaymentRun.Status.APPROVED, PaymentRun.Status.EXPORTED):
        raise ValidationError(_("Only an approved run can be sent to the bank."))
    if fmt.program_id != run.program_id:
        raise PermissionDenied
    _check_digest(run)
    lines = bank_lines(run)
    exporter = bankfiles.exporter_for(fmt)
    content = exporter.render(fmt, lines, value_date or timezone.localdate())
    bankfiles.verify(fmt, content, lines)
    if run.status == PaymentRun.Status.APPROVED:
        in_transit = ledger.system_account(run.program_id, Account.Kind.BANK_IN_TRANSIT)
        payments = list(
            run.payments.filter(status=Payment.Status.APPROVED).select_related("entitlement").order_by("pk")
        )
        for p in payments:
            ent = p.entitlement
            p.export_id = ledger.post(
                kind=Transaction.Kind.EXPORT,
                key=f"export:payment:{p.pk}",
                legs=[
                    ledger.Leg(
                        ledger.payable_account(
                            program_id=run.program_id, trainee_id=ent.trainee_id, firm_id=ent.firm_id
                        ),
                        p.amount_kurus,
                    ),
                    ledger.Leg(in_transit, -p.amount_kurus),
                ],
                actor=actor,
                memo=p.reference,
            ).pk
            p.status = Payment.Status.EXPORTED
        Payment.objects.bulk_update(payments, ["export", "status"])
        run.exported_at = timezone.now()
        _transition(run, PaymentRun.Status.EXPORTED, actor)
        run.save(update_fields=["status", "exported_at"])
    version = (run.bank_files.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    filename = f"odeme-{run.pk}-v{version}.{exporter.extension}"
    bank_file = BankFile(
        program_id=run.program_id,
        run=run,
        format=fmt,
        version=version,
        filename=filename,
        checksum=hashlib.sha256(content).hexdigest(),
        line_count=len(lines),
        total_kurus=sum(line.amount_kurus for line in lines),
        created_by=actor,
    )
    bank_file.file.save(filename, ContentFile(content), save=False)
    bank_file.save()
    audit_record(
        program_id=run.program_id,
        actor=actor,
        action="stipends.bank_file_export",
        target=bank_file,
        data={"run": run.pk, "version": version, "checksum": bank_file.checksum, "format": fmt.name},
    )
    return bank_file


# --- reconciliation -------------------------------------------------------------------------------------------


def _read_statement(upload) -> tuple[bytes, str, list]:
    if upload.size > STATEMENT_MAX_BYTES:
        raise ValidationError(_("The file is too large (at most 5 MB)."), code="too_large")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    kind, rows = statements.detect_and_parse(content)
    return content, kind, rows


@transaction.atomic
def statement_upload(*, run: PaymentRun, actor, upload) -> StatementUpload:
    """Match each bank line to at most one payment of the run, by reference and exact amount. Paid lines settle
    (in transit → bank); failed ones reverse the export (the money is payable again, the next run carries it);
    unknown references, wrong amounts and duplicates post nothing and go to the exceptions list."""
    _require(actor, run.program_id, roles.FINANCE)
    content, kind, rows = _read_statement(upload)  # a file that cannot be read raises before anything is written
    run = _locked_run(run)
    if run.status not in (PaymentRun.Status.EXPORTED, PaymentRun.Status.RECONCILING):
        raise ValidationError(_("Only a run sent to the bank can be reconciled."))
    checksum = hashlib.sha256(content).hexdigest()
    if run.statements.filter(checksum=checksum).exists():
        raise ValidationError(_("This file has already been uploaded for this run."))
    payments = {p.reference: p for p in run.payments.select_related("entitlement").select_for_update(of=("self",))}
    matched_before = set(
        StatementLine.objects.filter(payment__run=run, payment__isnull=False).values_list(
            "payment__reference", flat=True
        )
    )
    statement = StatementUpload(
        program_id=run.program_id,
        run=run,
        filename=getattr(upload, "name", "statement")[:200],
        file_kind=kind,
        checksum=checksum,
        uploaded_by=actor,
    )
    statement.file.save(f"statement-{run.pk}-{checksum[:12]}.{kind}", ContentFile(content), save=False)
    statement.save()
    bank = ledger.system_account(run.program_id, Account.Kind.BANK)
    in_transit = ledger.system_account(run.program_id, Account.Kind.BANK_IN_TRANSIT)
    seen, lines, changed = set(), [], []
    for row in rows:
        payment = payments.get(row.reference)
        outcome, matched = None, None
        if payment is None:
            outcome = StatementLine.Outcome.UNMATCHED
        elif row.reference in seen or row.reference in matched_before or payment.status != Payment.Status.EXPORTED:
            outcome = StatementLine.Outcome.DUPLICATE
        elif row.amount_kurus != payment.amount_kurus:
            outcome = StatementLine.Outcome.WRONG_AMOUNT
        elif row.status == statements.PAID:
            outcome, matched = StatementLine.Outcome.PAID, payment
            ledger.post(
                kind=Transaction.Kind.SETTLEMENT,
                key=f"settlement:payment:{payment.pk}",
                legs=[ledger.Leg(in_transit, payment.amount_kurus), ledger.Leg(bank, -payment.amount_kurus)],
                actor=actor,
                memo=payment.reference,
            )
            payment.status, payment.settled_at = Payment.Status.PAID, timezone.now()
        else:
            outcome, matched = StatementLine.Outcome.FAILED, payment
            ledger.reverse(
                original=Transaction.objects.get(pk=payment.export_id),
                actor=actor,
                memo=row.reason or payment.reference,
            )
            payment.status = Payment.Status.FAILED
            payment.failure_reason = (row.reason or _("Returned by the bank"))[:300]
        seen.add(row.reference)
        if matched is not None:
            changed.append(matched)
        lines.append(
            StatementLine(
                program_id=run.program_id,
                upload=statement,
                line_number=row.line_number,
                reference=row.reference,
                amount_kurus=row.amount_kurus,
                bank_status=row.status,
                bank_reason=row.reason,
                outcome=outcome,
                payment=matched,
            )
        )
    Payment.objects.bulk_update(changed, ["status", "settled_at", "failure_reason"])
    StatementLine.objects.bulk_create(lines)
    statement.paid_count = sum(1 for x in lines if x.outcome == StatementLine.Outcome.PAID)
    statement.failed_count = sum(1 for x in lines if x.outcome == StatementLine.Outcome.FAILED)
    statement.exception_count = sum(1 for x in lines if x.is_exception)
    statement.save(update_fields=["paid_count", "failed_count", "exception_count"])
    tell.payments_settled_tell(payments=changed)
    tell.exceptions_tell(statement=statement)
    audit_record(
        program_id=run.program_id,
        actor=actor,
        action="stipends.statement_upload",
        target=statement,
        data={
            "run": run.pk,
            "kind": kind,
            "paid": statement.paid_count,
            "failed": statement.failed_count,
            "exceptions": statement.exception_count,
            "checksum": checksum,
        },
    )
    if run.status == PaymentRun.Status.EXPORTED:
        _transition(run, PaymentRun.Status.RECONCILING, actor)
    if not run.payments.filter(status=Payment.Status.EXPORTED).exists():
        run.closed_at = timezone.now()
        _transition(run, PaymentRun.Status.CLOSED, actor, _("Every line is paid or failed."))
    run.save(update_fields=["status", "closed_at"])
    return statement


def bank_file_format_default(*, program_id: int) -> BankFileFormat:
    """The generic layout every programme starts with (finance adds each bank's template in the admin)."""
    fmt, _created = BankFileFormat.objects.get_or_create(
        program_id=program_id,
        name="Genel CSV",
        defaults={"columns": list(BankFileFormat.COLUMN_CHOICES), "delimiter": ";", "decimal_separator": ","},
    )
    return fmt
