from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from outreach.models import Event, Organisation, Registration
from portal import roles

ACTIVE = [Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]


def _with_counts(qs):
    return qs.select_related("province").annotate(
        confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
        attended=Count("registrations", filter=Q(registrations__attended_at__isnull=False)),
    )


def event_list_public(*, program_id, upcoming_only: bool = True):
    qs = Event.objects.filter(program_id=program_id, is_public=True, cancelled=False)
    if upcoming_only:
        qs = qs.filter(ends_at__gte=timezone.now())
    return _with_counts(qs).order_by("starts_at", "pk")


def event_get_public(*, program_id, pk) -> Event:
    event = _with_counts(Event.objects.filter(program_id=program_id, is_public=True, pk=pk)).first()
    if event is None:
        raise Http404
    return event


def event_list_for_user(*, audience):
    """Staff and M&E see every event; a stakeholder the public ones and those her organisation is a partner of;
    other members the public ones."""
    qs = Event.objects.filter(program_id=audience.program_id)
    if not audience.is_program_office:
        visible = Q(is_public=True)
        if audience.has_role(roles.STAKEHOLDER):
            visible |= Q(partners__members__id=audience.user_id)
        qs = qs.filter(visible).distinct()
    return _with_counts(qs).order_by("-starts_at", "pk")


def event_get_for_user(*, audience, pk) -> Event:
    event = event_list_for_user(audience=audience).filter(pk=pk).first()
    if event is None:
        raise Http404
    return event


def event_manage_get(*, audience, pk) -> Event:
    if not audience.has_role(roles.STAFF):
        raise Http404
    event = _with_counts(Event.objects.filter(program_id=audience.program_id, pk=pk)).first()
    if event is None:
        raise Http404
    return event


def roster(*, event):
    return (
        Registration.objects.filter(event=event, status__in=ACTIVE)
        .select_related("organisation")
        .order_by("status", "full_name", "pk")
    )


def registration_get_by_token(*, program_id, token) -> Registration | None:
    if not token or len(token) > 43:
        return None
    return Registration.objects.filter(program_id=program_id, token=token).select_related("event").first()


def organisation_list_for_user(*, audience):
    if not audience.is_program_office:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(program_id=audience.program_id)
        .select_related("province")
        .annotate(
            events_attended=Count(
                "registrations__event",
                filter=Q(registrations__attended_at__isnull=False),
                distinct=True,
            )
        )
        .order_by("name")
    )


def my_organisations(*, audience):
    if not audience.has_role(roles.STAKEHOLDER):
        return Organisation.objects.none()
    return Organisation.objects.filter(program_id=audience.program_id, members__id=audience.user_id)


def organisations_for_registration(*, program_id):
    return Organisation.objects.filter(program_id=program_id).order_by("name")
