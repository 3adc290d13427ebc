"""Grades."""

from training.models import (
    Enrolment,
    Grade,
)

from .cohorts import cohort_enrolments


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
