"""One trainee: the timeline of "My training" and of the trainee page."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from training.models import (
    Attendance,
    Certificate,
    CheckIn,
    CompletionRule,
    CurriculumModule,
    Enrolment,
    Grade,
    Session,
    Trainee,
)
from training.progress import (
    AssessedModule,
    AttendanceCounts,
    CompletionResult,
    as_percent,
    attendance_share,
    evaluate_completion,
)

from .cohort_sheet import _rule_of
from .curricula import curriculum_modules


@dataclass
class ModuleStep:
    module: CurriculumModule
    state: str  # done | current | next | later
    sessions: int
    held: int
    grade: Decimal | None
    passed: bool | None


@dataclass
class SessionEntry:
    session: Session
    attendance: Attendance | None
    checkin: CheckIn | None


@dataclass
class Timeline:
    trainee: Trainee
    enrolments: list
    enrolment: Enrolment | None  # the active one, else the latest
    steps: list = field(default_factory=list)
    sessions: list = field(default_factory=list)  # SessionEntry, her sessions in her enrolment windows
    next_session: Session | None = None
    open_session: Session | None = None  # check-in open now and not yet checked in
    counts: AttendanceCounts = field(default_factory=AttendanceCounts)
    percent: int | None = None
    absences: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    completion: CompletionResult | None = None
    rule: CompletionRule | None = None
    certificates: list = field(default_factory=list)

    @property
    def certificate(self):
        return self.certificates[0] if self.certificates else None

    @property
    def total_hours(self) -> int:
        return sum(step.module.planned_hours for step in self.steps)

    @property
    def done_hours(self) -> int:
        return sum(step.module.planned_hours for step in self.steps if step.state == "done")


def trainee_timeline(*, trainee) -> Timeline:
    """Everything "My training" shows, in a fixed number of queries (seven) whatever her history."""
    now = timezone.now()
    enrolments = list(
        Enrolment.objects.filter(trainee=trainee)
        .select_related("cohort__curriculum__completion_rule", "cohort__province")
        .order_by("enrolled_on", "pk")
    )
    current = next(
        (e for e in enrolments if e.status == Enrolment.Status.ACTIVE), enrolments[-1] if enrolments else None
    )
    timeline = Timeline(trainee=trainee, enrolments=enrolments, enrolment=current)
    timeline.certificates = list(
        Certificate.objects.filter(trainee=trainee).select_related("curriculum", "job").order_by("-issued_on")
    )
    if current is None:
        return timeline
    rule = timeline.rule = _rule_of(current.cohort)
    modules = list(curriculum_modules(curriculum=current.cohort.curriculum_id))
    windows = {e.cohort_id: e for e in enrolments}
    all_sessions = list(
        Session.objects.filter(cohort_id__in=list(windows)).select_related("module", "trainer").order_by("starts_at")
    )
    mine = [
        s
        for s in all_sessions
        if any(e.covers(timezone.localdate(s.starts_at)) for e in enrolments if e.cohort_id == s.cohort_id)
    ]
    attendance = {a.session_id: a for a in Attendance.objects.filter(trainee=trainee)}
    checkins = {c.session_id: c for c in CheckIn.objects.filter(trainee=trainee)}
    grades = {g.module_id: g for g in Grade.objects.filter(trainee=trainee).select_related("module")}
    timeline.sessions = [SessionEntry(s, attendance.get(s.pk), checkins.get(s.pk)) for s in mine]
    timeline.grades = sorted(grades.values(), key=lambda g: (g.module.order, g.module.code))

    statuses = [attendance[s.pk].status for s in mine if s.pk in attendance]
    timeline.counts = AttendanceCounts.of(statuses)
    timeline.percent = as_percent(
        attendance_share(timeline.counts, late_counts_as_attended=rule.late_counts_as_attended)
    )
    timeline.absences = [
        entry
        for entry in timeline.sessions
        if entry.attendance and entry.attendance.status != Attendance.Status.PRESENT
    ]
    active = current.status == Enrolment.Status.ACTIVE
    current_sessions = [s for s in mine if s.cohort_id == current.cohort_id]
    if active:
        timeline.next_session = next((s for s in current_sessions if s.ends_at > now), None)
        timeline.open_session = next(
            (
                s
                for s in current_sessions
                if s.checkin_nonce and s.checkin_expires_at and s.checkin_expires_at > now and s.pk not in checkins
            ),
            None,
        )
    timeline.steps = _module_steps(modules, current_sessions, grades, rule, now)
    timeline.completion = evaluate_completion(
        counts=timeline.counts,
        min_attendance_percent=rule.min_attendance_percent,
        late_counts_as_attended=rule.late_counts_as_attended,
        assessed=[AssessedModule(m.code, rule.pass_mark_for(m)) for m in modules if m.is_assessed],
        scores={g.module.code: g.score for g in grades.values()},
        sessions_remaining=sum(1 for s in current_sessions if s.ends_at > now) if current_sessions else 1,
    )
    return timeline


def _module_steps(modules, sessions, grades, rule, now) -> list:
    by_module = defaultdict(list)
    for s in sessions:
        by_module[s.module_id].append(s)
    steps, seen_next = [], False
    for module in modules:
        mine = by_module.get(module.pk, [])
        held = sum(1 for s in mine if s.ends_at <= now)
        grade = grades.get(module.pk)
        if mine and held == len(mine):
            state = "done"
        elif held or any(s.starts_at <= now for s in mine):
            state = "current"
        elif not seen_next:
            state, seen_next = "next", True
        else:
            state = "later"
        score = grade.score if grade else None
        passed = None if score is None else score >= rule.pass_mark_for(module)
        steps.append(ModuleStep(module, state, len(mine), held, score, passed))
    return steps


def trainee_completion(*, trainee) -> tuple[Enrolment | None, CompletionResult | None]:
    timeline = trainee_timeline(trainee=trainee)
    return timeline.enrolment, timeline.completion
