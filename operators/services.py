from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from operators.models import OperatorApplication
from portal import roles
from portal.services.audit import audit_record


@transaction.atomic
def employment_confirm(*, audience, actor, details: OperatorApplication, confirmed: bool) -> OperatorApplication:
    """The firm says whether the applicant works there. Re-checks the application's eligibility afterwards."""
    details = OperatorApplication.objects.select_for_update().get(pk=details.pk)
    if not (audience.has_role(roles.FIRM) and details.employer_id in audience.firm_ids):
        raise PermissionDenied
    now = timezone.now()
    details.employer_confirmed_at = now if confirmed else None
    details.employer_declined_at = None if confirmed else now
    details.save(update_fields=["employer_confirmed_at", "employer_declined_at"])
    application = details.application
    for item in application.eligibility:
        if item["rule"] == "employer_confirmed":
            item["ok"] = confirmed
    if application.eligibility:
        application.eligible = all(item["ok"] for item in application.eligibility)
        application.save(update_fields=["eligibility", "eligible", "updated_at"])
    audit_record(
        program_id=details.program_id,
        actor=actor,
        action="operator.employment_confirm" if confirmed else "operator.employment_decline",
        target=details,
    )
    return details


@transaction.atomic
def operator_profile_save(*, audience, actor, trainee, data: dict):
    """Save the operator's profile. An employed operator names her firm and stays matched to it unless she asks
    otherwise."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from operators.models import Employment, OperatorProfile
    from training.models import Trainee

    if not (audience.has_role(roles.STAFF) or (audience.has_role(roles.OPERATOR) and trainee.user_id == actor.pk)):
        raise PermissionDenied
    if trainee.track != Trainee.Track.OPERATOR:
        raise ValidationError(_("Only operators have this profile."))
    if data["employment"] == Employment.EMPLOYED and not data.get("employer"):
        raise ValidationError({"employer": _("Name the firm you work at.")})
    employer = data.get("employer") if data["employment"] == Employment.EMPLOYED else None
    if employer is not None and employer.program_id != trainee.program_id:
        raise ValidationError({"employer": _("Choose a firm of the program.")})
    profile = OperatorProfile.objects.filter(trainee=trainee).first() or OperatorProfile(
        program_id=trainee.program_id, trainee=trainee
    )
    profile.employment, profile.employer = data["employment"], employer
    profile.wants_other_firm = bool(data.get("wants_other_firm")) and employer is not None
    profile.shifts, profile.care = data["shifts"], data["care"]
    profile.full_clean(exclude=["program", "trainee"])
    profile.save()
    profile.work_provinces.set(data["work_provinces"])
    audit_record(program_id=trainee.program_id, actor=actor, action="operators.profile_save", target=profile)
    return profile
