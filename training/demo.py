"""Demo data of training, added by `seed_demo` (portal.demo) through the demo extension in providers.py.

Two curricula shaped like MEXT's offer (ambassadors about 4–5 months, operators about 2–3), one running cohort
per track in two provinces (İstanbul, Kocaeli) with attendance history that puts a few trainees at risk, and
an earlier operator cohort in Manisa with one trainee who completed (certificate), one who withdrew and one
who moved to Kocaeli. Everything goes through the services, so history and audit rows are real.
Idempotent: once the demo cohorts exist, a second run changes nothing.
"""

from datetime import datetime, time, timedelta
from math import ceil

from django.db import transaction
from django.utils import timezone
from schwifty import IBAN
from stdnum.tr import tckimlik

from portal import roles
from portal.models import Membership, Province, Role, User
from training import selectors, services
from training.models import Cohort, CompletionRule, Curriculum, CurriculumModule, Enrolment, Session, Trainee

D, G, S, E = (
    CurriculumModule.Domain.DIGITAL,
    CurriculumModule.Domain.GREEN,
    CurriculumModule.Domain.SOFT,
    CurriculumModule.Domain.EQUALITY,
)
A = CurriculumModule.Assessment

# code, domain, hours, assessed by, title tr, title en, outcomes tr, outcomes en
AMBASSADOR_MODULES = [
    (
        "EL-D1",
        D,
        24,
        A.EXAM,
        "Endüstri 4.0 ve dijital dönüşümün temelleri",
        "Industry 4.0 and digital transformation basics",
        "Dijital dönüşümün kavramlarını ve imalattaki uygulamalarını açıklar.",
        "Explains the concepts of digital transformation and their use in manufacturing.",
    ),
    (
        "EL-D2",
        D,
        30,
        A.PROJECT,
        "Veri okuryazarlığı ve üretim verisi analitiği",
        "Data literacy and production data analytics",
        "Üretim verisini toplar, temizler ve temel göstergelerle yorumlar.",
        "Collects, cleans and interprets production data with basic indicators.",
    ),
    (
        "EL-D3",
        D,
        24,
        A.PRACTICAL,
        "Endüstriyel nesnelerin interneti ve otomasyon",
        "Industrial IoT and automation",
        "Sensör, PLC ve bağlantılı ekipmanın rolünü bir hat üzerinde gösterir.",
        "Shows the role of sensors, PLCs and connected equipment on a line.",
    ),
    (
        "EL-D4",
        D,
        18,
        A.PROJECT,
        "SIRI ile dijital olgunluk değerlendirmesi",
        "Digital maturity assessment with SIRI",
        "Bir firmanın SIRI boyutlarında olgunluğunu değerlendirip öncelik belirler.",
        "Assesses a firm on the SIRI dimensions and sets priorities.",
    ),
    (
        "EL-G1",
        G,
        24,
        A.EXAM,
        "Sürdürülebilir üretim ve döngüsel ekonomi",
        "Sustainable production and the circular economy",
        "Döngüsel ekonomi ilkelerini ürün ve süreç tasarımına uygular.",
        "Applies circular-economy principles to product and process design.",
    ),
    (
        "EL-G2",
        G,
        24,
        A.PROJECT,
        "Enerji verimliliği ve karbon ayak izi",
        "Energy efficiency and carbon footprint",
        "Bir tesisin enerji ve karbon ayak izini hesaplar, iyileştirme önerir.",
        "Calculates a site's energy use and carbon footprint and proposes improvements.",
    ),
    (
        "EL-G3",
        G,
        18,
        A.PROJECT,
        "COSIRI ile sürdürülebilirlik olgunluğu",
        "Sustainability maturity with COSIRI",
        "COSIRI yapı taşlarına göre firmaya özel yol haritası hazırlar.",
        "Prepares a firm-specific roadmap along the COSIRI building blocks.",
    ),
    (
        "EL-S1",
        S,
        18,
        A.PRESENTATION,
        "Değişim yönetimi ve liderlik",
        "Change management and leadership",
        "Dönüşüm projesinde paydaşları yönetir ve değişimi iletir.",
        "Manages stakeholders and communicates change in a transformation project.",
    ),
    (
        "EL-S2",
        S,
        18,
        A.PRESENTATION,
        "Proje yönetimi ve etkili sunum",
        "Project management and effective presentation",
        "Bir iyileştirme projesini planlar, izler ve yönetime sunar.",
        "Plans, tracks and presents an improvement project to management.",
    ),
    (
        "EL-E1",
        E,
        12,
        A.NONE,
        "Toplumsal cinsiyet eşitliği ve iş-yaşam dengesi",
        "Gender equality and work/life balance",
        "İşyerinde eşitlik ve iş-yaşam dengesi uygulamalarını tanır ve savunur.",
        "Recognises and advocates equality and work/life balance practices at work.",
    ),
]
OPERATOR_MODULES = [
    (
        "OP-D1",
        D,
        18,
        A.EXAM,
        "Dijital okuryazarlık ve akıllı üretim",
        "Digital literacy and smart manufacturing",
        "Akıllı fabrikada kullanılan dijital araçları güvenle kullanır.",
        "Uses the digital tools of a smart factory with confidence.",
    ),
    (
        "OP-D2",
        D,
        24,
        A.PRACTICAL,
        "Sensörler, otomasyon ve robotlu hücrede çalışma",
        "Sensors, automation and working in a robot cell",
        "Otomatik bir hücreyi güvenli biçimde çalıştırır ve izler.",
        "Operates and monitors an automated cell safely.",
    ),
    (
        "OP-D3",
        D,
        18,
        A.PRACTICAL,
        "Veriyle kalite kontrol",
        "Quality control with data",
        "Ölçüm verisini kaydeder ve sapmaları fark eder.",
        "Records measurement data and spots deviations.",
    ),
    (
        "OP-G1",
        G,
        18,
        A.EXAM,
        "Yalın ve yeşil üretim: israf, enerji, atık",
        "Lean and green production: waste, energy, scrap",
        "İstasyonundaki israfı ve enerji kaybını azaltacak önlemler önerir.",
        "Proposes measures that cut waste and energy loss at her station.",
    ),
    (
        "OP-S1",
        S,
        12,
        A.EXAM,
        "İş sağlığı ve güvenliği",
        "Occupational health and safety",
        "Riskleri tanır ve güvenli çalışma kurallarını uygular.",
        "Recognises risks and follows safe working rules.",
    ),
    (
        "OP-S2",
        S,
        6,
        A.NONE,
        "Takım çalışması ve iletişim",
        "Teamwork and communication",
        "Vardiya içinde etkili iletişim kurar.",
        "Communicates effectively within a shift.",
    ),
    (
        "OP-E1",
        E,
        6,
        A.NONE,
        "Toplumsal cinsiyet eşitliği ve iş-yaşam dengesi",
        "Gender equality and work/life balance",
        "Haklarını ve işyerindeki destek mekanizmalarını bilir.",
        "Knows her rights and the support available at work.",
    ),
]

