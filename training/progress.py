"""Pure arithmetic of progress: attendance share and the completion rule. No database, exact fractions.

Attendance decides stipends, so a share is a Fraction (never a float) and a threshold is compared exactly:
79.99…% is below an 80% minimum.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

PRESENT, LATE, ABSENT, EXCUSED = "present", "late", "absent", "excused"


@dataclass(frozen=True)
class AttendanceCounts:
    present: int = 0
    late: int = 0
    absent: int = 0
    excused: int = 0

    @classmethod
    def of(cls, statuses: Iterable[str]) -> "AttendanceCounts":
        counts = {PRESENT: 0, LATE: 0, ABSENT: 0, EXCUSED: 0}
        for status in statuses:
            counts[status] += 1
        return cls(**counts)

    def __add__(self, other: "AttendanceCounts") -> "AttendanceCounts":
        return AttendanceCounts(
            self.present + other.present,
            self.late + other.late,
            self.absent + other.absent,
            self.excused + other.excused,
        )

    @property
    def recorded(self) -> int:
        return self.present + self.late + self.absent + self.excused

    def attended(self, *, late_counts_as_attended: bool = True) -> int:
        return self.present + (self.late if late_counts_as_attended else 0)

    @property
    def counted(self) -> int:
        """Sessions that count: excused absences are left out of the denominator."""
        return self.present + self.late + self.absent


def attendance_share(counts: AttendanceCounts, *, late_counts_as_attended: bool = True) -> Fraction | None:
    """Attended / counted sessions, or None while nothing counts yet."""
    if counts.counted == 0:
        return None
    return Fraction(counts.attended(late_counts_as_attended=late_counts_as_attended), counts.counted)


def as_percent(share: Fraction | None) -> int | None:
    """For display only: rounded down, so 79.9% shows as 79 and never looks like it meets an 80% minimum."""
    return None if share is None else int(share * 100)


def meets(share: Fraction | None, percent: int) -> bool:
    return share is not None and share >= Fraction(percent, 100)


@dataclass(frozen=True)
class AssessedModule:
    code: str
    pass_mark: Decimal


@dataclass(frozen=True)
class CompletionResult:
    met: bool
    share: Fraction | None
    attendance_ok: bool
    delivered: bool
    missing: tuple[str, ...] = field(default=())  # assessed modules without a grade
    failed: tuple[str, ...] = field(default=())  # graded below the pass mark
    passed: tuple[str, ...] = field(default=())

    @property
    def percent(self) -> int | None:
        return as_percent(self.share)


def evaluate_completion(
    *,
    counts: AttendanceCounts,
    min_attendance_percent: int,
    late_counts_as_attended: bool,
    assessed: Iterable[AssessedModule],
    scores: Mapping[str, Decimal],
    sessions_remaining: int,
) -> CompletionResult:
    """Completed = the cohort's sessions are all held, attendance meets the minimum, every assessed module passed."""
    share = attendance_share(counts, late_counts_as_attended=late_counts_as_attended)
    missing, failed, passed = [], [], []
    for module in assessed:
        score = scores.get(module.code)
        if score is None:
            missing.append(module.code)
        elif Decimal(score) < Decimal(module.pass_mark):
            failed.append(module.code)
        else:
            passed.append(module.code)
    attendance_ok = meets(share, min_attendance_percent)
    delivered = sessions_remaining == 0
    return CompletionResult(
        met=delivered and attendance_ok and not missing and not failed,
        share=share,
        attendance_ok=attendance_ok,
        delivered=delivered,
        missing=tuple(missing),
        failed=tuple(failed),
        passed=tuple(passed),
    )
