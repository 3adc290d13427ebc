"""One woman-month is funded once: the training stipend and the firm's salary support for her employment never
cover the same day.

The rule is a program setting (`FundingPolicy.stipend_overlap`): by default the stipend stops the day a
salary-supported employment starts and the month is prorated by days; a programme may instead pay no stipend for
any month with a salary-supported day. Salary-supported means an ambassador's employment through the programme
(operators' employments are not supported, so an operator employed by her own firm keeps her stipend).

Every path that creates money asks this module: the stipend run (`supported_spans`), a claim's verification
(`stipend_overlap_for_claim`) and the payment run's approval (`run_warnings`).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from matching.models import Employment
from stipends import calc
from stipends.models import Account, Entitlement, FundingPolicy, Payment
from training.models import Track


def funding_policy_for(program_id: int) -> FundingPolicy:
    """The programme's policy, or the safe defaults (unsaved) when finance never edited it."""
    return FundingPolicy.objects.filter(program_id=program_id).first() or FundingPolicy(program_id=program_id)


def supported_spans(*, program_id: int, start: date, end: date, trainee_ids=None) -> dict[int, list[tuple]]:
    """Each trainee's salary-supported employment days inside [start, end], merged and sorted."""
    rows = Employment.objects.filter(
        program_id=program_id, trainee__track=Track.AMBASSADOR, start_date__lte=end, planned_end_date__gte=start
    ).filter(Q(terminated_on__isnull=True) | Q(terminated_on__gte=start))
    if trainee_ids is not None:
        rows = rows.filter(trainee_id__in=list(trainee_ids))
    spans = defaultdict(list)
    for trainee_id, first, planned, ended in rows.values_list(
        "trainee_id", "start_date", "planned_end_date", "terminated_on"
    ):
        spans[trainee_id].append((first, ended or planned))
    return {tid: calc.clip_intervals(items, start, end) for tid, items in spans.items()}


def subtract(spans: list[tuple], minus: list[tuple]) -> list[tuple]:
    """The days of `spans` not in `minus` (both merged, sorted, inclusive)."""
    out = []
    for a, b in spans:
        pieces = [(a, b)]
        for c, d in minus:
            nxt = []
            for x, y in pieces:
                if d < x or c > y:
                    nxt.append((x, y))
                    continue
                if x < c:
                    nxt.append((x, c - timedelta(days=1)))
                if d < y:
                    nxt.append((d + timedelta(days=1), y))
            pieces = nxt
        out.extend(pieces)
    return out


def days(spans) -> int:
    return sum((b - a).days + 1 for a, b in spans)


def stipend_spans(*, policy: FundingPolicy, enrolled: list[tuple], supported: list[tuple]) -> list[tuple]:
    """The enrolled days the stipend may pay under the policy."""
    if not supported:
        return enrolled
    if policy.stipend_overlap == FundingPolicy.Overlap.WHOLE_MONTH:
        return []
    return subtract(enrolled, supported)


def explanation(snapshot: dict) -> str:
    """The sentence a trainee and an auditor read when salary support cut the stipend."""
    start = snapshot.get("supported_from")
    if not start:
        return ""
    return _("Employed from %(day)s with salary support: %(days)s days of stipend.") % {
        "day": date.fromisoformat(start).strftime("%d.%m"),
        "days": snapshot.get("stipend_days", 0),
    }


# --- the guard on payment runs and claims ------------------------------------------------------------------------


@dataclass(frozen=True)
class Warning:
    trainee_id: int
    period: date
    text: str


def _stipend_net(program_id: int, pairs) -> dict[tuple, int]:
    """Net stipend entitlements (first decision plus corrections) per (trainee, month)."""
    trainees = {t for t, _p in pairs}
    periods = {p for _t, p in pairs}
    rows = (
        Entitlement.objects.filter(
            program_id=program_id,
            trainee_id__in=trainees,
            period__in=periods,
            kind__in=[Entitlement.Kind.STIPEND, Entitlement.Kind.STIPEND_ADJUSTMENT],
        )
        .filter(Q(reason="") | Q(reason=Entitlement.Reason.RECOVERY))
        .values_list("trainee_id", "period")
        .annotate(total=Sum("amount_kurus"))
    )
    return {(t, p): int(total or 0) for t, p, total in rows}


