"""The attendance sheet of a whole cohort (trainees × sessions)."""

from dataclasses import dataclass

from django.utils import timezone

from training.models import (
    Attendance,
    Cohort,
    CompletionRule,
    Enrolment,
)
from training.progress import (
    AttendanceCounts,
    as_percent,
    attendance_share,
    meets,
)

from .cohorts import cohort_enrolments, cohort_sessions
from .curricula import completion_rule_for


@dataclass
class CohortSheetRow:
    enrolment: Enrolment
    cells: list  # one per session: status code, "" (not recorded) or None (not enrolled that day)
    counts: AttendanceCounts
    percent: int | None
    below_minimum: bool


@dataclass
class CohortSheet:
    cohort: Cohort
    sessions: list
    rows: list
    rule: CompletionRule


def cohort_attendance_sheet(*, cohort) -> CohortSheet:
    """Four queries whatever the size: sessions, enrolments, attendance, and the rule (with the cohort)."""
    rule = _rule_of(cohort)
    sessions = list(cohort_sessions(cohort=cohort))
    enrolments = list(cohort_enrolments(cohort=cohort))
    marks = {
        (trainee_id, session_id): status
        for trainee_id, session_id, status in Attendance.objects.filter(session__cohort=cohort).values_list(
            "trainee_id", "session_id", "status"
        )
    }
    days = [timezone.localdate(s.starts_at) for s in sessions]
    rows = []
    for e in enrolments:
        cells = []
        for session, day in zip(sessions, days, strict=True):
            cells.append(marks.get((e.trainee_id, session.pk), "") if e.covers(day) else None)
        counts = AttendanceCounts.of(c for c in cells if c)
        share = attendance_share(counts, late_counts_as_attended=rule.late_counts_as_attended)
        rows.append(
            CohortSheetRow(
                e, cells, counts, as_percent(share), share is not None and not meets(share, rule.min_attendance_percent)
            )
        )
    return CohortSheet(cohort, sessions, rows, rule)


def _rule_of(cohort) -> CompletionRule:
    try:
        return cohort.curriculum.completion_rule
    except CompletionRule.DoesNotExist:
        return completion_rule_for(curriculum=cohort.curriculum)
