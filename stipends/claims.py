"""Firm salary support: monthly claims per ambassador employment, verification, and the clawback when an
employment ends early. A verified claim becomes an Entitlement (kind salary_support, payee the firm) and is paid
by the same payment runs, ledger, bank files and reconciliation as the stipends: there is no second money path.
"""

from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Employment
from portal import roles
from portal.notifications import recipients
from portal.notifications.service import notify
from portal.pii import normalize_iban, pii_hash
from portal.services.audit import audit_record
from portal.uploads import validate_upload
from stipends import calc, ledger, tell
from stipends.models import Account, Entitlement, FirmBankAccount, SupportClaim, SupportRule, Transaction
from stipends.permissions import has_role
from stipends.templatetags.stipends_tags import lira
from training.models import Track


def months_between(start: date, period: date) -> int:
    """1 for the month the employment starts in, 2 for the next, …"""
    return (period.year - start.year) * 12 + period.month - start.month + 1


def month_claimable(program_id: int, period: date, today: date | None = None) -> bool:
    """Only ended months, unless the programme lets the current month be claimed from a day (after payroll)."""
    from stipends.funding import funding_policy_for

    today = today or timezone.localdate()
    period, current = calc.month_start(period), calc.month_start(today)
    if period < current:
        return True
    day = funding_policy_for(program_id).claim_current_month_from_day
    return period == current and day is not None and today.day >= day


def support_rule_for(program_id: int, period: date) -> SupportRule | None:
    return (
        SupportRule.objects.filter(program_id=program_id, effective_from__lte=calc.month_end(period))
        .order_by("-effective_from")
        .first()
    )


def claim_figures(*, employment: Employment, period: date) -> dict:
    """What a claim for the month would be: month index, days employed, the rule and the supported amount."""
    start, end = calc.month_start(period), calc.month_end(period)
    last_day = employment.terminated_on or employment.planned_end_date
    days = calc.overlap_days(employment.start_date, last_day, start, end)
    rule = support_rule_for(employment.program_id, start)
    dim = calc.days_in_month(start)
    amount = (
        calc.support_amount(
            gross_kurus=employment.gross_salary_kurus,
            share_percent=rule.share_percent,
            cap_kurus=rule.cap_kurus,
            days=days,
            dim=dim,
        )
        if rule and days
        else 0
    )
    return {
        "month_index": months_between(employment.start_date, start),
        "days": days,
        "dim": dim,
        "rule": rule,
        "amount": amount,
    }


@transaction.atomic
def firm_bank_account_set(*, firm, actor, iban: str) -> FirmBankAccount:
    compact = normalize_iban(iban)
    account = FirmBankAccount.objects.filter(program_id=firm.program_id, firm=firm).first()
    if account is None:
        account = FirmBankAccount(program_id=firm.program_id, firm=firm)
    account.iban, account.iban_hash = compact, pii_hash("iban", compact)
    account.save()
    audit_record(program_id=firm.program_id, actor=actor, action="stipends.firm_iban_set", target=firm, data={})
    return account


@transaction.atomic
def claim_submit(*, employment: Employment, actor, period: date, payroll_document, sgk_proof, iban: str = ""):
    """The firm's claim for one month of one ambassador's employment, with the month's payroll and SGK proof."""
    if not has_role(actor, employment.program_id, roles.FIRM) or not has_role_for_firm(actor, employment):
        raise PermissionDenied
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    period = calc.month_start(period)
    errors = {}
    if employment.trainee.track != Track.AMBASSADOR:
        raise ValidationError(_("Salary support is paid for change ambassadors only."))
    figures = claim_figures(employment=employment, period=period)
    if figures["days"] == 0:
        errors["period"] = [_("The person was not employed in this month.")]
    elif not month_claimable(employment.program_id, period):
        errors["period"] = [_("A month can be claimed once it has ended (the payroll must exist).")]
    elif figures["month_index"] > 12:
        errors["period"] = [_("Support is paid for at most 12 months of an employment.")]
    elif figures["rule"] is None:
        errors["period"] = [_("The programme has not set the salary support for this month yet.")]
    for field, upload in (("payroll_document", payroll_document), ("sgk_proof", sgk_proof)):
        if upload is None:
            errors[field] = [_("Attach the document.")]
            continue
        try:
            validate_upload(upload)
        except ValidationError as error:
            errors[field] = error.messages
    if iban:
        try:
            normalize_iban(iban)
        except ValidationError as error:
            errors["iban"] = error.messages
    elif not FirmBankAccount.objects.filter(program_id=employment.program_id, firm_id=employment.firm_id).exists():
        errors["iban"] = [_("Give the IBAN the support is paid to.")]
    if errors:
        raise ValidationError(errors)
    if SupportClaim.objects.filter(employment=employment, period=period).exclude(status="rejected").exists():
        raise ValidationError({"period": [_("This month has already been claimed.")]})
    if iban:
        firm_bank_account_set(firm=employment.firm, actor=actor, iban=iban)
    claim = SupportClaim(
        program_id=employment.program_id,
        employment=employment,
        firm_id=employment.firm_id,
        trainee_id=employment.trainee_id,
        period=period,
        month_index=figures["month_index"],
        gross_salary_kurus=employment.gross_salary_kurus,
        days_employed=figures["days"],
        days_in_month=figures["dim"],
        supported_kurus=figures["amount"],
        rule=figures["rule"],
        submitted_by=actor,
    )
    # named by the detected kind (validate_upload set it): a photographed payroll is a .jpg, not a ".pdf"
    claim.payroll_document.save(
        f"bordro-{employment.pk}-{period:%Y%m}{Path(payroll_document.name).suffix}", payroll_document, save=False
    )
    claim.sgk_proof.save(f"sgk-{employment.pk}-{period:%Y%m}{Path(sgk_proof.name).suffix}", sgk_proof, save=False)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        raise ValidationError({"period": [_("This month has already been claimed.")]}) from None
    audit_record(
        program_id=claim.program_id,
        actor=actor,
        action="stipends.claim_submit",
        target=claim,
        data={"period": str(period), "supported_kurus": claim.supported_kurus, "month_index": claim.month_index},
    )
    return claim


