"""Who money's state changes tell, and what: called by the stipends services inside their transactions.

Each `notify` names its object (the entitlement, the payment, the claim, the run), so the service's idempotency
key (kind × object × recipient) keeps a re-run, a re-upload or a retried task from telling anyone twice. The
people are fetched once per batch (a fixed number of queries per call plus the service's own writes per person).
"""

from collections import defaultdict

from django.urls import reverse

from portal import roles
from portal.notifications import recipients
from portal.notifications.service import notify, notify_each
from portal.pii import mask_iban
from stipends.models import Entitlement, Payment, PaymentRun, StatementUpload, SupportClaim
from stipends.templatetags.stipends_tags import lira
from training.models import Trainee

# a month with no rule in force is the programme's set-up to finish, not news for her
SILENT_REASONS = {Entitlement.Reason.NO_RULE, Entitlement.Reason.RECOVERY}


def _month(day) -> str:
    return day.strftime("%m.%Y")


def _rate(value) -> str:
    """A percentage as a Turkish reader writes it: "85.50" → "85,5", "100.00" → "100"."""
    try:
        number = round(float(value), 1)
    except (TypeError, ValueError):
        return ""
    return f"{number:.0f}" if number == int(number) else f"{number:.1f}".replace(".", ",")


def _iban_end(iban: str) -> str:
    return mask_iban(iban or "")[-7:].replace("*", "•").strip()


def stipend_decisions_tell(*, run) -> int:
    """Each trainee whose month this stipend run decided: her amount, or why there is none; no IBAN: ask for it.
    A month's run decides for every trainee at once, so her news is written in bulk (notify_each)."""
    told, items = 0, []
    rows = (
        Entitlement.objects.filter(stipend_run=run, amount_kurus__gte=0)
        .exclude(reason__in=SILENT_REASONS)
        .select_related("trainee__user")
        .order_by("pk")
    )
    link = reverse("stipends:my_stipends")
    for ent in rows.iterator(chunk_size=2000):
        person = recipients.trainee(ent.trainee)
        if ent.reason == Entitlement.Reason.MISSING_IBAN:
            told += len(iban_missing_tell(entitlement=ent, person=person))
            continue
        snap = ent.snapshot or {}
        context = {
            "month": _month(ent.period),
            # an adjustment that pays more: tell her the month's whole stipend, not the difference
            "amount": lira(snap.get("computed", ent.amount_kurus)) if ent.amount_kurus > 0 else "",
            "reason": ent.reason,
            "rate": _rate(snap.get("rate")),
            "threshold": snap.get("threshold") or "",
        }
        items.append((person, ent, context, link))
    return told + notify_each(kind="stipends.stipend_decided", items=items, program_id=run.program_id)


def iban_missing_tell(*, entitlement, person=None) -> list:
    person = person or recipients.trainee(entitlement.trainee)
    return notify(
        kind="stipends.iban_missing",
        recipients=[person],
        obj=entitlement,
        program_id=entitlement.program_id,
        link=reverse("training:my_iban"),
        context={"month": _month(entitlement.period)},
    )


def _people(payments) -> tuple[dict, dict, dict]:
    """trainee id → Recipient, firm id → users, claim id → the employed woman's name; three queries at most."""
    trainee_ids = {p.entitlement.trainee_id for p in payments if p.entitlement.trainee_id}
    firm_ids = {p.entitlement.firm_id for p in payments if p.entitlement.firm_id}
    claim_ids = {p.entitlement.claim_id for p in payments if p.entitlement.claim_id}
    trainees = {t.pk: recipients.trainee(t) for t in Trainee.objects.filter(pk__in=trainee_ids).select_related("user")}
    firms = recipients.firm_users(program_id=payments[0].program_id, firm_ids=firm_ids) if firm_ids else {}
    names = dict(
        SupportClaim.objects.filter(pk__in=claim_ids).values_list("pk", "trainee__user__full_name") if claim_ids else []
    )
    return trainees, firms, names


def payments_settled_tell(*, payments: list[Payment]) -> int:
    """Paid (the bank confirmed, or all of it netted) or failed (returned): the payee hears which, and what to do.
    A statement settles a whole run at once, so the news is written in bulk per kind (notify_each)."""
    if not payments:
        return 0
    trainees, firms, names = _people(payments)
    by_kind = defaultdict(list)
    for p in payments:
        ent = p.entitlement
        failed = p.status == Payment.Status.FAILED
        context = {
            "month": _month(ent.period),
            "amount": lira(p.amount_kurus),
            "netted": lira(p.netted_kurus) if p.netted_kurus else "",
            "iban_end": _iban_end(p.iban),
            "reason": p.failure_reason,
        }
        if ent.trainee_id:
            kind = "stipends.payment_failed" if failed else "stipends.payment_sent"
            people = [trainees[ent.trainee_id]] if ent.trainee_id in trainees else []
            link = reverse("training:my_iban") if failed else reverse("stipends:my_stipends")
        else:
            kind = "stipends.support_payment_failed" if failed else "stipends.support_paid"
            people = firms.get(ent.firm_id, [])
            context["name"] = names.get(ent.claim_id, "") or "–"
            link = reverse("stipends:firm_claims")
        by_kind[kind] += [(person, p, context, link) for person in people]
    return sum(
        notify_each(kind=kind, items=items, program_id=payments[0].program_id) for kind, items in by_kind.items()
    )


def claim_decided_tell(*, claim: SupportClaim) -> list:
    users = recipients.firm_users(program_id=claim.program_id, firm_ids=[claim.firm_id]).get(claim.firm_id, [])
    verified = claim.status == SupportClaim.Status.VERIFIED
    return notify(
        kind="stipends.claim_verified" if verified else "stipends.claim_rejected",
        recipients=users,
        obj=claim,
        program_id=claim.program_id,
        link=reverse("stipends:claim_detail", args=[claim.pk]),
        context={
            "name": claim.trainee.user.full_name,
            "month": _month(claim.period),
            "amount": lira(claim.supported_kurus),
            "reason": claim.decision_reason,
        },
    )


def approvers_for(run: PaymentRun) -> list:
    """The approvers of the run's programme except the person who prepared it (four eyes)."""
    return [
        u
        for u in recipients.role_users(program_id=run.program_id, codes=(roles.FINANCE_APPROVER,))
        if u.pk != run.prepared_by_id
    ]


def run_submitted_tell(*, run: PaymentRun) -> list:
    return notify(
        kind="stipends.run_waiting_approval",
        recipients=approvers_for(run),
        obj=run,
        # a run rejected and prepared again is a new run; the same run submitted twice is not possible
        program_id=run.program_id,
        link=reverse("stipends:run_detail", args=[run.pk]),
        context={
            "run": run.pk,
            "preparer": run.prepared_by.full_name or run.prepared_by.email,
            "purpose": run.purpose,
            "month": _month(run.period),
            "lines": run.line_count,
            "total": lira(run.total_kurus),
        },
    )


def exceptions_tell(*, statement: StatementUpload) -> list:
    if not statement.exception_count:
        return []
    people = recipients.role_users(program_id=statement.program_id, codes=(roles.FINANCE, roles.FINANCE_APPROVER))
    return notify(
        kind="stipends.reconciliation_exceptions",
        recipients=people,
        obj=statement,
        program_id=statement.program_id,
        link=reverse("stipends:exceptions"),
        context={"run": statement.run_id, "count": statement.exception_count, "file": statement.filename},
    )
