"""Reads of training, scoped to the audience. `*_get_for_user` answers 404 for missing and not-yours alike.

Who sees what: the programme office sees the whole program; a trainer the cohorts she is assigned to (a
CohortTrainer row), their sessions and their trainees; a trainee only herself. Pages built from these take a
fixed number of queries whatever the number of trainees, sessions or attendance rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import BooleanField, Count, Exists, Max, OuterRef, Prefetch, Q, Value
from django.http import Http404
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.models import Membership, Province, User
from training import checkin as codes
from training.models import (
    Attendance,
    AttendanceChange,
    Certificate,
    CheckIn,
    Cohort,
    CohortTrainer,
    CompletionRule,
    Curriculum,
    CurriculumModule,
    Enrolment,
    Grade,
    Session,
    Trainee,
)
from training.permissions import TRAINEE_ROLES
from training.progress import (
    AssessedModule,
    AttendanceCounts,
    CompletionResult,
    as_percent,
    attendance_share,
    evaluate_completion,
    meets,
)

# --- trainees -----------------------------------------------------------------------------------------------------


def trainee_list_for_user(*, audience):
    """Program office: every trainee. Trainer: the trainees of her cohorts. A trainee: herself."""
    trainees = Trainee.objects.filter(program_id=audience.program_id).select_related("user", "province")
    if audience.is_program_office:
        return trainees
    visible = Q(pk__in=[])
    if audience.has_role(roles.TRAINER):
        taught = Enrolment.objects.filter(cohort__trainer_assignments__trainer_id=audience.user_id)
        visible |= Q(pk__in=taught.values("trainee_id"))
    if audience.has_role(*TRAINEE_ROLES):
        visible |= Q(user_id=audience.user_id)
    return trainees.filter(visible)


def trainee_get_for_user(*, audience, pk) -> Trainee:
    trainee = trainee_list_for_user(audience=audience).filter(pk=pk).first()
    if trainee is None:
        raise Http404
    return trainee


def trainee_own_records(*, audience):
    return trainee_list_for_user(audience=audience).filter(user_id=audience.user_id)


def trainee_own(*, audience) -> Trainee | None:
    """The logged-in trainee's own record in the current program (at most one)."""
    if not audience.has_role(*TRAINEE_ROLES):
        return None
    return trainee_own_records(audience=audience).first()


def trainee_list_with_enrolment(*, audience):
    """For the trainee list: each trainee with her active enrolment's cohort, in one extra query per page."""
    active = Enrolment.objects.filter(status=Enrolment.Status.ACTIVE).select_related("cohort")
    return trainee_list_for_user(audience=audience).prefetch_related(
        Prefetch("enrolments", queryset=active, to_attr="active_enrolments")
    )


# --- curricula ----------------------------------------------------------------------------------------------------


def curriculum_list_for_user(*, audience):
    if not audience.is_program_office:
        return Curriculum.objects.none()
    return (
        Curriculum.objects.filter(program_id=audience.program_id)
        .select_related("completion_rule")
        .annotate(module_count=Count("modules", distinct=True), cohort_count=Count("cohorts", distinct=True))
        .order_by("track", "-version")
    )


def curriculum_get_for_user(*, audience, pk) -> Curriculum:
    curriculum = curriculum_list_for_user(audience=audience).filter(pk=pk).first()
    if curriculum is None:
        raise Http404
    return curriculum


def curriculum_modules(*, curriculum):
    return CurriculumModule.objects.filter(curriculum=curriculum).order_by("order", "code")


def completion_rule_for(*, curriculum) -> CompletionRule:
    """The curriculum's rule; until staff save one, the defaults (an unsaved row)."""
    rule = CompletionRule.objects.filter(curriculum=curriculum).first()
    return rule or CompletionRule(program_id=curriculum.program_id, curriculum=curriculum)


# --- cohorts and sessions -----------------------------------------------------------------------------------------


def _taught_by(audience, cohort_ref: str):
    return Exists(CohortTrainer.objects.filter(cohort_id=OuterRef(cohort_ref), trainer_id=audience.user_id))


