"""Training objects of each test-world program.

Who sees what (the crawler and the permission matrix rely on it):
- `cohort`: the world's trainer teaches it; two trainees of its own ("Sınıf Kursiyeri"), a past session with
  attendance, a session running now with a valid check-in code, a future one. The trainer sees these names.
- `own_cohort`: the world's ambassador and another trainee of the world (`other_trainees[0]`, a secret name),
  taught by a second trainer. The ambassador sees her cohort and trainer, never her cohort-mate.
- `done_cohort`: finished; the world's operator completed it and holds a certificate with a PDF.
Every name goes to `world.extra_secrets`; `world.visible_to` says which of them each role may see, so the
crawler proves a trainer sees only her cohorts and a trainee only herself.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from stdnum.tr import tckimlik

from portal import roles
from portal.models import Membership, Role, User
from portal.pii import pii_hash
from tests.factories import province
from training import checkin as codes
from training.models import (
    Attendance,
    AttendanceChange,
    Certificate,
    Cohort,
    CohortTrainer,
    CompletionRule,
    Curriculum,
    CurriculumModule,
    Enrolment,
    Session,
    Trainee,
)

TINY_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _tckn(tag: str) -> str:
    base = f"{400000000 + ord(tag) * 1013:09d}"
    return base + tckimlik.calc_check_digits(base)


def extend(world, tag: str) -> None:
    """Built with bulk inserts (a dozen queries): every test that uses the world pays for it."""
    program, staff, trainer = world.program, world.users[roles.STAFF], world.users[roles.TRAINER]
    now, today = timezone.now(), timezone.localdate()
    ambassador, operator = world.trainees[roles.AMBASSADOR], world.trainees[roles.OPERATOR]
    T = tag.upper()

    tckn, iban = _tckn(tag), "TR330006100519786457841326"
    ambassador.tckn, ambassador.tckn_hash = tckn, pii_hash("tckn", tckn)
    ambassador.iban, ambassador.iban_hash, ambassador.phone = iban, pii_hash("iban", iban), "+905321234567"
    ambassador.status = Trainee.Status.ACTIVE
    ambassador.save(update_fields=["tckn", "tckn_hash", "iban", "iban_hash", "phone", "status"])
    Trainee.objects.filter(pk=operator.pk).update(status=Trainee.Status.COMPLETED)
    operator.status = Trainee.Status.COMPLETED

    users = User.objects.bulk_create(
        [
            User(email=f"sinif1-{tag}@example.test", full_name=f"Sınıf Kursiyeri {T}1", password="!"),
            User(email=f"sinif2-{tag}@example.test", full_name=f"Sınıf Kursiyeri {T}2", password="!"),
            User(email=f"trainer2-{tag}@example.test", full_name=f"Eğitmen İki {T}", password="!"),
        ]
    )
    other_trainer = users[2]
    Membership.objects.create(program=program, user=other_trainer, role=Role.objects.get(code=roles.TRAINER))
    world.class_trainees = Trainee.objects.bulk_create(
        [
            Trainee(program=program, user=u, track=Trainee.Track.AMBASSADOR, province=province(34), status="active")
            for u in users[:2]
        ]
    )

    world.curriculum, op_curriculum = Curriculum.objects.bulk_create(
        [
            Curriculum(
                program=program,
                track=track,
                name_tr=f"Müfredat {track} {T}",
                name_en=f"Curriculum {track} {tag}",
                planned_weeks=12,
            )
            for track in (Trainee.Track.AMBASSADOR, Trainee.Track.OPERATOR)
        ]
    )
    CompletionRule.objects.bulk_create(
        [CompletionRule(program=program, curriculum=c) for c in (world.curriculum, op_curriculum)]
    )
    A = CurriculumModule.Assessment
    modules = CurriculumModule.objects.bulk_create(
        [
            CurriculumModule(
                program=program,
                curriculum=curriculum,
                order=order,
                code=code,
                title_tr=f"Modül {code}",
                title_en=f"Module {code}",
                domain=CurriculumModule.Domain.DIGITAL,
                planned_hours=6,
                assessment=assessment,
            )
            for curriculum, order, code, assessment in (
                (world.curriculum, 1, "M1", A.EXAM),
                (world.curriculum, 2, "M2", A.PROJECT),
                (world.curriculum, 3, "M3", A.NONE),
                (op_curriculum, 1, "O1", A.EXAM),
            )
        ]
    )
    world.modules, op_module = modules[:3], modules[3]

    running = (today - timedelta(days=30), today + timedelta(days=60))
    world.cohort, world.own_cohort, world.done_cohort = Cohort.objects.bulk_create(
        [
            Cohort(
                program=program,
                code=f"KOH-{tag}-{n}",
                name=name,
                track=curriculum.track,
                curriculum=curriculum,
                province=province(34),
                starts_on=dates[0],
                ends_on=dates[1],
                capacity=20,
            )
            for n, name, curriculum, dates in (
                (1, f"Eğitmen Kohortu {T}", world.curriculum, running),
                (2, f"Elçi Kohortu {T}", world.curriculum, running),
                (3, f"Operatör Kohortu {T}", op_curriculum, (today - timedelta(days=90), today - timedelta(days=20))),
            )
        ]
    )
    CohortTrainer.objects.bulk_create(
        [
            CohortTrainer(program=program, cohort=world.cohort, trainer=trainer),
            CohortTrainer(program=program, cohort=world.own_cohort, trainer=other_trainer),
            CohortTrainer(program=program, cohort=world.done_cohort, trainer=other_trainer),
        ]
    )
    mate = world.other_trainees[0]
    enrolments = Enrolment.objects.bulk_create(
        [
            *(
                Enrolment(program=program, cohort=world.cohort, trainee=t, enrolled_on=running[0], created_by=staff)
                for t in world.class_trainees
            ),
            Enrolment(
                program=program, cohort=world.own_cohort, trainee=ambassador, enrolled_on=running[0], created_by=staff
            ),
            Enrolment(program=program, cohort=world.own_cohort, trainee=mate, enrolled_on=running[0], created_by=staff),
            Enrolment(
                program=program,
                cohort=world.done_cohort,
                trainee=operator,
                enrolled_on=world.done_cohort.starts_on,
                created_by=staff,
                status=Enrolment.Status.COMPLETED,
                ended_on=world.done_cohort.ends_on,
            ),
        ]
    )
    world.enrolment = enrolments[2]

    def session(cohort, module, starts_at, by, **extra):
        return Session(
            program=program,
            cohort=cohort,
            module=module,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=3),
            place="Salon 1",
            trainer=by,
            **extra,
        )

    m1, m2, m3 = world.modules
    soon = now + timedelta(minutes=10)
    sessions = Session.objects.bulk_create(
        [
            session(world.cohort, m1, now - timedelta(days=7), trainer, attendance_version=1),
            session(
                world.cohort,
                m2,
                now - timedelta(hours=1),
                trainer,
                checkin_nonce=f"world-{tag}-class",
                checkin_expires_at=soon,
            ),
            session(world.cohort, m3, now + timedelta(days=7), trainer),
            session(world.own_cohort, m1, now - timedelta(days=6), other_trainer, attendance_version=1),
            session(
                world.own_cohort,
                m2,
                now - timedelta(minutes=30),
                other_trainer,
                checkin_nonce=f"world-{tag}-own",
                checkin_expires_at=soon,
            ),
            session(world.own_cohort, m3, now + timedelta(days=8), other_trainer),
            session(world.done_cohort, op_module, now - timedelta(days=40), other_trainer, attendance_version=1),
        ]
    )
    world.past_session, world.session, world.future_session = sessions[:3]
    world.own_past_session, world.own_session = sessions[3:5]
    world.checkin_code = codes.code_for(world.own_session.pk, world.own_session.checkin_nonce)
    world.class_checkin_code = codes.code_for(world.session.pk, world.session.checkin_nonce)

    marks = [
        *((sessions[0], t, "present", "", trainer) for t in world.class_trainees),
        (sessions[3], ambassador, "present", "", other_trainer),
        (sessions[3], mate, "excused", f"Rapor gizli {tag}", other_trainer),
        (sessions[6], operator, "present", "", other_trainer),
    ]
    rows = Attendance.objects.bulk_create(
        [
            Attendance(
                program=program, session=s, trainee=t, status=st, reason=r, recorded_by=by, recorded_at=s.ends_at
            )
            for s, t, st, r, by in marks
        ]
    )
    AttendanceChange.objects.bulk_create(
        [
            AttendanceChange(
                program=program,
                attendance=row,
                session=row.session,
                trainee=row.trainee,
                new_status=row.status,
                new_reason=row.reason,
                changed_by=row.recorded_by,
                changed_at=row.recorded_at,
                session_version=1,
            )
            for row in rows
        ]
    )

    name = f"certificates/test-world/{tag}.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(TINY_PDF))
    world.certificate = Certificate.objects.create(
        program=program,
        trainee=operator,
        curriculum=op_curriculum,
        cohort=world.done_cohort,
        code=f"WLD{T}CERT0001",
        issued_on=world.done_cohort.ends_on,
        file=name,
    )

    trainers_class = {world.cohort.name, *(t.user.full_name for t in world.class_trainees)}
    ambassadors_cohort = {world.own_cohort.name, other_trainer.full_name}
    operators_cohort = {world.done_cohort.name, other_trainer.full_name}
    world.extra_secrets |= trainers_class | ambassadors_cohort | operators_cohort
    world.extra_secrets |= {tckn, iban, other_trainer.email, f"Rapor gizli {tag}", world.certificate.code}
    world.visible_to.setdefault(roles.TRAINER, set()).update(trainers_class)
    world.visible_to.setdefault(roles.AMBASSADOR, set()).update(ambassadors_cohort)
    world.visible_to.setdefault(roles.OPERATOR, set()).update(operators_cohort | {world.certificate.code})
