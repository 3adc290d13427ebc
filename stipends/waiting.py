"""Money's "waiting for you": what finance, a firm and a trainee have to do next, derived from state.

A fixed number of queries whatever the data size: one per kind of task, lists capped, counts aggregated.
"""

from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.notifications.tasks import Task
from stipends import calc
from stipends.models import Account, Entitlement, Payment, PaymentRun, StatementLine, SupportClaim
from stipends.templatetags.stipends_tags import lira

CAP = 20


def _run_label(run) -> dict:
    return {"run": run.pk, "month": run.period.strftime("%m.%Y"), "total": lira(run.total_kurus)}


def _finance(audience) -> list[Task]:
    tasks = []
    pid = audience.program_id
    if audience.has_role(roles.FINANCE_APPROVER):
        # four eyes: the person who prepared a run is never asked to approve it
        for run in (
            PaymentRun.objects.filter(program_id=pid, status=PaymentRun.Status.SUBMITTED)
            .exclude(prepared_by_id=audience.user_id)
            .order_by("submitted_at", "pk")[:CAP]
        ):
            tasks.append(
                Task(
                    title=_("Approve payment run #%(run)s") % _run_label(run),
                    detail=_("%(month)s · %(total)s") % _run_label(run),
                    url=reverse("stipends:run_detail", args=[run.pk]),
                    urgent=True,  # payees wait on it; no programme deadline says by when
                )
            )
    if audience.has_role(roles.FINANCE):
        runs = PaymentRun.objects.filter(
            program_id=pid,
            status__in=[PaymentRun.Status.DRAFT, PaymentRun.Status.APPROVED, PaymentRun.Status.EXPORTED],
        ).filter(~Q(status=PaymentRun.Status.DRAFT) | Q(prepared_by_id=audience.user_id))
        for run in runs.annotate(files=Count("bank_files")).order_by("created_at", "pk")[:CAP]:
            label = _run_label(run)
            if run.status == PaymentRun.Status.DRAFT:
                title = _("Check and submit payment run #%(run)s for approval") % label
            elif run.status == PaymentRun.Status.APPROVED and not run.files:
                title = _("Write the bank file of payment run #%(run)s") % label
            elif run.status == PaymentRun.Status.EXPORTED:
                title = _("Upload the bank's answer for payment run #%(run)s") % label
            else:
                continue
            tasks.append(
                Task(
                    title=title,
                    detail=_("%(month)s · %(total)s") % label,
                    url=reverse("stipends:run_detail", args=[run.pk]),
                )
            )
    if audience.has_role(roles.FINANCE, roles.FINANCE_APPROVER):
        # exceptions of runs still being reconciled: a closed run's stray lines need nothing more
        open_exceptions = StatementLine.objects.filter(
            program_id=pid,
            outcome__in=[
                StatementLine.Outcome.UNMATCHED,
                StatementLine.Outcome.WRONG_AMOUNT,
                StatementLine.Outcome.DUPLICATE,
            ],
            upload__run__status__in=[PaymentRun.Status.EXPORTED, PaymentRun.Status.RECONCILING],
        ).count()
        if open_exceptions:
            tasks.append(
                Task(
                    title=_("Resolve %(count)s bank lines that match no payment") % {"count": open_exceptions},
                    url=reverse("stipends:exceptions"),
                    urgent=True,
                )
            )
    return tasks


def _claims_to_verify(audience) -> list[Task]:
    if not audience.has_role(roles.STAFF, roles.FINANCE):
        return []
    waiting = SupportClaim.objects.filter(program_id=audience.program_id, status=SupportClaim.Status.SUBMITTED)
    row = waiting.aggregate(count=Count("pk"))
    if not row["count"]:
        return []
    return [
        Task(
            title=_("Verify %(count)s salary-support claims") % {"count": row["count"]},
            url=reverse("stipends:claim_list") + "?status=submitted",
        )
    ]