def cohort_list_for_user(*, audience):
    """Program office: every cohort. Trainer: the cohorts she is assigned to. Everyone else: none."""
    cohorts = Cohort.objects.filter(program_id=audience.program_id).select_related(
        "curriculum__completion_rule", "province"
    )
    if audience.is_program_office:
        return cohorts.annotate(taught_by_me=_taught_by(audience, "pk"))
    if audience.has_role(roles.TRAINER):
        # one EXISTS (filtering on the annotation would repeat it in the WHERE clause)
        return cohorts.filter(_taught_by(audience, "pk")).annotate(
            taught_by_me=Value(True, output_field=BooleanField())
        )
    return cohorts.none()


def cohort_get_for_user(*, audience, pk) -> Cohort:
    cohort = cohort_list_for_user(audience=audience).filter(pk=pk).first()
    if cohort is None:
        raise Http404
    return cohort


def session_list_for_user(*, audience):
    """The sessions the audience sees, with their cohort and module (what every session page shows). Only
    these are joined: a wider join (curriculum, completion rule, trainer) cost more to plan than to run."""
    sessions = Session.objects.filter(program_id=audience.program_id).select_related("cohort", "module")
    if audience.is_program_office:
        return sessions.annotate(taught_by_me=_taught_by(audience, "cohort_id"))
    if audience.has_role(roles.TRAINER):
        return sessions.filter(_taught_by(audience, "cohort_id")).annotate(
            taught_by_me=Value(True, output_field=BooleanField())
        )
    return sessions.none()


def session_get_for_user(*, audience, pk) -> Session:
    # "last saved by" is joined here so the sheet takes the same queries once it has been saved
    # unordered: one row by primary key needs no sort (first() would ORDER BY starts_at and make it costlier to plan)
    found = session_list_for_user(audience=audience).select_related("attendance_saved_by").filter(pk=pk).order_by()
    session = next(iter(found), None)
    if session is None:
        raise Http404
    return session


def trainer_sessions(*, audience, days: int = 7):
    """Today's sessions and the coming days', of the trainer's cohorts."""
    today = timezone.localdate()
    # local days as a range of instants (indexable), not a date cast of every session's start
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = timezone.make_aware(datetime.combine(today + timedelta(days=days + 1), time.min))
    sessions = list(
        session_list_for_user(audience=audience).filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at")
    )
    return [s for s in sessions if timezone.localdate(s.starts_at) == today], [
        s for s in sessions if timezone.localdate(s.starts_at) != today
    ]


def cohort_trainers(*, cohort):
    return CohortTrainer.objects.filter(cohort=cohort).select_related("trainer").order_by("trainer__full_name")


def cohort_enrolments(*, cohort):
    return (
        Enrolment.objects.filter(cohort=cohort)
        .select_related("trainee__user", "trainee__province", "transferred_to__cohort")
        .order_by("trainee__user__full_name", "pk")
    )


def cohort_sessions(*, cohort):
    return Session.objects.filter(cohort=cohort).select_related("module", "trainer").order_by("starts_at", "pk")


def cohort_assessed_modules(*, cohort):
    return curriculum_modules(curriculum=cohort.curriculum_id).exclude(assessment=CurriculumModule.Assessment.NONE)


def trainer_users(*, audience):
    """People holding the trainer role in the program, for assigning them to cohorts."""
    trainers = Membership.objects.filter(program_id=audience.program_id, role__code=roles.TRAINER, is_active=True)
    return User.objects.filter(pk__in=trainers.values("user_id")).order_by("full_name", "email")


def cohort_trainer_users(*, cohort):
    return User.objects.filter(pk__in=CohortTrainer.objects.filter(cohort=cohort).values("trainer_id")).order_by(
        "full_name", "email"
    )


def province_choices(*, audience):
    """The program's provinces: its pilot provinces and those it admits case by case."""
    program_id = audience.program_id
    return (
        Province.objects.filter(Q(pilot_in_programs__id=program_id) | Q(case_by_case_in_programs__id=program_id))
        .distinct()
        .order_by("name")
    )


