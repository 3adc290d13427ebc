"""Reads of the ambassadors app: applications (CV), profiles and mentoring, scoped to the audience."""

from datetime import timedelta

from django.db.models import Count, Max, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from ambassadors.models import (
    AmbassadorApplication,
    AmbassadorProfile,
    FirmPreference,
    MentorAssignment,
    MentoringSession,
)
from portal import roles
from portal.registry import selectors as cross_app
from portal.selection.selectors import application_list_for_user
from training.models import Trainee


def ambassador_application_for_user(*, audience, application_pk) -> AmbassadorApplication:
    visible = application_list_for_user(audience=audience).filter(pk=application_pk)
    details = AmbassadorApplication.objects.filter(application__in=visible).select_related("application").first()
    if details is None:
        raise Http404
    return details


# --- profiles, mentoring ----------------------------------------------------------------------------------------------


DEFAULT_CHECKIN_DAYS = 31


def checkin_days(*, program_id) -> int:
    """The program's mentoring check-in interval (a matching setting, read through portal.registry)."""
    reader = cross_app.get("mentoring_checkin_days")
    return reader(program_id) if reader else DEFAULT_CHECKIN_DAYS


def own_ambassador_trainee(*, audience) -> Trainee | None:
    if not audience.has_role(roles.AMBASSADOR):
        return None
    return (
        Trainee.objects.filter(program_id=audience.program_id, user_id=audience.user_id, track=Trainee.Track.AMBASSADOR)
        .select_related("user", "province")
        .first()
    )


def profile_for(*, trainee) -> AmbassadorProfile | None:
    return (
        AmbassadorProfile.objects.filter(trainee=trainee)
        .prefetch_related(
            "work_provinces", "sectors", Prefetch("preferences", queryset=FirmPreference.objects.select_related("firm"))
        )
        .first()
    )


def profile_list_for_user(*, audience):
    """Programme office: every ambassador's profile (trainees without one are listed too)."""
    if not audience.is_program_office:
        return Trainee.objects.none()
    return (
        Trainee.objects.filter(program_id=audience.program_id, track=Trainee.Track.AMBASSADOR)
        .select_related("user", "province", "ambassador_profile")
        .defer("tckn", "iban")  # a list never shows them: no decryption per row
        .prefetch_related(
            "ambassador_profile__work_provinces",
            "ambassador_profile__sectors",
            Prefetch("ambassador_profile__preferences", queryset=FirmPreference.objects.select_related("firm")),
        )
        .order_by("user__full_name")
    )


def assignment_list_for_user(*, audience):
    """Programme office: every mentor assignment. Mentor: her mentees. Ambassador: her own."""
    assignments = (
        MentorAssignment.objects.filter(program_id=audience.program_id)
        .select_related("mentor", "trainee__user", "trainee__province")
        .annotate(last_session=Max("sessions__held_on"), session_count=Count("sessions"))
    )
    if audience.is_program_office:
        return assignments
    visible = Q(pk__in=[])
    if audience.has_role(roles.MENTOR):
        visible |= Q(mentor_id=audience.user_id)
    if audience.has_role(roles.AMBASSADOR):
        visible |= Q(trainee__user_id=audience.user_id)
    return assignments.filter(visible)


def assignment_get_for_user(*, audience, pk) -> MentorAssignment:
    assignment = assignment_list_for_user(audience=audience).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


def assignment_sessions(*, assignment):
    return list(MentoringSession.objects.filter(assignment=assignment).select_related("created_by"))


def missed_checkin(assignment, *, days: int, today=None) -> bool:
    """No session within the interval (counted from the last session, or from the start)."""
    if assignment.ended_on:
        return False
    today = today or timezone.localdate()
    since = assignment.last_session or assignment.started_on
    return since < today - timedelta(days=days)


def mentor_users(*, audience):
    from portal.models import User

    return (
        User.objects.filter(
            memberships__program_id=audience.program_id,
            memberships__role__code=roles.MENTOR,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


def unmentored_ambassadors(*, audience, name_contains: str = ""):
    open_ = MentorAssignment.objects.filter(program_id=audience.program_id, ended_on__isnull=True)
    trainees = Trainee.objects.filter(program_id=audience.program_id, track=Trainee.Track.AMBASSADOR)
    if name_contains:
        trainees = trainees.filter(user__full_name__icontains=name_contains)
    return (
        trainees.exclude(pk__in=open_.values("trainee_id"))
        .select_related("user")
        .only("id", "user_id", "user__id", "user__full_name")  # a choice list: no TCKN/IBAN decryption per row
        .order_by("user__full_name")
    )


def preference_firms(*, audience):
    """The firms an ambassador may name as preferences: those hosting ambassadors in the program (through the
    registry: positions live in matching, above this app)."""
    reader = cross_app.get("firms_hosting_ambassadors")
    if reader is None:
        from firms.models import Firm

        return Firm.objects.none()
    return reader(audience)
