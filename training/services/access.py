"""Who may act."""

from django.core.exceptions import PermissionDenied

from portal import roles
from portal.models import Membership
from training.models import (
    CohortTrainer,
)


def _is_staff(actor, program_id: int) -> bool:
    return Membership.objects.filter(
        program_id=program_id, user_id=actor.pk, role__code=roles.STAFF, is_active=True
    ).exists()


def _require_staff(actor, program_id: int) -> None:
    if not _is_staff(actor, program_id):
        raise PermissionDenied


def _require_can_teach(actor, cohort) -> None:
    assigned = CohortTrainer.objects.filter(cohort_id=cohort.pk, trainer_id=actor.pk).exists()
    if (
        assigned
        and Membership.objects.filter(
            program_id=cohort.program_id, user_id=actor.pk, role__code=roles.TRAINER, is_active=True
        ).exists()
    ):
        return
    if not _is_staff(actor, cohort.program_id):
        raise PermissionDenied