def enrolable_trainees(*, audience, cohort):
    """Trainees of the cohort's track without an active enrolment, neither withdrawn nor completed."""
    busy = Enrolment.objects.filter(status=Enrolment.Status.ACTIVE).values("trainee_id")
    return (
        trainee_list_for_user(audience=audience)
        .filter(track=cohort.track)
        .exclude(pk__in=busy)
        .exclude(status__in=[Trainee.Status.WITHDRAWN, Trainee.Status.COMPLETED])
        .order_by("user__full_name")
    )


def transfer_targets(*, audience, enrolment):
    return (
        cohort_list_for_user(audience=audience)
        .filter(track=enrolment.cohort.track, ends_on__gte=timezone.localdate())
        .exclude(pk=enrolment.cohort_id)
    )


def enrolment_get_for_user(*, audience, pk) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(program_id=audience.program_id, cohort__in=cohort_list_for_user(audience=audience))
        .select_related("trainee__user", "cohort")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def session_roster(*, session):
    """The enrolments that cover the session's day: who should be there."""
    day = timezone.localdate(session.starts_at)
    return (
        Enrolment.objects.filter(cohort_id=session.cohort_id, enrolled_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .select_related("trainee__user")
        .order_by("trainee__user__full_name", "pk")
    )


# --- the attendance sheet of one session (the trainer's phone page) -----------------------------------------------


@dataclass
class SheetRow:
    enrolment: Enrolment
    attendance: Attendance | None
    checkin: CheckIn | None

    @property
    def trainee(self):
        return self.enrolment.trainee

    @property
    def status(self) -> str:
        """What the sheet shows: the recorded status, else present (everyone present by default)."""
        return self.attendance.status if self.attendance else Attendance.Status.PRESENT

    @property
    def reason(self) -> str:
        return self.attendance.reason if self.attendance else ""


@dataclass
class SessionSheet:
    session: Session
    rows: list
    history: list
    pending_checkins: int
    code: str | None

    @property
    def recorded(self) -> bool:
        return self.session.attendance_version > 0


def session_sheet(*, session, history_limit: int = 50) -> SessionSheet:
    enrolments = list(session_roster(session=session))
    ids = [e.trainee_id for e in enrolments]
    attendance = {a.trainee_id: a for a in Attendance.objects.filter(session=session, trainee_id__in=ids)}
    checkins = {c.trainee_id: c for c in CheckIn.objects.filter(session=session)}
    history = list(
        AttendanceChange.objects.filter(session=session)
        .select_related("trainee__user", "changed_by")
        .order_by("-changed_at", "-pk")[:history_limit]
    )
    rows = [SheetRow(e, attendance.get(e.trainee_id), checkins.get(e.trainee_id)) for e in enrolments]
    pending = sum(1 for c in checkins.values() if c.confirmed_at is None)
    return SessionSheet(session, rows, history, pending, session_checkin_code(session=session))


def session_checkin_code(*, session) -> str | None:
    """The code trainees type now, or None when no code is valid."""
    now = timezone.now()
    if not session.checkin_nonce or not session.checkin_expires_at or session.checkin_expires_at <= now:
        return None
    return codes.code_for(session.pk, session.checkin_nonce)


def session_checkins(*, session):
    return CheckIn.objects.filter(session=session).select_related("trainee__user", "confirmed_by")


# --- the attendance sheet of a whole cohort (trainees × sessions) -------------------------------------------------


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


# --- grades -------------------------------------------------------------------------------------------------------


def cohort_grades(*, cohort) -> dict:
    """{(trainee id, module code): score} for the cohort's trainees."""
    ids = Enrolment.objects.filter(cohort=cohort).values("trainee_id")
    return {
        (trainee_id, code): score
        for trainee_id, code, score in Grade.objects.filter(
            trainee_id__in=ids, module__curriculum_id=cohort.curriculum_id
        ).values_list("trainee_id", "module__code", "score")
    }


def grade_roster(*, cohort):
    """Who can be graded in this cohort: active and completed enrolments (not transferred out or withdrawn)."""
    return cohort_enrolments(cohort=cohort).filter(status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED])


