"""Writes of the ambassadors app: the profile, mentor assignments and mentoring sessions. Keyword-only, in a
transaction, checking who acts, writing an audit event."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ambassadors.models import AmbassadorProfile, FirmPreference, MentorAssignment, MentoringSession
from portal import roles
from portal.models import Membership
from portal.services.audit import audit_record
from training.models import Trainee


@transaction.atomic
def profile_save(*, audience, actor, trainee: Trainee, data: dict, firm_ids: list[int]) -> AmbassadorProfile:
    """Save the ambassador's profile and her ranked firm preferences (first = rank 1; empty = none)."""
    if not (audience.has_role(roles.STAFF) or (audience.has_role(roles.AMBASSADOR) and trainee.user_id == actor.pk)):
        raise PermissionDenied
    if trainee.track != Trainee.Track.AMBASSADOR:
        raise ValidationError(_("Only change ambassadors have this profile."))
    firm_ids = [f for f in firm_ids if f]
    if len(set(firm_ids)) != len(firm_ids):
        raise ValidationError(_("Name each firm once in your preferences."))
    profile, _created = AmbassadorProfile.objects.get_or_create(program_id=trainee.program_id, trainee=trainee)
    for field in ("stem_field", "specialisation", "skills", "languages", "willing_to_relocate"):
        setattr(profile, field, data[field])
    profile.full_clean(exclude=["program", "trainee"])
    profile.save()
    profile.work_provinces.set(data["work_provinces"])
    profile.sectors.set(data["sectors"])
    FirmPreference.objects.filter(profile=profile).delete()
    FirmPreference.objects.bulk_create(
        FirmPreference(program_id=trainee.program_id, profile=profile, firm_id=f, rank=r)
        for r, f in enumerate(firm_ids, start=1)
    )
    audit_record(
        program_id=trainee.program_id,
        actor=actor,
        action="ambassadors.profile_save",
        target=profile,
        data={"specialisation": profile.specialisation, "preferences": firm_ids},
    )
    return profile


@transaction.atomic
def mentor_assign(*, audience, actor, mentor, trainee: Trainee, started_on: date | None = None) -> MentorAssignment:
    """Give an ambassador a mentor; her open assignment (if any) ends today."""
    if not audience.has_role(roles.STAFF):
        raise PermissionDenied
    if trainee.track != Trainee.Track.AMBASSADOR or trainee.program_id != audience.program_id:
        raise ValidationError(_("Mentors are assigned to change ambassadors of this program."))
    if not Membership.objects.filter(
        program_id=audience.program_id, user=mentor, role__code=roles.MENTOR, is_active=True
    ).exists():
        raise ValidationError(_("This person is not a mentor of the program."))
    today = timezone.localdate()
    MentorAssignment.objects.filter(program_id=audience.program_id, trainee=trainee, ended_on__isnull=True).update(
        ended_on=today
    )
    try:
        with transaction.atomic():
            assignment = MentorAssignment.objects.create(
                program_id=audience.program_id, mentor=mentor, trainee=trainee, started_on=started_on or today
            )
    except IntegrityError as error:
        raise ValidationError(_("She already has a mentor.")) from error
    audit_record(
        program_id=audience.program_id,
        actor=actor,
        action="ambassadors.mentor_assign",
        target=assignment,
        data={"mentor": mentor.pk},
    )
    return assignment


@transaction.atomic
def mentoring_session_log(
    *, audience, actor, assignment: MentorAssignment, held_on: date, topics: str, agreed_actions: str, notes: str
) -> MentoringSession:
    """The mentor (or staff) logs a session. Notes are seen by the mentor, the mentee and staff only."""
    if not (audience.has_role(roles.STAFF) or (audience.has_role(roles.MENTOR) and assignment.mentor_id == actor.pk)):
        raise PermissionDenied
    if assignment.ended_on:
        raise ValidationError(_("This mentoring has ended."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session is logged after it took place.")})
    if held_on < assignment.started_on:
        raise ValidationError({"held_on": _("This date is before the mentoring started.")})
    topics = (topics or "").strip()
    if not topics:
        raise ValidationError({"topics": _("Name the topics you talked about.")})
    session = MentoringSession.objects.create(
        program_id=assignment.program_id,
        assignment=assignment,
        trainee_id=assignment.trainee_id,
        held_on=held_on,
        topics=topics[:500],
        agreed_actions=agreed_actions or "",
        notes=notes or "",
        created_by=actor,
    )
    audit_record(program_id=assignment.program_id, actor=actor, action="ambassadors.mentoring_session", target=session)
    return session
