"""Reads of the privacy app, scoped to the audience; "not yours" and "missing" are the same 404."""

from django.db.models import Q
from django.http import Http404

from portal.models import Consent, Job, NoticeAcknowledgement, PiiAccessLog, User
from privacy import permissions
from privacy.models import DataRequest, DestructionRecord, ProcessingActivity, RetentionRun

EXPORT_KIND = "privacy.export"


def inventory_list(*, program_id: int):
    return ProcessingActivity.objects.filter(program_id=program_id).order_by("order", "pk")


def inventory_get_for_user(*, audience, pk) -> ProcessingActivity:
    found = ProcessingActivity.objects.filter(program_id=audience.program_id, pk=pk).first()
    if found is None:
        raise Http404
    return found


def data_request_get_for_user(*, audience, pk) -> DataRequest:
    found = (
        DataRequest.objects.filter(program_id=audience.program_id, pk=pk)
        .select_related("subject", "assigned_to", "answered_by", "entered_by")
        .first()
    )
    if found is None or not permissions.can_see_request(audience, found):
        raise Http404
    return found


def data_request_list_mine(*, audience):
    return DataRequest.objects.filter(program_id=audience.program_id, subject_id=audience.user_id).order_by(
        "-received_at"
    )


def data_request_queue(*, audience, status: str = "open", assigned: str = ""):
    rows = DataRequest.objects.filter(program_id=audience.program_id).select_related("subject", "assigned_to")
    if status == "open":
        rows = rows.exclude(status=DataRequest.Status.ANSWERED)
    elif status in DataRequest.Status.values:
        rows = rows.filter(status=status)
    if assigned == "me":
        rows = rows.filter(assigned_to_id=audience.user_id)
    return rows.order_by("due_on", "pk")


def request_handlers(*, program_id: int):
    """The people a request can be assigned to: active staff of the program."""
    return (
        User.objects.filter(
            memberships__program_id=program_id,
            memberships__is_active=True,
            memberships__role__code__in=permissions.HANDLERS,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def person_in_program(*, program_id: int, email: str) -> User | None:
    """A member of this program found by email (staff entering a request on someone's behalf)."""
    return User.objects.filter(memberships__program_id=program_id, email__iexact=email.strip()).distinct().first()


def access_log_for(*, program_id: int, targets: set[tuple[str, str]]):
    """Who revealed or downloaded her identifiers and files: log rows about any of her records."""
    if not targets:
        return PiiAccessLog.objects.none()
    condition = Q()
    for subject_type, subject_id in targets:
        condition |= Q(subject_type=subject_type, subject_id=subject_id)
    return PiiAccessLog.objects.filter(condition, program_id=program_id).select_related("actor").order_by("-created_at")


def consents_of(*, user):
    return Consent.objects.filter(user=user).order_by("-given_at")


def acknowledgements_of(*, user):
    return NoticeAcknowledgement.objects.filter(user=user).select_related("notice").order_by("-acknowledged_at")


def exports_mine(*, audience, limit: int = 5):
    return Job.objects.filter(program_id=audience.program_id, kind=EXPORT_KIND, requested_by_id=audience.user_id)[
        :limit
    ]


def export_get_mine(*, audience, pk) -> Job:
    """Her data export: hers alone (not even staff), and only while it has not expired."""
    job = Job.objects.filter(
        program_id=audience.program_id, kind=EXPORT_KIND, requested_by_id=audience.user_id, pk=pk
    ).first()
    if job is None:
        raise Http404
    return job


def retention_runs(*, program_id: int, limit: int = 20):
    return RetentionRun.objects.filter(program_id=program_id)[:limit]


def destruction_records(*, program_id: int, limit: int = 100):
    return DestructionRecord.objects.filter(program_id=program_id).select_related("by")[:limit]
