"""The monthly stipend run: set-based, idempotent, never editing what it decided before.

For one programme and month it reads, in a handful of queries, every enrolment overlapping the month, every
trainee's attendance counts in the month (one GROUP BY) and the entitlements already decided, computes each
trainee's amount or the reason there is none, and bulk-inserts what is new: a first entitlement, or an
adjustment for the difference when attendance (or her IBAN) changed since. Running it twice changes nothing.
"""

import csv
import io
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from datetime import time as dtime

from django.db import connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.urls import reverse
from django.utils import timezone

from portal.models import Program
from portal.notifications import recipients
from portal.notifications.service import notify
from portal.services.audit import audit_record
from stipends import calc, funding, ledger, tell
from stipends.models import Account, Entitlement, StipendRule, StipendRun, Transaction
from stipends.templatetags.stipends_tags import lira
from training.models import Attendance, Enrolment, Trainee

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
BATCH = 5000


def _aware(day: date):
    return timezone.make_aware(datetime.combine(day, dtime.min))


def _decide(*, trainee_status, has_iban, attended, absent, segments, intervals, dim, supported_cut=False):
    """(amount, reason, threshold) for one trainee-month. `intervals` are the days the stipend may pay (salary-
    supported employment days already taken out); `supported_cut` says the cut left nothing."""
    if not segments:
        return 0, Entitlement.Reason.NO_RULE, None
    threshold = segments[-1].rule.attendance_threshold_percent
    if trainee_status == Trainee.Status.WITHDRAWN:
        return 0, Entitlement.Reason.WITHDRAWN, threshold
    if attended + absent == 0:
        return 0, Entitlement.Reason.NO_SESSIONS, threshold
    if calc.percent(attended, attended + absent) < threshold:
        return 0, Entitlement.Reason.BELOW_THRESHOLD, threshold
    if supported_cut:
        return 0, Entitlement.Reason.SALARY_SUPPORTED, threshold
    if not has_iban:
        return 0, Entitlement.Reason.MISSING_IBAN, threshold
    amount = calc.stipend_amount(segments, intervals, dim)
    if amount <= 0:
        return 0, Entitlement.Reason.NO_RULE, threshold
    return amount, Entitlement.Reason.NONE, threshold


COLUMNS = (
    "program_id", "kind", "trainee_id", "period", "sequence", "amount_kurus", "reason", "budget_line_id", "snapshot",
    "stipend_run_id", "created_at",
)  # fmt: skip


def _insert(rows: list[tuple]) -> None:
    """Multi-row INSERTs without building a model instance per row (the run's one hot spot). The database's
    constraints (one stipend per trainee and month, one row per sequence) still hold every row."""
    if not rows:
        return
    table = connection.ops.quote_name(Entitlement._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = io.StringIO()
            csv.writer(buffer).writerows(("\\N" if v is None else v for v in row) for row in rows)
            buffer.seek(0)
            cursor.cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            for i in range(0, len(rows), BATCH):
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows[i : i + BATCH])  # noqa: S608


@dataclass
class Decision:
    amount: int
    reason: str
    snapshot: dict
    budget_line_id: int | None