def _firm(audience) -> list[Task]:
    from matching.models import Employment
    from stipends.claims import month_claimable
    from training.models import Track

    if not (audience.has_role(roles.FIRM) and audience.firm_ids):
        return []
    tasks = []
    today = timezone.localdate()
    period = calc.month_start(today)
    if not month_claimable(audience.program_id, period, today):
        period = calc.month_start(period - timedelta(days=1))
    start, end = period, calc.month_end(period)
    claimed = SupportClaim.objects.filter(employment=OuterRef("pk"), period=start).exclude(
        status=SupportClaim.Status.REJECTED
    )
    employments = (
        Employment.objects.filter(
            program_id=audience.program_id,
            firm_id__in=audience.firm_ids,
            trainee__track=Track.AMBASSADOR,
            start_date__lte=end,
            planned_end_date__gte=start,
        )
        .filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=start))
        .exclude(Exists(claimed))
        .select_related("trainee__user")
        .order_by("start_date", "pk")[:CAP]
    )
    for employment in employments:
        if (start.year - employment.start_date.year) * 12 + start.month - employment.start_date.month >= 12:
            continue  # twelve months of support are claimed
        tasks.append(
            Task(
                title=_("Claim %(month)s salary support for %(name)s")
                % {"month": start.strftime("%m.%Y"), "name": employment.trainee.user.full_name},
                detail=_("The month's payroll and SGK proof"),
                url=reverse("stipends:claim_new", args=[employment.pk]),
            )
        )
    from stipends import ledger

    accounts = list(
        Account.objects.filter(
            program_id=audience.program_id, kind=Account.Kind.CLAWBACK_RECEIVABLE, firm_id__in=audience.firm_ids
        )
    )
    if accounts:
        owed = sum(amount for amount in ledger.balances(accounts).values() if amount > 0)
        if owed:
            tasks.append(
                Task(
                    title=_("Pay back %(amount)s of salary support") % {"amount": lira(owed)},
                    detail=_("An employment ended early; the amount is also taken from your next support payment."),
                    url=reverse("stipends:firm_claims"),
                    urgent=True,
                )
            )
    return tasks


def _trainee(audience) -> list[Task]:
    from training.models import Trainee

    if not audience.has_role(roles.AMBASSADOR, roles.OPERATOR):
        return []
    tasks = []
    iban_url = reverse("training:my_iban")
    active = Payment.objects.filter(entitlement=OuterRef("entitlement"), status__in=Payment.ACTIVE)
    for payment in (
        Payment.objects.filter(
            program_id=audience.program_id,
            status=Payment.Status.FAILED,
            entitlement__trainee__user_id=audience.user_id,
        )
        .exclude(Exists(active))
        # once she has changed her IBAN after the bank returned it, the next run pays: nothing more to do
        .filter(
            Q(entitlement__trainee__iban_changed_at__isnull=True)
            | Q(statement_line__isnull=True)
            | Q(entitlement__trainee__iban_changed_at__lt=F("statement_line__upload__uploaded_at"))
        )
        .select_related("entitlement")
        .order_by("-pk")[:CAP]
    ):
        tasks.append(
            Task(
                title=_("Payment failed — update your IBAN"),
                detail=_("Your stipend for %(month)s (%(amount)s) was returned by the bank: %(reason)s")
                % {
                    "month": payment.entitlement.period.strftime("%m.%Y"),
                    "amount": lira(payment.amount_kurus),
                    "reason": payment.failure_reason or "–",
                },
                url=iban_url,
                urgent=True,
            )
        )
    no_iban = Trainee.objects.filter(
        program_id=audience.program_id,
        user_id=audience.user_id,
        iban_hash="",
        status__in=[Trainee.Status.ENROLLED, Trainee.Status.ACTIVE],
    ).exists()
    if no_iban:
        waiting = Entitlement.objects.filter(
            program_id=audience.program_id,
            trainee__user_id=audience.user_id,
            reason=Entitlement.Reason.MISSING_IBAN,
        ).exists()
        tasks.append(
            Task(
                title=_("Give your IBAN"),
                detail=_("A stipend is waiting for it.") if waiting else _("Your stipend is paid to it."),
                url=iban_url,
                urgent=waiting,
            )
        )
    return tasks


def waiting(audience) -> list[Task]:
    return _finance(audience) + _claims_to_verify(audience) + _firm(audience) + _trainee(audience)
