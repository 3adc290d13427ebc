"""Trainees."""

from django.db.models import Prefetch, Q
from django.http import Http404

from portal import roles
from training.models import (
    Enrolment,
    Trainee,
)
from training.permissions import TRAINEE_ROLES


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
