from django.http import Http404

from portal import roles
from training.models import Trainee


def trainee_list_for_user(*, audience):
    """Program office: every trainee. A trainee: herself. (Trainers and mentors gain theirs with cohorts.)"""
    trainees = Trainee.objects.filter(program_id=audience.program_id).select_related("user", "province")
    if audience.is_program_office:
        return trainees
    if audience.has_role(roles.AMBASSADOR, roles.OPERATOR):
        return trainees.filter(user_id=audience.user_id)
    return trainees.none()


def trainee_get_for_user(*, audience, pk) -> Trainee:
    trainee = trainee_list_for_user(audience=audience).filter(pk=pk).first()
    if trainee is None:
        raise Http404
    return trainee


def trainee_own_records(*, audience):
    return trainee_list_for_user(audience=audience).filter(user_id=audience.user_id)
