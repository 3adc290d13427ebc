"""Reads for the core, scoped to the audience. `*_get_for_user` answers 404 for missing and not-yours alike."""

from django.db.models import Count
from django.http import Http404

from portal import permissions
from portal.models import Consent, Invitation, Job, Membership, NoticeAcknowledgement, Role


def membership_list_for_user(*, audience):
    if not permissions.can_use_program_office(audience):
        return Membership.objects.none()
    return Membership.objects.filter(program_id=audience.program_id).select_related("user", "role", "firm")


def membership_counts_by_role(*, audience) -> list[tuple[Role, int]]:
    if not permissions.can_use_program_office(audience):
        return []
    counts = dict(
        Membership.objects.filter(program_id=audience.program_id, is_active=True)
        .order_by()  # the default ordering would join users and roles into the count
        .values_list("role_id")
        .annotate(n=Count("id"))
    )
    return [(role, counts.get(role.pk, 0)) for role in Role.objects.all()]


def invitation_list_for_user(*, audience):
    if not permissions.can_invite(audience):
        return Invitation.objects.none()
    return Invitation.objects.filter(program_id=audience.program_id).select_related("role", "firm", "invited_by")


def invitation_get_for_user(*, audience, pk) -> Invitation:
    invitation = invitation_list_for_user(audience=audience).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    return invitation


def job_get_for_user(*, audience, pk) -> Job:
    job = Job.objects.filter(program_id=audience.program_id, pk=pk).first()
    if job is None or not permissions.job_can_view(audience, job):
        raise Http404
    return job


def job_list_for_user(*, audience, limit: int = 10):
    return Job.objects.filter(program_id=audience.program_id, requested_by_id=audience.user_id)[:limit]


def consent_active_purposes(*, user) -> set[str]:
    return set(Consent.objects.filter(user=user, withdrawn_at__isnull=True).values_list("purpose", flat=True))


def notice_acknowledged(*, user, notice) -> bool:
    return NoticeAcknowledgement.objects.filter(user=user, notice=notice).exists()