FIRST_NAMES = [
    "Aylin",
    "Burcu",
    "Cansu",
    "Deniz",
    "Ebru",
    "Filiz",
    "Gamze",
    "Hande",
    "İpek",
    "Jale",
    "Kübra",
    "Leyla",
    "Melek",
    "Nazlı",
    "Özge",
    "Pınar",
    "Rabia",
    "Seda",
    "Şule",
    "Tuğba",
    "Ümran",
    "Vildan",
    "Yasemin",
    "Zehra",
]
LAST_NAMES = [
    "Acar",
    "Başaran",
    "Cengiz",
    "Doğan",
    "Erdem",
    "Güneş",
    "Işık",
    "Kılıç",
    "Özdemir",
    "Polat",
    "Sarı",
    "Tekin",
    "Uçar",
    "Yavuz",
]
SESSION_HOURS = 6
AT_RISK = {3, 8}  # indexes of demo trainees who have stopped coming lately


def seed(program, users) -> None:
    staff, trainer = users[roles.STAFF], users[roles.TRAINER]
    ambassador_curriculum = _curriculum(
        program,
        Trainee.Track.AMBASSADOR,
        "Değişim Elçisi Eğitim Programı",
        "Change Ambassador Training Programme",
        20,
        AMBASSADOR_MODULES,
    )
    operator_curriculum = _curriculum(
        program, Trainee.Track.OPERATOR, "Operatör Eğitim Programı", "Operator Training Programme", 10, OPERATOR_MODULES
    )
    if Cohort.objects.filter(program=program, code="EL-IST-01").exists():
        return  # seeded before
    today = timezone.localdate()
    pilot = _cohort(
        program,
        staff,
        trainer,
        "OP-MAN-00",
        "Operatörler · Manisa (ön pilot)",
        operator_curriculum,
        45,
        today - timedelta(weeks=14),
        today - timedelta(weeks=3),
    )
    amb = _cohort(
        program,
        staff,
        trainer,
        "EL-IST-01",
        "Değişim Elçileri · İstanbul 1",
        ambassador_curriculum,
        34,
        today - timedelta(weeks=6),
        today - timedelta(weeks=6) + timedelta(weeks=20),
    )
    ops = _cohort(
        program,
        staff,
        trainer,
        "OP-KOC-01",
        "Operatörler · Kocaeli 1",
        operator_curriculum,
        41,
        today - timedelta(weeks=4),
        today - timedelta(weeks=4) + timedelta(weeks=10),
    )

    people = iter(range(1, 100))
    amb_trainees = [Trainee.objects.get(program=program, user=users[roles.AMBASSADOR])]
    amb_trainees += [_trainee(program, staff, next(people), Trainee.Track.AMBASSADOR, 34) for _ in range(11)]
    op_trainees = [Trainee.objects.get(program=program, user=users[roles.OPERATOR])]
    op_trainees += [_trainee(program, staff, next(people), Trainee.Track.OPERATOR, 41) for _ in range(10)]
    for trainee in amb_trainees:
        services.enrolment_create(trainee=trainee, cohort=amb, actor=staff, enrolled_on=amb.starts_on)
    for trainee in op_trainees:
        services.enrolment_create(trainee=trainee, cohort=ops, actor=staff, enrolled_on=ops.starts_on)

    # The Manisa pilot: one graduate (with a login), one who withdrew, one who moved to Kocaeli.
    from portal.demo import DEMO_PASSWORD

    graduate = _trainee(
        program,
        staff,
        next(people),
        Trainee.Track.OPERATOR,
        45,
        email=f"mezun@{_domain(users)}",
        password=DEMO_PASSWORD,
    )
    leaver = _trainee(program, staff, next(people), Trainee.Track.OPERATOR, 45)
    mover = _trainee(program, staff, next(people), Trainee.Track.OPERATOR, 45)
    for trainee in (graduate, leaver, mover):
        services.enrolment_create(trainee=trainee, cohort=pilot, actor=staff, enrolled_on=pilot.starts_on)
    pilot_sessions = _sessions(pilot, trainer, today, per_module=1)
    enrolment = Enrolment.objects.get(trainee=leaver, status=Enrolment.Status.ACTIVE)
    services.enrolment_withdraw(
        enrolment=enrolment,
        actor=staff,
        reason="Bir firmada tam zamanlı işe başladı.",
        on=pilot.starts_on + timedelta(days=10),
    )
    enrolment = Enrolment.objects.get(trainee=mover, status=Enrolment.Status.ACTIVE)
    services.enrolment_transfer(
        enrolment=enrolment,
        to_cohort=ops,
        actor=staff,
        reason="İkamet değişikliği: Kocaeli'ye taşındı.",
        on=ops.starts_on,
    )
    _take_attendance(pilot_sessions, trainer, set())
    _grade_taught_modules(pilot, trainer, pilot_sessions, lowest=70)
    services.trainee_completion_evaluate(trainee=graduate, actor=staff)

    _take_attendance(_sessions(amb, trainer, today), trainer, AT_RISK)
    _grade_taught_modules(amb, trainer, amb.sessions.all(), skip={5}, lowest=58)
    _take_attendance(_sessions(ops, trainer, today), trainer, {2})
    _grade_taught_modules(ops, trainer, ops.sessions.all(), lowest=58)
    _operator_missed_lately(ops, trainer, op_trainees[0])
    # the warnings need the stipend rule, which the stipend app's demo adds after this one: sent once all is saved
    transaction.on_commit(lambda: _attendance_warnings(program.pk, [amb.pk, ops.pk]))


