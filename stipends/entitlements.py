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
from datetime import date, datetime
from datetime import time as dtime

from django.db import connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from portal.models import Program
from portal.services.audit import audit_record
from stipends import calc
from stipends.models import Entitlement, StipendRule, StipendRun
from training.models import Attendance, Enrolment, Trainee

ATTENDED = (Attendance.Status.PRESENT, Attendance.Status.LATE)
BATCH = 5000


def _aware(day: date):
    return timezone.make_aware(datetime.combine(day, dtime.min))


def _decide(*, trainee_status, has_iban, attended, absent, segments, intervals, dim):
    """(amount, reason, threshold) for one trainee-month."""
    if not segments:
        return 0, Entitlement.Reason.NO_RULE, None
    threshold = segments[-1].rule.attendance_threshold_percent
    if trainee_status == Trainee.Status.WITHDRAWN:
        return 0, Entitlement.Reason.WITHDRAWN, threshold
    if attended + absent == 0:
        return 0, Entitlement.Reason.NO_SESSIONS, threshold
    if calc.percent(attended, attended + absent) < threshold:
        return 0, Entitlement.Reason.BELOW_THRESHOLD, threshold
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


def stipend_run(*, program_id: int, period: date, actor=None) -> StipendRun:
    """Decide every enrolled trainee's stipend for the month of `period`. Idempotent."""
    started = time.perf_counter()
    start, end = calc.month_start(period), calc.month_end(period)
    dim = calc.days_in_month(start)
    with transaction.atomic():
        # one run per programme at a time: the beat and a finance officer may press at once
        Program.objects.select_for_update().filter(pk=program_id).first()
        rules_by_track = defaultdict(list)
        for rule in StipendRule.objects.filter(program_id=program_id, effective_from__lte=end):
            rules_by_track[rule.track].append(rule)
        segments = {track: calc.rule_segments(rules, start, end) for track, rules in rules_by_track.items()}

        intervals = defaultdict(list)
        trainees = {}
        for trainee_id, enrolled_on, ended_on, track, status, iban_hash in (
            Enrolment.objects.filter(program_id=program_id, enrolled_on__lte=end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
            .values_list(
                "trainee_id", "enrolled_on", "ended_on", "trainee__track", "trainee__status", "trainee__iban_hash"
            )
            .iterator(chunk_size=BATCH)
        ):
            intervals[trainee_id].append((enrolled_on, ended_on))
            trainees[trainee_id] = (track, status, bool(iban_hash))

        counts = {
            row["trainee_id"]: row
            for row in Attendance.objects.filter(
                program_id=program_id,
                session__starts_at__gte=_aware(start),
                session__starts_at__lt=_aware(calc.next_month(start)),
            )
            .values("trainee_id")
            .annotate(
                attended=Count("pk", filter=Q(status__in=ATTENDED)),
                absent=Count("pk", filter=Q(status=Attendance.Status.ABSENT)),
                excused=Count("pk", filter=Q(status=Attendance.Status.EXCUSED)),
            )
        }
        decided = {
            row["trainee_id"]: row
            for row in Entitlement.objects.filter(
                program_id=program_id,
                period=start,
                kind__in=[Entitlement.Kind.STIPEND, Entitlement.Kind.STIPEND_ADJUSTMENT],
            )
            .values("trainee_id")
            .annotate(total=Sum("amount_kurus"), last=Max("sequence"))
        }
        run = StipendRun.objects.create(program_id=program_id, period=start, started_by=actor)
        now = timezone.now()
        new, created, adjusted, total = [], 0, 0, 0
        for trainee_id, (track, status, has_iban) in trainees.items():
            segs = segments.get(track, [])
            spans = calc.clip_intervals(intervals[trainee_id], start, end)
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
            )
            snapshot = {
                "attended": attended,
                "absent": absent,
                "excused": row.get("excused", 0),
                "rate": str(calc.percent(attended, attended + absent)),
                "threshold": threshold,
                "rules": [seg.rule.pk for seg in segs],
                "enrolled_days": sum((b - a).days + 1 for a, b in spans),
                "days_in_month": dim,
                "computed": amount,
            }
            budget_line_id = segs[-1].rule.budget_line_id if segs else None
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
                    budget_line_id,
                    json.dumps(snapshot),
                    run.pk,
                    now,
                )
            )
        _insert(new)
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
    return run