def has_role_for_firm(actor, employment) -> bool:
    from portal.models import Membership

    return Membership.objects.filter(
        program_id=employment.program_id,
        user_id=actor.pk,
        role__code=roles.FIRM,
        firm_id=employment.firm_id,
        is_active=True,
    ).exists()


@transaction.atomic
def claim_verify(*, claim: SupportClaim, actor) -> Entitlement:
    if not has_role(actor, claim.program_id, roles.STAFF, roles.FINANCE):
        raise PermissionDenied
    claim = SupportClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != SupportClaim.Status.SUBMITTED:
        raise ValidationError(_("This claim has already been decided."))
    if claim.employment.terminated_on and claim.period > claim.employment.terminated_on:
        raise ValidationError(_("The employment ended before this month."))
    claim.status, claim.decided_by, claim.decided_at = SupportClaim.Status.VERIFIED, actor, timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at"])
    entitlement = Entitlement.objects.create(
        program_id=claim.program_id,
        kind=Entitlement.Kind.SALARY_SUPPORT,
        firm_id=claim.firm_id,
        claim=claim,
        period=claim.period,
        amount_kurus=claim.supported_kurus,
        reason="" if claim.supported_kurus > 0 else Entitlement.Reason.NO_RULE,
        budget_line_id=claim.rule.budget_line_id,
        snapshot={
            "employment": claim.employment_id,
            "trainee": claim.trainee_id,
            "gross_kurus": claim.gross_salary_kurus,
            "share_percent": str(claim.rule.share_percent),
            "cap_kurus": claim.rule.cap_kurus,
            "days": claim.days_employed,
            "days_in_month": claim.days_in_month,
            "month_index": claim.month_index,
            "rule": claim.rule_id,
        },
    )
    _stipend_recheck(claim, actor=actor)
    tell.claim_decided_tell(claim=claim)
    audit_record(
        program_id=claim.program_id,
        actor=actor,
        action="stipends.claim_verify",
        target=claim,
        data={"entitlement": entitlement.pk, "amount_kurus": entitlement.amount_kurus},
    )
    return entitlement


def _stipend_recheck(claim: SupportClaim, *, actor) -> None:
    """Salary support for her month: if her stipend for it was decided before the employment was known, decide it
    again now, so the days it paid twice become a receivable instead of waiting for finance to notice."""
    from stipends.entitlements import stipend_run

    if Entitlement.objects.filter(
        program_id=claim.program_id, trainee_id=claim.trainee_id, period=claim.period, kind=Entitlement.Kind.STIPEND
    ).exists():
        stipend_run(program_id=claim.program_id, period=claim.period, actor=actor, trainee_ids=[claim.trainee_id])


@transaction.atomic
def claim_reject(*, claim: SupportClaim, actor, reason: str) -> SupportClaim:
    if not has_role(actor, claim.program_id, roles.STAFF, roles.FINANCE):
        raise PermissionDenied
    claim = SupportClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != SupportClaim.Status.SUBMITTED:
        raise ValidationError(_("This claim has already been decided."))
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Say why the claim is rejected.")]})
    claim.status, claim.decision_reason = SupportClaim.Status.REJECTED, reason.strip()
    claim.decided_by, claim.decided_at = actor, timezone.now()
    claim.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    tell.claim_decided_tell(claim=claim)
    audit_record(
        program_id=claim.program_id, actor=actor, action="stipends.claim_reject", target=claim, data={"reason": reason}
    )
    return claim