def month_decisions(*, program_id: int, period: date, trainee_ids=None) -> dict[int, Decision]:
    """What the rules decide now for each enrolled trainee's month (all of them, or `trainee_ids`). Writes nothing:
    the stipend run stores it, the payment-run guard compares it with what was decided before."""
    start, end = calc.month_start(period), calc.month_end(period)
    dim = calc.days_in_month(start)
    policy = funding.funding_policy_for(program_id)
    rules_by_track = defaultdict(list)
    for rule in StipendRule.objects.filter(program_id=program_id, effective_from__lte=end):
        rules_by_track[rule.track].append(rule)
    segments = {track: calc.rule_segments(rules, start, end) for track, rules in rules_by_track.items()}

    enrolments = Enrolment.objects.filter(program_id=program_id, enrolled_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    attendance = Attendance.objects.filter(
        program_id=program_id,
        session__starts_at__gte=_aware(start),
        session__starts_at__lt=_aware(calc.next_month(start)),
    )
    if trainee_ids is not None:
        enrolments = enrolments.filter(trainee_id__in=list(trainee_ids))
        attendance = attendance.filter(trainee_id__in=list(trainee_ids))
    intervals = defaultdict(list)
    trainees = {}
    for trainee_id, enrolled_on, ended_on, track, status, iban_hash in enrolments.values_list(
        "trainee_id", "enrolled_on", "ended_on", "trainee__track", "trainee__status", "trainee__iban_hash"
    ).iterator(chunk_size=BATCH):
        intervals[trainee_id].append((enrolled_on, ended_on))
        trainees[trainee_id] = (track, status, bool(iban_hash))
    supported = funding.supported_spans(program_id=program_id, start=start, end=end, trainee_ids=trainee_ids)
    counts = {
        row["trainee_id"]: row
        for row in attendance.values("trainee_id").annotate(
            attended=Count("pk", filter=Q(status__in=ATTENDED)),
            absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
            excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
        )
    }
    out = {}
    for trainee_id, (track, status, has_iban) in trainees.items():
        segs = segments.get(track, [])
        enrolled = calc.clip_intervals(intervals[trainee_id], start, end)
        cut = supported.get(trainee_id, [])
        spans = funding.stipend_spans(policy=policy, enrolled=enrolled, supported=cut)
        row = counts.get(trainee_id, {})
        attended, absent = row.get("attended", 0), row.get("absent", 0)
        amount, reason, threshold = _decide(
            trainee_status=status,
            has_iban=has_iban,
            attended=attended,
            absent=absent,
            segments=segs,
            intervals=spans,
            dim=dim,
            supported_cut=bool(cut) and bool(enrolled) and not spans,
        )
        snapshot = {
            "attended": attended,
            "absent": absent,
            "excused": row.get("excused", 0),
            "rate": str(calc.percent(attended, attended + absent)),
            "threshold": threshold,
            "rules": [seg.rule.pk for seg in segs],
            "enrolled_days": funding.days(enrolled),
            "days_in_month": dim,
            "computed": amount,
        }
        if cut and funding.days(spans) < funding.days(enrolled):
            # why salary support cut the stipend, in the entitlement itself (an auditor reads it, not the code)
            snapshot.update(
                supported_from=cut[0][0].isoformat(),
                supported_days=funding.days(cut),
                stipend_days=funding.days(spans),
                overlap_rule=policy.stipend_overlap,
            )
        out[trainee_id] = Decision(amount, reason, snapshot, segs[-1].rule.budget_line_id if segs else None)
    return out


def _post_recoveries(run: StipendRun, actor) -> None:
    """A downward correction is money she owes back: a receivable in the ledger (her account), netted from her next
    payment or repaid. The fund gets the money back only when it is collected."""
    due = ledger.system_account(run.program_id, Account.Kind.RECOVERIES_DUE)
    for ent in Entitlement.objects.filter(stipend_run=run, amount_kurus__lt=0).order_by("pk"):
        receivable = ledger.account_get(
            program_id=run.program_id, kind=Account.Kind.STIPEND_RECEIVABLE, trainee_id=ent.trainee_id
        )
        trainee = Trainee.objects.select_related("user").get(pk=ent.trainee_id)
        notify(
            kind="stipends.stipend_recovery",
            recipients=[recipients.trainee(trainee)],
            obj=ent,
            program_id=run.program_id,
            link=reverse("stipends:my_stipends"),
            context={
                "amount": lira(-ent.amount_kurus),
                "month": run.period.strftime("%m.%Y"),
                "reason": ent.get_reason_display() if ent.reason else "–",
            },
        )
        ledger.post(
            kind=Transaction.Kind.RECOVERY,
            key=f"recovery:entitlement:{ent.pk}",
            legs=[ledger.Leg(receivable, -ent.amount_kurus), ledger.Leg(due, ent.amount_kurus)],
            actor=actor,
            memo=f"{ent.period:%m.%Y}: {funding.explanation(ent.snapshot) or ent.get_reason_display()}",
        )


def stipend_run(*, program_id: int, period: date, actor=None, trainee_ids=None) -> StipendRun:
    """Decide every enrolled trainee's stipend for the month of `period` (or only `trainee_ids`'). Idempotent."""
    started = time.perf_counter()
    start = calc.month_start(period)
    with transaction.atomic():
        # one run per programme at a time: the beat and a finance officer may press at once
        Program.objects.select_for_update().filter(pk=program_id).first()
        decisions = month_decisions(program_id=program_id, period=start, trainee_ids=trainee_ids)
        decided_rows = Entitlement.objects.filter(
            program_id=program_id,
            period=start,
            kind__in=[Entitlement.Kind.STIPEND, Entitlement.Kind.STIPEND_ADJUSTMENT],
        )
        if trainee_ids is not None:
            decided_rows = decided_rows.filter(trainee_id__in=list(trainee_ids))
        decided = {
            row["trainee_id"]: row
            for row in decided_rows.values("trainee_id").annotate(total=Sum("amount_kurus"), last=Max("sequence"))
        }
        run = StipendRun.objects.create(program_id=program_id, period=start, started_by=actor)
        now = timezone.now()
        new, created, adjusted, total = [], 0, 0, 0
        for trainee_id, decision in decisions.items():
            amount, reason, snapshot = decision.amount, decision.reason, decision.snapshot
            before = decided.get(trainee_id)
            if before is None:
                kind, sequence, value = Entitlement.Kind.STIPEND, 0, amount
                created += 1
            else:
                delta = amount - int(before["total"] or 0)
                if delta == 0:
                    continue
                kind, sequence, value = Entitlement.Kind.STIPEND_ADJUSTMENT, before["last"] + 1, delta
                reason = Entitlement.Reason.NONE if delta > 0 else Entitlement.Reason.RECOVERY
                snapshot["previous_total"] = int(before["total"] or 0)
                adjusted += 1
            total += max(value, 0) if not reason else 0
            new.append(
                (
                    program_id,
                    kind,
                    trainee_id,
                    start,
                    sequence,
                    value,
                    reason,
                    decision.budget_line_id,
                    json.dumps(snapshot),
                    run.pk,
                    now,
                )
            )
        _insert(new)
        _post_recoveries(run, actor)
        tell.stipend_decisions_tell(run=run)
        run.created_count, run.adjustment_count, run.total_kurus = created, adjusted, total
        run.seconds = time.perf_counter() - started
        run.save(update_fields=["created_count", "adjustment_count", "total_kurus", "seconds"])
        audit_record(
            program_id=program_id,
            actor=actor,
            action="stipends.stipend_run",
            target=run,
            data={"period": str(start), "created": created, "adjustments": adjusted, "total_kurus": total},
        )
        if trainee_ids is None:
            _catch_up_missing_ibans(program_id=program_id, before=start, actor=actor)
    return run


def _catch_up_missing_ibans(*, program_id: int, before: date, actor) -> None:
    """A month she was not paid only for want of an IBAN is decided again once she has given one: the next
    month's run pays it (as an adjustment), without finance having to remember to rerun old months."""
    waiting = defaultdict(set)
    for trainee_id, period in (
        Entitlement.objects.filter(
            program_id=program_id,
            kind=Entitlement.Kind.STIPEND,
            reason=Entitlement.Reason.MISSING_IBAN,
            period__lt=before,
            period__gte=calc.month_start(before.replace(year=before.year - 1)),
        )
        .exclude(trainee__iban_hash="")
        .values_list("trainee_id", "period")
    ):
        waiting[period].add(trainee_id)
    for period, trainee_ids in sorted(waiting.items()):
        stipend_run(program_id=program_id, period=period, actor=actor, trainee_ids=trainee_ids)
