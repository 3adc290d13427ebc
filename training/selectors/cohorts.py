"""Cohorts and sessions."""

from datetime import datetime, time, timedelta

from django.db.models import BooleanField, Exists, OuterRef, Q, Value
from django.http import Http404
from django.utils import timezone

from portal import roles
from portal.models import Membership, Province, User
from training.models import (
    Cohort,
    CohortTrainer,
    CurriculumModule,
    Enrolment,
    Session,
    Trainee,
)

from .curricula import curriculum_modules
from .trainees import trainee_list_for_user


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