def overfunded(*, program_id: int, pairs) -> dict[tuple, tuple[int, int, dict]]:
    """(trainee, month) pairs whose stipend entitlements exceed what the rule allows now: {pair: (net, due, snap)}."""
    from stipends.entitlements import month_decisions

    by_period = defaultdict(set)
    for t, p in set(pairs):
        by_period[p].add(t)
    # only a woman with salary-supported days in the month can be funded twice: a few, whatever the run's size
    for period in list(by_period):
        supported = supported_spans(program_id=program_id, start=period, end=calc.month_end(period))
        by_period[period] &= set(supported)
    pairs = {(t, p) for p, ts in by_period.items() for t in ts}
    if not pairs:
        return {}
    net = _stipend_net(program_id, pairs)
    out = {}
    for period, trainee_ids in by_period.items():
        if not trainee_ids:
            continue
        decided = month_decisions(program_id=program_id, period=period, trainee_ids=trainee_ids)
        for t in trainee_ids:
            due = decided[t].amount if t in decided and not decided[t].reason else 0
            have = net.get((t, period), 0)
            if have > due and decided.get(t) and decided[t].snapshot.get("supported_from"):
                out[(t, period)] = (have, due, decided[t].snapshot)
    return out


def stipend_overlap_for_claim(claim) -> dict | None:
    """What the claim screen tells the verifier: her stipend for the month (net) and what is due once the
    employment's days are taken out; verifying turns the difference into a receivable (claims._stipend_recheck)."""
    found = overfunded(program_id=claim.program_id, pairs={(claim.trainee_id, claim.period)})
    if not found:
        return None
    have, due, snap = found[(claim.trainee_id, claim.period)]
    return {"have": have, "due": due, "excess": have - due, "why": explanation(snap)}


def run_warnings(run) -> list[Warning]:
    """Lines of the run that would fund a woman-day twice, or pay someone who owes the programme more than the
    run takes back. The approver reads them; `payment_run_approve` refuses while there is one."""
    payments = list(run.payments.exclude(status=Payment.Status.CANCELLED).select_related("entitlement__claim"))
    pairs = set()
    for p in payments:
        ent = p.entitlement
        trainee_id = ent.trainee_id or (ent.claim.trainee_id if ent.claim_id else None)
        if trainee_id:
            pairs.add((trainee_id, ent.period))
    warnings = []
    for (trainee_id, period), (have, due, snap) in sorted(
        overfunded(program_id=run.program_id, pairs=pairs).items(), key=lambda kv: (kv[0][1], kv[0][0])
    ):
        warnings.append(
            Warning(
                trainee_id,
                period,
                _(
                    "%(month)s: her stipend entitlements (%(have)s) exceed what is due (%(due)s). %(why)s "
                    "Run the month's stipends again: the difference becomes a receivable netted from her next "
                    "payment, then prepare the run again."
                )
                % {
                    "month": period.strftime("%m.%Y"),
                    "have": calc.kurus_to_text(have) + " ₺",
                    "due": calc.kurus_to_text(due) + " ₺",
                    "why": explanation(snap),
                },
            )
        )
    # a receivable posted after the run was prepared: paying in full now would send money she owes back
    owed = receivable_balances(program_id=run.program_id, trainee_ids={p.entitlement.trainee_id for p in payments})
    netted = defaultdict(int)
    for p in payments:
        if p.entitlement.trainee_id:
            netted[p.entitlement.trainee_id] += p.netted_kurus
    paid_to = {p.entitlement.trainee_id for p in payments if p.entitlement.trainee_id and p.amount_kurus > 0}
    for trainee_id in sorted(paid_to):
        left = owed.get(trainee_id, 0) - netted[trainee_id]
        if left > 0 and run.status in ("draft", "submitted"):
            warnings.append(
                Warning(
                    trainee_id,
                    run.period,
                    _(
                        "She owes the programme %(amount)s that this run does not take back: cancel it and prepare "
                        "it again to net the amount."
                    )
                    % {"amount": calc.kurus_to_text(left) + " ₺"},
                )
            )
    return warnings


def receivable_balances(*, program_id: int, trainee_ids=None, firm_ids=None) -> dict[int, int]:
    """What each trainee (or firm) owes the programme now, from the ledger."""
    from stipends import ledger

    # the programme's receivable accounts (people who ever owed: few), filtered here rather than by an IN list of
    # every payee of a national run
    if firm_ids is not None:
        kind, key, wanted = Account.Kind.CLAWBACK_RECEIVABLE, "firm_id", set(firm_ids)
    else:
        kind, key, wanted = Account.Kind.STIPEND_RECEIVABLE, "trainee_id", set(trainee_ids or ())
    accounts = [a for a in Account.objects.filter(program_id=program_id, kind=kind) if getattr(a, key) in wanted]
    amounts = ledger.balances(accounts)
    return {getattr(a, key): amounts[a.pk] for a in accounts if amounts[a.pk]}