# --- one trainee: the timeline of "My training" and of the trainee page -------------------------------------------


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


# --- the programme office: cohorts overview and the at-risk list --------------------------------------------------


@dataclass
class CohortSummary:
    cohort: Cohort
    active: int
    completed: int
    fill_percent: int
    percent: int | None
    on_track: int

    @property
    def forecast_percent(self) -> int | None:
        total = self.active + self.completed
        return None if not total else int(100 * (self.on_track + self.completed) / total)


def cohort_overview(*, audience, cohort_ids=None) -> list:
    """Fill rate, attendance rate and completion forecast per cohort, in four queries. `cohort_ids`: only these
    (one page of the list: at national size the attendance of every cohort is millions of rows)."""
    cohorts = cohort_list_for_user(audience=audience)
    if cohort_ids is not None:
        cohorts = cohorts.filter(pk__in=list(cohort_ids))
    cohorts = list(
        cohorts.annotate(
            active_count=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ACTIVE), distinct=True),
            completed_count=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED), distinct=True),
        )
    )
    ids = [c.pk for c in cohorts]
    per_cohort = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))  # cohort -> trainee -> status -> n
    for cohort_id, trainee_id, status, n in (
        Attendance.objects.filter(session__cohort_id__in=ids)
        .values_list("session__cohort_id", "trainee_id", "status")
        .annotate(n=Count("id"))
    ):
        per_cohort[cohort_id][trainee_id][status] += n
    failing = _failing_grades(cohort_ids=ids)
    active = defaultdict(list)
    for cohort_id, trainee_id in Enrolment.objects.filter(
        cohort_id__in=ids, status=Enrolment.Status.ACTIVE
    ).values_list("cohort_id", "trainee_id"):
        active[cohort_id].append(trainee_id)
    rows = []
    for cohort in cohorts:
        rule = _rule_of(cohort)
        per_trainee = per_cohort.get(cohort.pk, {})
        total = sum((AttendanceCounts(**counts) for counts in per_trainee.values()), AttendanceCounts())
        on_track = 0
        for trainee_id in active[cohort.pk]:
            counts = AttendanceCounts(**per_trainee.get(trainee_id, {}))
            share = attendance_share(counts, late_counts_as_attended=rule.late_counts_as_attended)
            if (share is None or meets(share, rule.min_attendance_percent)) and trainee_id not in failing:
                on_track += 1
        share = attendance_share(total, late_counts_as_attended=rule.late_counts_as_attended)
        rows.append(
            CohortSummary(
                cohort=cohort,
                active=cohort.active_count,
                completed=cohort.completed_count,
                fill_percent=int(100 * (cohort.active_count + cohort.completed_count) / cohort.capacity),
                percent=as_percent(share),
                on_track=on_track,
            )
        )
    return rows


def _failing_grades(*, cohort_ids) -> set:
    """Trainees with a grade below the pass mark (the module's own, else the curriculum rule's)."""
    failing = set()
    for trainee_id, score, module_mark, rule_mark in Grade.objects.filter(cohort_id__in=cohort_ids).values_list(
        "trainee_id", "score", "module__pass_mark", "module__curriculum__completion_rule__pass_mark"
    ):
        mark = module_mark if module_mark is not None else rule_mark
        if mark is not None and score < mark:
            failing.add(trainee_id)
    return failing


@dataclass
class RiskRow:
    enrolment_id: int
    trainee_id: int
    cohort_id: int
    name: str
    recent_percent: int | None
    window_weeks: int
    low_attendance: bool
    missing: list
    failed: list
    enrolment: Enrolment | None = None  # loaded for the rows shown (at_risk_load)

    @property
    def trainee(self):
        return self.enrolment.trainee


