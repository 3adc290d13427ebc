from django.http import Http404

from operators.models import Employment, OperatorApplication
from portal import roles
from portal.models import Application


def employer_confirmations_for_user(*, audience):
    """A firm user sees the submitted operator applications that name her firm as employer, and nothing else."""
    if not audience.has_role(roles.FIRM):
        return OperatorApplication.objects.none()
    return (
        OperatorApplication.objects.filter(
            program_id=audience.program_id, employment=Employment.EMPLOYED, employer_id__in=audience.firm_ids
        )
        .exclude(application__status__in=[Application.Status.DRAFT, Application.Status.WITHDRAWN])
        .select_related("employer", "application")
        .order_by("employer_confirmed_at", "full_name")
    )


def employer_confirmation_get_for_user(*, audience, pk) -> OperatorApplication:
    details = employer_confirmations_for_user(audience=audience).filter(pk=pk).first()
    if details is None:
        raise Http404
    return details


def own_operator_trainee(*, audience):
    from training.models import Trainee

    if not audience.has_role(roles.OPERATOR):
        return None
    return (
        Trainee.objects.filter(program_id=audience.program_id, user_id=audience.user_id, track=Trainee.Track.OPERATOR)
        .select_related("user", "province")
        .first()
    )


def operator_profile_for(*, trainee):
    from operators.models import OperatorProfile

    return OperatorProfile.objects.filter(trainee=trainee).select_related("employer").first()


def operator_profile_list_for_user(*, audience):
    from training.models import Trainee

    if not audience.is_program_office:
        return Trainee.objects.none()
    return (
        Trainee.objects.filter(program_id=audience.program_id, track=Trainee.Track.OPERATOR)
        .select_related("user", "province", "operator_profile__employer")
        .defer("tckn", "iban")  # a list never shows them: no decryption per row
        .prefetch_related("operator_profile__work_provinces")
        .order_by("user__full_name")
    )


def employer_firms(*, audience):
    """Firms an operator may name as her employer: the program's firms."""
    from firms.models import Firm

    return Firm.objects.filter(program_id=audience.program_id).order_by("name")