def _operator_missed_lately(cohort, trainer, trainee) -> None:
    """The demo operator missed her latest session this month, so her phone shows the stipend warning."""
    today = timezone.localdate()
    latest = (
        Session.objects.filter(cohort=cohort, starts_at__date__gte=today.replace(day=1), starts_at__date__lt=today)
        .order_by("-starts_at")
        .first()
    )
    if latest is None:  # the month's first days: nothing recorded yet this month
        return
    services.attendance_record(
        session=latest,
        actor=trainer,
        marks={trainee.pk: ("absent", "")},
        expected_version=Session.objects.values_list("attendance_version", flat=True).get(pk=latest.pk),
        correction_reason="Gelmedi; yanlışlıkla katıldı girilmişti.",
    )


def _attendance_warnings(program_id: int, cohort_ids) -> None:
    """Each running cohort's latest recorded session checked as if just saved: trainees near the threshold told."""
    from portal.tenancy import program_scope
    from training.notifications import attendance_watch

    with program_scope(program_id), transaction.atomic():
        for cohort_id in cohort_ids:
            latest = (
                Session.objects.filter(cohort_id=cohort_id, attendance_version__gt=0).order_by("-starts_at").first()
            )
            if latest is not None:
                attendance_watch(session=latest)


def _domain(users) -> str:
    return users[roles.STAFF].email.split("@", 1)[1]


