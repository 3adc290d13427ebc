"""The programme office: cohorts overview and the at-risk list."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.utils import timezone

from training.models import (
    Attendance,
    Cohort,
    CompletionRule,
    Curriculum,
    CurriculumModule,
    Enrolment,
    Grade,
    Session,
)
from training.progress import (
    AttendanceCounts,
    as_percent,
    attendance_share,
    meets,
)

from .cohort_sheet import _rule_of
from .cohorts import cohort_list_for_user


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