def at_risk_rows(*, audience) -> list:
    """Active trainees whose attendance over the recent weeks is below the threshold, or with grades missing
    for modules already taught, or below the pass mark: worst first. Five queries whatever the number of
    trainees (one more for each further length of the at-risk window among the curricula).

    Set-based, computed when asked (so a corrected mark or a late grade counts at once): the database counts
    each active trainee's marks of the recent window only (the sessions of her cohort that started within the
    window, read through the `attendance_counts` index) and returns one row per trainee; the risk is worked
    out on those tuples in integers. The rows carry ids and names only: `at_risk_load` loads the page shown."""
    now = timezone.now()
    active = Enrolment.objects.filter(
        status=Enrolment.Status.ACTIVE, cohort__in=cohort_list_for_user(audience=audience)
    ).order_by()
    earlier = Enrolment.objects.filter(trainee_id=OuterRef("trainee_id")).exclude(pk=OuterRef("pk"))
    enrolments = list(
        active.annotate(moved=Exists(earlier)).values_list(
            "pk", "trainee_id", "cohort_id", "trainee__user__full_name", "moved", "cohort__curriculum_id"
        )
    )
    if not enrolments:
        return []
    curricula = Curriculum.objects.filter(pk__in={row[5] for row in enrolments}).select_related("completion_rule")
    rule_of_curriculum = {}
    for curriculum in curricula.order_by():
        try:
            rule_of_curriculum[curriculum.pk] = curriculum.completion_rule
        except CompletionRule.DoesNotExist:  # the defaults until staff save a rule (as completion_rule_for)
            rule_of_curriculum[curriculum.pk] = CompletionRule(program_id=curriculum.program_id, curriculum=curriculum)
    rules = {row[2]: rule_of_curriculum[row[5]] for row in enrolments}  # cohort id -> its curriculum's rule
    cohort_ids = set(rules)
    # the recent weeks' marks, counted by the database: one query per distinct window length (one or two
    # curricula: one or two queries whatever the number of trainees). Marks can only be taken from a few minutes
    # before a session starts (TRAINING_CHECKIN_OPENS_MINUTES_BEFORE), so a day ahead of now covers every mark
    # that can exist while the sessions of the coming weeks stay out of the scan.
    by_window = defaultdict(list)
    for cohort_id, rule in rules.items():
        by_window[rule.at_risk_window_weeks].append(cohort_id)
    S = Attendance.Status
    recent = {}  # (trainee, cohort) -> (attended, counted) per the cohort's rule; excused marks do not count
    for weeks, window_cohorts in sorted(by_window.items()):
        for trainee_id, cohort_id, present, late, absent in (
            Attendance.objects.filter(
                session__cohort_id__in=window_cohorts,
                session__starts_at__gte=now - timedelta(weeks=weeks),
                session__starts_at__lte=now + timedelta(days=1),
            )
            .order_by()
            .values_list("trainee_id", "session__cohort_id")
            .annotate(
                present=Count("status", filter=Q(status=S.PRESENT)),
                late=Count("status", filter=Q(status=S.LATE)),
                absent=Count("status", filter=Q(status=S.ABSENT)),
            )
        ):
            attended = present + (late if rules[cohort_id].late_counts_as_attended else 0)
            recent[(trainee_id, cohort_id)] = (attended, present + late + absent)
    taught = defaultdict(list)  # cohort id -> assessed modules whose sessions are all over
    for row in (
        Session.objects.filter(cohort_id__in=cohort_ids)
        .exclude(module__assessment=CurriculumModule.Assessment.NONE)
        .values("cohort_id", "module_id", "module__code", "module__pass_mark")
        .annotate(last_end=Max("ends_at"))
        .order_by()
    ):
        if row["last_end"] <= now:
            taught[row["cohort_id"]].append((row["module_id"], row["module__code"], row["module__pass_mark"]))
    # A trainee's grades are recorded in a cohort she is enrolled in: read the grades of the cohorts with modules
    # taught (the grade table's cohort index), and all the grades of the few trainees who were enrolled
    # elsewhere before (a transferred trainee keeps her earlier grades).
    graded_cohorts = sorted(c for c in cohort_ids if taught[c])
    moved = sorted({row[1] for row in enrolments if row[4] and taught[row[2]]})  # trainee ids
    scores = (
        {
            (trainee_id, module_id): score
            for trainee_id, module_id, score in Grade.objects.filter(
                Q(cohort_id__in=graded_cohorts) | Q(trainee_id__in=moved)
            )
            .order_by()
            .values_list("trainee_id", "module_id", "score")
        }
        if graded_cohorts
        else {}
    )
    rows = []
    for pk, trainee_id, cohort_id, name, _moved, _curriculum_id in enrolments:
        rule = rules[cohort_id]
        attended, counted = recent.get((trainee_id, cohort_id), (0, 0))
        # exact integer forms of as_percent(share) and `not meets(share, threshold)` (training.progress)
        percent = 100 * attended // counted if counted else None
        low = bool(counted) and 100 * attended < rule.at_risk_attendance_percent * counted
        missing, failed = [], []
        for module_id, code, module_mark in taught[cohort_id]:
            score = scores.get((trainee_id, module_id))
            mark = module_mark if module_mark is not None else rule.pass_mark
            if score is None:
                missing.append(code)
            elif score < mark:
                failed.append(code)
        if low or missing or failed:
            rows.append(
                RiskRow(pk, trainee_id, cohort_id, name, percent, rule.at_risk_window_weeks, low, missing, failed)
            )
    rows.sort(
        key=lambda r: (
            not r.low_attendance,
            r.recent_percent if r.recent_percent is not None else 101,
            r.name,
            r.enrolment_id,
        )
    )
    return rows