def _curriculum(program, track, name_tr, name_en, weeks, modules) -> Curriculum:
    curriculum, created = Curriculum.objects.get_or_create(
        program=program,
        track=track,
        version=1,
        defaults={"name_tr": name_tr, "name_en": name_en, "planned_weeks": weeks},
    )
    if created:
        for order, (code, domain, hours, assessment, title_tr, title_en, out_tr, out_en) in enumerate(modules, start=1):
            CurriculumModule.objects.create(
                program=program,
                curriculum=curriculum,
                order=order,
                code=code,
                domain=domain,
                planned_hours=hours,
                assessment=assessment,
                title_tr=title_tr,
                title_en=title_en,
                outcomes_tr=out_tr,
                outcomes_en=out_en,
            )
        CompletionRule.objects.create(program=program, curriculum=curriculum)
    return curriculum


def _cohort(program, staff, trainer, code, name, curriculum, plate, starts_on, ends_on) -> Cohort:
    cohort = services.cohort_create(
        program=program,
        actor=staff,
        code=code,
        name=name,
        curriculum=curriculum,
        mode=Cohort.Mode.IN_PERSON,
        province=Province.objects.get(plate=plate),
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=25,
    )
    services.cohort_trainer_assign(cohort=cohort, trainer=trainer, actor=staff)
    return cohort


def _valid_tckn(n: int) -> str:
    base = f"{3_0000_0000 + n * 7919:09d}"
    return base + tckimlik.calc_check_digits(base)


def _trainee(program, staff, n: int, track, plate: int, email: str = "", password: str | None = None) -> Trainee:
    first, last = FIRST_NAMES[n % len(FIRST_NAMES)], LAST_NAMES[(n * 5) % len(LAST_NAMES)]
    email = email or f"kursiyer{n:02d}@{staff.email.split('@', 1)[1]}"
    user = User.objects.filter(email=email).first()
    if user is None:
        # Only the graduate logs in (to show her certificate); hashing a password for everyone would be slow.
        user = User.objects.create_user(email=email, password=password, full_name=f"{first} {last}")
    role = roles.AMBASSADOR if track == Trainee.Track.AMBASSADOR else roles.OPERATOR
    Membership.objects.get_or_create(program=program, user=user, role=Role.objects.get(code=role))
    return services.trainee_create(
        program=program,
        user=user,
        track=track,
        province=Province.objects.get(plate=plate),
        actor=staff,
        tckn=_valid_tckn(n),
        iban=IBAN.generate("TR", bank_code="00062", account_code=f"{7_000_000 + n:016d}").compact,
        phone=f"0532 {100 + n:03d} {n % 100:02d} {(n * 7) % 100:02d}",
    )


