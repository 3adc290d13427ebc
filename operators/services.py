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
