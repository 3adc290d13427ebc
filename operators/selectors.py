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