def _session_days(cohort, today, per_module: int | None):
    """Tuesdays and Thursdays from the cohort's start, and today as well while the cohort runs."""
    day = cohort.starts_on
    while day <= cohort.ends_on:
        if day.weekday() in (1, 3) or (day == today and per_module is None):
            yield day
        day += timedelta(days=1)


def _sessions(cohort, trainer, today, per_module: int | None = None) -> list:
    modules = list(cohort.curriculum.modules.order_by("order"))
    plan = [m for m in modules for _ in range(per_module or ceil(m.planned_hours / SESSION_HOURS))]
    sessions = []
    tz = timezone.get_current_timezone()
    for module, day in zip(plan, _session_days(cohort, today, per_module), strict=False):
        start, end = (time(9, 0), time(17, 0)) if day == today else (time(10, 0), time(16, 0))
        sessions.append(
            services.session_create(
                cohort=cohort,
                actor=trainer,
                module=module,
                trainer=trainer,
                starts_at=timezone.make_aware(datetime.combine(day, start), tz),
                ends_at=timezone.make_aware(datetime.combine(day, end), tz),
                place=f"MEXT Eğitim Salonu · {cohort.province.name}",
            )
        )
    return sessions


def _take_attendance(sessions, trainer, at_risk: set) -> None:
    """Past sessions get attendance: mostly present, now and then late, excused or absent; the at-risk trainees
    stopped coming over the last three weeks. One sheet is corrected afterwards, with its reason."""
    today = timezone.localdate()
    recent = today - timedelta(weeks=3)
    corrected = False
    for k, session in enumerate(s for s in sessions if timezone.localdate(s.starts_at) < today):
        roster = list(selectors.session_roster(session=session))
        marks = {}
        for i, enrolment in enumerate(roster):
            day = timezone.localdate(session.starts_at)
            if i in at_risk and day >= recent:
                marks[enrolment.trainee_id] = ("absent", "")
            elif (i + k) % 13 == 0:
                marks[enrolment.trainee_id] = ("late", "")
            elif (i * 3 + k) % 17 == 0:
                marks[enrolment.trainee_id] = ("excused", "Sağlık raporu")
            elif (i + 2 * k) % 19 == 0:
                marks[enrolment.trainee_id] = ("absent", "")
            else:
                marks[enrolment.trainee_id] = ("present", "")
        saved = services.attendance_record(session=session, actor=trainer, marks=marks, expected_version=0)
        if not corrected and any(status == "absent" for status, _reason in marks.values()):
            trainee_id = next(t for t, (status, _reason) in marks.items() if status == "absent")
            services.attendance_record(
                session=session,
                actor=trainer,
                marks={trainee_id: ("late", "")},
                expected_version=saved.version,
                correction_reason="Geç geldi; yanlışlıkla devamsız girilmişti.",
            )
            corrected = True


def _grade_taught_modules(cohort, trainer, sessions, *, lowest: int, skip=frozenset()) -> None:
    """Scores for the assessed modules whose sessions are over; trainees in `skip` have none yet (at risk)."""
    now = timezone.now()
    last_end = {}
    for session in sessions:
        last_end[session.module_id] = max(last_end.get(session.module_id, session.ends_at), session.ends_at)
    roster = list(selectors.grade_roster(cohort=cohort))
    for module in selectors.cohort_assessed_modules(cohort=cohort):
        if module.pk not in last_end or last_end[module.pk] > now:
            continue
        scores = {
            e.trainee_id: lowest + (i * 7 + module.order * 3) % (100 - lowest)
            for i, e in enumerate(roster)
            if i not in skip
        }
        services.grades_record(cohort=cohort, module=module, actor=trainer, scores=scores)
