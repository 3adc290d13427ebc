"""Scale seeder of training (portal.scale): both curricula, trainees with their logins, cohorts of
`cohort_size` grouped by track and province, trainers, sessions on weekdays, an attendance mark for every
enrolled trainee at every past session (`attendance_per_trainee` each: 50,000 × 100 = 5,000,000 at national
size), the attendance history (first recording and the odd correction), grades and certificates.

Most cohorts have finished; about one in ten is running, with sessions today and in the coming weeks (the
load test's trainers take attendance there). A few trainees withdrew part-way; a few are at risk (they stopped
coming in the last weeks). Everything random comes from ctx.rng: the same seed gives the same data.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from stdnum.tr import tckimlik

from firms.scale import PROVINCE_WEIGHTS
from portal import roles
from portal.models import Province
from portal.pii import pii_hash
from training import demo
from training.models import (
    Attendance,
    AttendanceChange,
    Certificate,
    Cohort,
    CohortTrainer,
    CompletionRule,
    CurriculumModule,
    Enrolment,
    Grade,
    Session,
    Track,
    Trainee,
)

A = Attendance.Status
EXCUSES = ["Sağlık raporu", "Ailevi nedenler", "Resmî izin", "Ulaşım sorunu (belgeli)"]


def _iban(n: int) -> str:
    """A valid Turkish IBAN (bank 00062, account n)."""
    bban = f"00062{0}{n:016d}"
    check = 98 - int(bban + "292700") % 97
    return f"TR{check:02d}{bban}"


def _tckn(n: int) -> str:
    base = f"{100_000_000 + n:09d}"
    return base + tckimlik.calc_check_digits(base)


def _weekdays_back(last, count):
    days, day = [], last
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def _weekdays_forward(first, count):
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _module_plan(modules, n_sessions):
    """n_sessions module ids, each module in proportion to its planned hours, in curriculum order."""
    total = sum(m.planned_hours for m in modules)
    counts = [max(1, round(n_sessions * m.planned_hours / total)) for m in modules]
    while sum(counts) > n_sessions:
        counts[counts.index(max(counts))] -= 1
    while sum(counts) < n_sessions:
        counts[counts.index(min(counts))] += 1
    return [m for m, c in zip(modules, counts, strict=True) for _ in range(c)]


def seed(ctx) -> None:
    rng = ctx.rng
    program = ctx.program
    n = ctx.size("trainees")
    per = ctx.size("attendance_per_trainee", 100)
    size = ctx.size("cohort_size", 25)
    history = bool(ctx.size("attendance_history", 1))
    tz = timezone.get_current_timezone()

    curricula = {
        Track.AMBASSADOR: demo._curriculum(
            program, Track.AMBASSADOR, "Değişim Elçisi Eğitim Programı", "Change Ambassador Training Programme", 20,
            demo.AMBASSADOR_MODULES,
        ),
        Track.OPERATOR: demo._curriculum(
            program, Track.OPERATOR, "Operatör Eğitim Programı", "Operator Training Programme", 10,
            demo.OPERATOR_MODULES,
        ),
    }  # fmt: skip
    modules = {t: list(CurriculumModule.objects.filter(curriculum=c).order_by("order")) for t, c in curricula.items()}
    rules = {r.curriculum_id: r for r in CompletionRule.objects.filter(curriculum__in=curricula.values())}

    # trainees: track and province first, so cohorts can be cut from the sorted list
    provinces = list(Province.objects.order_by("plate"))
    weights = [PROVINCE_WEIGHTS.get(p.plate, 1) for p in provinces]
    share = ctx.size("ambassador_share", 0.4)
    people = sorted(
        (
            (Track.AMBASSADOR if rng.random() < share else Track.OPERATOR, rng.choices(provinces, weights)[0])
            for _ in range(n)
        ),
        key=lambda tp: (tp[0], tp[1].plate),
    )
    n_amb = sum(1 for t, _p in people if t == Track.AMBASSADOR)
    amb_users = ctx.make_users("elci", n_amb, roles.AMBASSADOR, login=True)
    op_users = ctx.make_users("operator", n - n_amb, roles.OPERATOR, login=True)
    logins = ctx.people.setdefault("logins", {})
    if amb_users:
        logins[roles.AMBASSADOR] = ctx.email("elci", 1)
    if op_users:
        logins[roles.OPERATOR] = ctx.email("operator", 1)
    users = amb_users + op_users
    trainee_ids = list(ctx.reserve_ids(Trainee, n))
    offset = program.pk * 1_000_000

    # cohorts: consecutive runs of the sorted list, never mixing tracks
    cohorts = []  # (cohort id, track, province, [trainee index])
    i = 0
    while i < n:
        track = people[i][0]
        j = i
        while j < n and j - i < size and people[j][0] == track:
            j += 1
        cohorts.append([track, people[i][1], list(range(i, j))])
        i = j
    cohort_ids = list(ctx.reserve_ids(Cohort, len(cohorts)))
    trainers = ctx.people[roles.TRAINER]
    n_running = max(1, len(cohorts) // 10)
    running = set(rng.sample(range(len(cohorts)), n_running))
    future = max(3, per // 5)
    cohort_rows, trainer_rows, session_rows, enrol_rows = [], [], [], []
    trainee_status = [Trainee.Status.COMPLETED] * n
    plan = []  # per cohort: (cohort id, track, trainee indexes, past session (id, module, end), trainer)
    session_total = sum(per + (future if k in running else 0) for k in range(len(cohorts)))
    session_ids = iter(ctx.reserve_ids(Session, session_total))
    for k, (cid, (track, province, members)) in enumerate(zip(cohort_ids, cohorts, strict=True)):
        is_running = k in running
        if is_running:
            # a session today whatever the weekday (trainers take attendance in the load test), then weekdays
            later = _weekdays_forward(ctx.today + timedelta(days=1), future - 1)
            days = [*_weekdays_back(ctx.today - timedelta(days=1), per), ctx.today, *later]
        else:
            days = _weekdays_back(ctx.today - timedelta(days=rng.randint(7, 500)), per)
        trainer = trainers[k % len(trainers)]
        code = f"{'EL' if track == Track.AMBASSADOR else 'OP'}-{province.plate:02d}-{k + 1:05d}"
        cohort_rows.append(
            (cid, code, f"{province.name} {k + 1}", track, curricula[track].pk, "in_person", province.pk,
             days[0], days[-1], size + 5, ctx.now - timedelta(days=(ctx.today - days[0]).days + 30))
        )  # fmt: skip
        trainer_rows.append((cid, trainer, ctx.actor_id, ctx.now))
        if len(trainers) > 1 and rng.random() < 0.3:
            trainer_rows.append((cid, trainers[(k + 1) % len(trainers)], ctx.actor_id, ctx.now))
        past = []
        module_ends = {}  # module id -> end of its last session (past or future)
        for d, module in zip(days, _module_plan(modules[track], len(days)), strict=True):
            sid = next(session_ids)
            start, end = (time(9, 0), time(17, 0)) if d == ctx.today else (time(10, 0), time(16, 0))
            starts_at = timezone.make_aware(datetime.combine(d, start), tz)
            ends_at = timezone.make_aware(datetime.combine(d, end), tz)
            done = d < ctx.today
            session_rows.append(
                (sid, cid, module.pk, starts_at, ends_at, f"MEXT Eğitim Salonu · {province.name}", "", trainer,
                 "", None, 1 if done else 0, ends_at if done else None, trainer if done else None)
            )  # fmt: skip
            module_ends[module.pk] = ends_at
            if done:
                past.append((sid, module, ends_at))
        plan.append((cid, track, members, past, trainer, is_running, days, module_ends))
        for m in members:
            trainee_status[m] = Trainee.Status.ACTIVE if is_running else Trainee.Status.COMPLETED

    # withdrawals (3 %) and at-risk trainees (5 % of those in running cohorts)
    withdrawn_after = {}
    at_risk = set()
    for _cid, _track, members, past, _trainer, is_running, _days, _ends in plan:
        for m in members:
            if rng.random() < 0.03 and len(past) > 4:
                withdrawn_after[m] = rng.randint(2, len(past) - 2)
                trainee_status[m] = Trainee.Status.WITHDRAWN
            elif is_running and rng.random() < 0.05:
                at_risk.add(m)

    ctx.rows(
        Trainee,
        ["id", "user_id", "track", "province_id", "status", "tckn", "tckn_hash", "iban", "iban_hash", "phone",
         "status_changed_at", "created_at"],
        (
            (tid, users[i], people[i][0], people[i][1].pk, trainee_status[i], _tckn(offset + i),
             pii_hash("tckn", _tckn(offset + i)), _iban(offset + i), pii_hash("iban", _iban(offset + i)),
             f"05{30 + i % 10}{i % 10_000_000:07d}", ctx.now, ctx.now - timedelta(days=520))
            for i, tid in enumerate(trainee_ids)
        ),
    )  # fmt: skip
    ctx.rows(
        Cohort,
        ["id", "code", "name", "track", "curriculum_id", "mode", "province_id", "starts_on", "ends_on", "capacity",
         "created_at"],
        cohort_rows,
    )  # fmt: skip
    ctx.rows(CohortTrainer, ["cohort_id", "trainer_id", "assigned_by_id", "assigned_at"], trainer_rows)
    ctx.rows(
        Session,
        ["id", "cohort_id", "module_id", "starts_at", "ends_at", "place", "online_link", "trainer_id",
         "checkin_nonce", "checkin_expires_at", "attendance_version", "attendance_saved_at", "attendance_saved_by_id"],
        session_rows,
    )  # fmt: skip
    for cid, _track, members, past, _trainer, is_running, days, _ends in plan:
        for m in members:
            if m in withdrawn_after:
                ended = past[withdrawn_after[m]][2].date()
                enrol_rows.append((trainee_ids[m], cid, "withdrawn", days[0], ended, "Kendi isteğiyle ayrıldı."))
            elif is_running:
                enrol_rows.append((trainee_ids[m], cid, "active", days[0], None, ""))
            else:
                enrol_rows.append((trainee_ids[m], cid, "completed", days[0], days[-1], ""))
    ctx.rows(
        Enrolment,
        ["trainee_id", "cohort_id", "status", "enrolled_on", "ended_on", "end_reason", "created_by_id", "created_at"],
        ((*row, ctx.actor_id, ctx.now) for row in enrol_rows),
    )

    # attendance, cohort by cohort; the share attended decides grades and certificates
    attended = [0] * n
    marked = [0] * n
    propensity = [0.02 + rng.random() * 0.06 for _ in range(n)]
    batch_att, batch_chg = [], []
    att_ids = None
    total_marks = sum(
        min(len(past), withdrawn_after.get(m, len(past))) for _c, _t, members, past, *_r in plan for m in members
    )
    if history:
        att_ids = iter(ctx.reserve_ids(Attendance, total_marks))
    att_cols = ["session_id", "trainee_id", "status", "reason", "source", "recorded_by_id", "recorded_at"]
    chg_cols = ["attendance_id", "session_id", "trainee_id", "old_status", "new_status", "old_reason",
                "new_reason", "why", "changed_by_id", "changed_at", "session_version"]  # fmt: skip
    random = rng.random
    for _cid, _track, members, past, trainer, _is_running, _days, _ends in plan:
        recent = len(past) - 15
        for s_index, (sid, _module, ends_at) in enumerate(past):
            for m in members:
                if s_index >= withdrawn_after.get(m, len(past)):
                    continue
                p_absent = 0.6 if (m in at_risk and s_index >= recent) else propensity[m]
                r = random()
                if r < p_absent:
                    status, reason = (
                        (A.EXCUSED, EXCUSES[int(r * 1000) % len(EXCUSES)]) if r < p_absent / 3 else (A.ABSENT, "")
                    )
                elif r < p_absent + 0.04:
                    status, reason = A.LATE, ""
                else:
                    status, reason = A.PRESENT, ""
                marked[m] += 1
                if status in (A.PRESENT, A.LATE):
                    attended[m] += 1
                if history:
                    aid = next(att_ids)
                    batch_att.append((aid, sid, trainee_ids[m], status, reason, "sheet", trainer, ends_at))
                    batch_chg.append((aid, sid, trainee_ids[m], "", status, "", reason, "", trainer, ends_at, 1))
                else:
                    batch_att.append((sid, trainee_ids[m], status, reason, "sheet", trainer, ends_at))
        if len(batch_att) >= 200_000:
            _flush(ctx, history, att_cols, chg_cols, batch_att, batch_chg)
    _flush(ctx, history, att_cols, chg_cols, batch_att, batch_chg)

    # grades for the assessed modules a cohort has finished; certificates for those who met the rule
    grade_rows, cert_rows = [], []
    n_cert = 0
    for cid, track, members, _past, trainer, is_running, days, module_ends in plan:
        # a module is graded once its last session is over (the one under way is not graded yet)
        finished = [(m, module_ends[m.pk]) for m in modules[track] if m.is_assessed and module_ends.get(m.pk)]
        finished = [(m, at) for m, at in finished if at.date() < ctx.today]
        rule = rules[curricula[track].pk]
        for m in members:
            if m in withdrawn_after:
                continue
            scores = []
            for module, at in finished:
                score = max(0, min(100, round(rng.gauss(80, 8))))
                scores.append(score)
                grade_rows.append((trainee_ids[m], module.pk, cid, Decimal(score), trainer, at))
            share = 100 * attended[m] / marked[m] if marked[m] else 0
            if not is_running and share >= rule.min_attendance_percent and all(s >= rule.pass_mark for s in scores):
                n_cert += 1
                code = f"S{program.pk}-{n_cert:07d}"  # unique across programs (issued codes are random, no S)
                cert_rows.append((trainee_ids[m], curricula[track].pk, cid, code, days[-1], "", ctx.now))
    ctx.rows(Grade, ["trainee_id", "module_id", "cohort_id", "score", "graded_by_id", "graded_at"], grade_rows)
    ctx.rows(
        Certificate,
        ["trainee_id", "curriculum_id", "cohort_id", "code", "issued_on", "file", "created_at"],
        cert_rows,
    )
    ctx.log(
        f"training: {n} trainees, {len(cohorts)} cohorts ({n_running} running), {len(session_rows)} sessions, "
        f"{total_marks} attendance marks, {len(grade_rows)} grades, {len(cert_rows)} certificates"
    )


def _flush(ctx, history, att_cols, chg_cols, batch_att, batch_chg):
    if history:
        ctx.rows(Attendance, ["id", *att_cols], batch_att)
        ctx.rows(AttendanceChange, chg_cols, batch_chg)
    else:
        ctx.rows(Attendance, att_cols, batch_att)
    batch_att.clear()
    batch_chg.clear()