def at_risk_load(rows) -> list:
    """Attach the enrolments (with trainee, user and cohort) to the rows shown: one query for a page of rows,
    without the encrypted identifiers, which the list never shows."""
    rows = list(rows)
    loaded = (
        {
            e.pk: e
            for e in Enrolment.objects.filter(pk__in=[r.enrolment_id for r in rows])
            .select_related("trainee__user", "cohort")
            .defer("trainee__tckn", "trainee__iban")
            .order_by()
        }
        if rows
        else {}
    )
    for row in rows:
        row.enrolment = loaded[row.enrolment_id]
    return rows


def at_risk_list(*, audience) -> list:
    """Every row of the at-risk list, loaded (exports, tests); the page shows one page of `at_risk_rows`."""
    return at_risk_load(at_risk_rows(audience=audience))


# --- certificates -------------------------------------------------------------------------------------------------


def certificate_get_for_user(*, audience, pk) -> Certificate:
    """Her own certificate for a trainee; any of the program's for the programme office."""
    certificates = Certificate.objects.filter(program_id=audience.program_id).select_related(
        "trainee__user", "curriculum"
    )
    if not audience.is_program_office:
        certificates = certificates.filter(trainee__in=trainee_own_records(audience=audience))
    certificate = certificates.filter(pk=pk).first()
    if certificate is None:
        raise Http404
    return certificate


@dataclass(frozen=True)
class VerifiedCertificate:
    """What the public verification page may show: name, programme, curriculum and date. Nothing else."""

    full_name: str
    program_name_tr: str
    program_name_en: str
    curriculum_name_tr: str
    curriculum_name_en: str
    issued_on: object
    code: str


def certificate_verify(*, code: str) -> VerifiedCertificate | None:
    """Public lookup by verification code. Codes are unique across programs and unguessable, so this one read
    runs outside the visitor's program scope, and returns only what the certificate itself prints."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if not 8 <= len(code) <= 20:
        return None
    with scopes_disabled():
        certificate = (
            Certificate.objects.filter(code=code)
            .exclude(file="")
            .select_related("trainee__user", "program", "curriculum")
            .first()
        )
    if certificate is None:
        return None
    return VerifiedCertificate(
        full_name=certificate.trainee.user.full_name,
        program_name_tr=certificate.program.name_tr,
        program_name_en=certificate.program.name_en,
        curriculum_name_tr=certificate.curriculum.name_tr,
        curriculum_name_en=certificate.curriculum.name_en,
        issued_on=certificate.issued_on,
        code=certificate.code,
    )
