"""Writes for events: saving an event or organisation (staff), registering (anyone, by the public form),
cancelling with automatic promotion from the waiting list, and attendance (the organiser ticks, or she types
the event's check-in code on her own page)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import Event, Organisation, Registration
from portal import roles
from portal.services.audit import audit_record

EVENT_FIELDS = (
    "kind", "title_tr", "title_en", "description_tr", "description_en", "starts_at", "ends_at", "province", "place",
    "online_url", "capacity", "registration_closes_at", "is_public", "cancelled",
)  # fmt: skip


def _staff(audience):
    if not audience.has_role(roles.STAFF):
        raise PermissionDenied


@transaction.atomic
def event_save(*, audience, actor, data: dict, event: Event | None = None) -> Event:
    _staff(audience)
    creating = event is None
    if creating:
        event = Event(program_id=audience.program_id, organiser=actor)
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    if event.ends_at and event.starts_at and event.ends_at < event.starts_at:
        raise ValidationError({"ends_at": _("The event cannot end before it starts.")})
    event.full_clean(exclude=["program", "organiser", "checkin_code"])
    event.save()
    if "partners" in data:
        event.partners.set([o for o in data["partners"] if o.program_id == event.program_id])
    audit_record(
        program_id=event.program_id,
        actor=actor,
        action="outreach.event_create" if creating else "outreach.event_change",
        target=event,
    )
    return event


@transaction.atomic
def organisation_save(*, audience, actor, data: dict) -> Organisation:
    _staff(audience)
    organisation = Organisation(program_id=audience.program_id, **data)
    organisation.full_clean(exclude=["program"])
    organisation.save()
    audit_record(
        program_id=organisation.program_id, actor=actor, action="outreach.organisation_create", target=organisation
    )
    return organisation


@transaction.atomic
def registration_create(*, event: Event, data: dict) -> Registration:
    """Register for an event: confirmed while places remain, else on the waiting list. One registration per
    email per event (registering again answers with the existing one)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    now = timezone.now()
    if event.cancelled or event.ends_at < now:
        raise ValidationError(_("This event is not open for registration."))
    if event.registration_closes_at and event.registration_closes_at < now:
        raise ValidationError(_("Registration for this event has closed."))
    email = (data.get("email") or "").strip().lower()
    if email:
        existing = Registration.objects.filter(event=event, email=email).first()
        if existing is not None:
            if existing.status == Registration.Status.CANCELLED:
                existing.status = _place_for(event)
                existing.save(update_fields=["status"])
            return existing
    organisation = data.get("organisation")
    if organisation is not None and organisation.program_id != event.program_id:
        organisation = None
    registration = Registration(
        program_id=event.program_id,
        event=event,
        full_name=data["full_name"].strip(),
        email=email,
        phone=(data.get("phone") or "").strip(),
        organisation=organisation,
        organisation_name=(data.get("organisation_name") or "").strip(),
        gender=data["gender"],
        consent=bool(data.get("consent")),
        status=_place_for(event),
    )
    if not registration.consent:
        raise ValidationError({"consent": _("We need your consent to record your registration.")})
    if not (registration.email or registration.phone):
        raise ValidationError(_("Give an email address or a mobile phone number."))
    registration.full_clean(exclude=["program", "event", "organisation", "token"])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        return Registration.objects.get(event=event, email=email)
    return registration


def _place_for(event: Event) -> str:
    if event.capacity is None:
        return Registration.Status.CONFIRMED
    taken = Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()
    return Registration.Status.CONFIRMED if taken < event.capacity else Registration.Status.WAITLISTED


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration | None:
    """She cancels by her link; the first on the waiting list takes the place. Returns whoever was promoted."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    if not was_confirmed:
        return None
    waiting = (
        Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
        .order_by("created_at", "pk")
        .first()
    )
    if waiting is not None and _place_for(event) == Registration.Status.CONFIRMED:
        waiting.status = Registration.Status.CONFIRMED
        waiting.save(update_fields=["status"])
    return waiting


@transaction.atomic
def attendance_mark(*, audience, actor, registration: Registration, present: bool) -> Registration:
    """The organiser ticks her present (or takes it back) on the roster."""
    _staff(audience)
    if registration.program_id != audience.program_id:
        raise PermissionDenied
    registration.attended_at = (registration.attended_at or timezone.now()) if present else None
    registration.checked_in_by = actor if present else None
    if present and registration.status == Registration.Status.WAITLISTED:
        registration.status = Registration.Status.CONFIRMED  # she came and took a seat
    registration.save(update_fields=["attended_at", "checked_in_by", "status"])
    audit_record(
        program_id=registration.program_id,
        actor=actor,
        action="outreach.attendance_mark" if present else "outreach.attendance_unmark",
        target=registration,
    )
    return registration


@transaction.atomic
def attendance_self_checkin(*, registration: Registration, code: str) -> Registration:
    """She types the code the organiser shows in the room. Counts only on the event's day."""
    event = registration.event
    now = timezone.now()
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("This registration is cancelled."))
    if timezone.localdate(event.starts_at) > timezone.localdate(now) or event.ends_at < now - timedelta(hours=2):
        raise ValidationError(_("Check-in is open on the day of the event."))
    if (code or "").strip() != event.checkin_code:
        raise ValidationError(_("The code is not right: ask the organiser for the code shown in the room."))
    if registration.attended_at is None:
        registration.attended_at = now
        registration.save(update_fields=["attended_at"])
    return registration