def employment_ended(employment: Employment) -> None:
    """matching's hook, inside its transaction: open claims for months after the end are rejected; support paid
    (or sent to the bank) for days after the end becomes a clawback receivable from the firm."""
    end = employment.terminated_on
    if end is None:
        return
    now = timezone.now()
    open_after = SupportClaim.objects.filter(
        employment=employment, status=SupportClaim.Status.SUBMITTED, period__gt=calc.month_start(end)
    )
    for claim in open_after:
        claim.status, claim.decided_at = SupportClaim.Status.REJECTED, now
        claim.decision_reason = _("The employment ended on %(day)s.") % {"day": end.strftime("%d.%m.%Y")}
        claim.save(update_fields=["status", "decided_at", "decision_reason"])
        tell.claim_decided_tell(claim=claim)
    verified = SupportClaim.objects.filter(
        employment=employment, status=SupportClaim.Status.VERIFIED, period__gte=calc.month_start(end)
    ).select_related("rule__budget_line")
    for claim in verified:
        # paid, sent, or verified and still waiting: the excess is a receivable either way (the firm's next payment
        # nets it, so a verified-but-unpaid claim is in effect reduced)
        start, month_end = calc.month_start(claim.period), calc.month_end(claim.period)
        days_due = calc.overlap_days(employment.start_date, end, start, month_end)
        due = calc.support_amount(
            gross_kurus=claim.gross_salary_kurus,
            share_percent=claim.rule.share_percent,
            cap_kurus=claim.rule.cap_kurus,
            days=days_due,
            dim=claim.days_in_month,
        )
        excess = claim.supported_kurus - due
        if excess <= 0:
            continue
        txn = ledger.post(
            kind=Transaction.Kind.CLAWBACK,
            key=f"clawback:claim:{claim.pk}",
            legs=[
                ledger.Leg(
                    ledger.account_get(
                        program_id=claim.program_id, kind=Account.Kind.CLAWBACK_RECEIVABLE, firm_id=claim.firm_id
                    ),
                    excess,
                ),
                # the fund gets it back only when the firm repays or it is netted (services.receivable_settle)
                ledger.Leg(ledger.system_account(claim.program_id, Account.Kind.RECOVERIES_DUE), -excess),
            ],
            memo=(
                _("%(month)s: employed %(days)s of %(dim)s days; ended on %(day)s: %(reason)s")
                % {
                    "month": claim.period.strftime("%m.%Y"),
                    "days": days_due,
                    "dim": claim.days_in_month,
                    "day": end.strftime("%d.%m.%Y"),
                    "reason": employment.termination_reason or "–",
                }
            )[:300],
        )
        notify(
            kind="stipends.support_clawback",
            recipients=recipients.firm_users(program_id=claim.program_id, firm_ids=[claim.firm_id]).get(
                claim.firm_id, []
            ),
            obj=claim,
            program_id=claim.program_id,
            link=reverse("stipends:claim_detail", args=[claim.pk]),
            context={
                "amount": lira(excess),
                "month": claim.period.strftime("%m.%Y"),
                "day": end.strftime("%d.%m.%Y"),
                "days": days_due,
                "name": employment.trainee.user.full_name,
            },
        )
        audit_record(
            program_id=claim.program_id,
            actor=None,
            action="stipends.clawback",
            target=claim,
            data={"excess_kurus": excess, "transaction": txn.pk, "ended_on": str(end)},
        )


def employment_start_changed(employment: Employment, old_start: date) -> None:
    """matching's hook when staff move an employment's start: the stipend months between the old and the new
    start are decided again for her (a receivable if the stipend paid days now salary-supported, an adjustment
    paid to her if the start moved later)."""
    from stipends.entitlements import stipend_run

    first, last = sorted((employment.start_date, old_start))
    periods = Entitlement.objects.filter(
        program_id=employment.program_id,
        trainee_id=employment.trainee_id,
        kind=Entitlement.Kind.STIPEND,
        period__gte=calc.month_start(first),
        period__lte=calc.month_start(last),
    ).values_list("period", flat=True)
    for period in sorted(set(periods)):
        stipend_run(program_id=employment.program_id, period=period, trainee_ids=[employment.trainee_id])


def clawback_receivables(*, program_id: int) -> list[tuple]:
    """(account, balance) of every firm that owes support back."""
    accounts = list(
        Account.objects.filter(program_id=program_id, kind=Account.Kind.CLAWBACK_RECEIVABLE).select_related("firm")
    )
    amounts = ledger.balances(accounts)
    return [(a, amounts[a.pk]) for a in accounts if amounts[a.pk]]
