"""Reads of the selection engine, scoped to the audience."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from portal import permissions
from portal.models import Application, Call, Province, Review

S = Application.Status


def call_list_open(*, program_id: int):
    """The public list: calls open now (the public page runs in the program's scope from its URL)."""
    now = timezone.now()
    return Call.objects.filter(program_id=program_id, opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def call_get_public(*, program_id: int, pk) -> Call:
    call = Call.objects.filter(program_id=program_id, pk=pk).first()
    if call is None:
        raise Http404
    return call


def call_list_for_user(*, audience):
    if not permissions.can_see_applications(audience):
        return Call.objects.none()
    return Call.objects.filter(program_id=audience.program_id).annotate(
        n_applications=Count("applications", filter=~Q(applications__status=S.DRAFT)),
        n_selected=Count("applications", filter=Q(applications__status=S.SELECTED)),
    )


def call_get_for_user(*, audience, pk) -> Call:
    call = call_list_for_user(audience=audience).filter(pk=pk).first()
    if call is None:
        raise Http404
    return call


def application_list_for_user(*, audience):
    """Programme office: every submitted application. Reviewers: those assigned to them. Drafts stay private."""
    applications = (
        Application.objects.filter(program_id=audience.program_id)
        .exclude(status=S.DRAFT)
        .select_related("call", "province", "sector")
    )
    if permissions.can_see_applications(audience):
        return applications
    return applications.filter(reviews__reviewer_id=audience.user_id)


def application_get_for_user(*, audience, pk) -> Application:
    application = application_list_for_user(audience=audience).filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def application_filter(applications, *, params):
    """The staff list's filters, from the query string; unknown values are ignored, never an error."""
    status = params.get("status")
    if status in S.values:
        applications = applications.filter(status=status)
    province = params.get("province", "")
    if province.isdigit():
        applications = applications.filter(province__plate=int(province))
    sector = params.get("sector", "")
    if sector.isdigit():
        applications = applications.filter(sector__division=sector.zfill(2))
    size = params.get("size", "")
    if size in {"micro", "small", "medium", "large"}:
        applications = applications.filter(size_class=size)
    min_score = params.get("min_score", "")
    if min_score.isdigit():
        applications = applications.filter(score__gte=int(min_score))
    order = {"score": "-score", "name": "display_name", "submitted": "-submitted_at"}.get(params.get("order"))
    return applications.order_by(order or "-submitted_at", "pk")


def review_list_for_user(*, audience):
    return (
        Review.objects.filter(program_id=audience.program_id, reviewer_id=audience.user_id)
        .select_related("application", "application__call")
        .order_by("submitted_at", "created_at")
    )


def review_get_for_user(*, audience, pk) -> Review:
    review = review_list_for_user(audience=audience).filter(pk=pk).first()
    if review is None:
        raise Http404
    return review


def reviewer_choices(*, audience):
    from django.contrib.auth import get_user_model

    from portal import roles

    return (
        get_user_model()
        .objects.filter(
            memberships__program_id=audience.program_id,
            memberships__is_active=True,
            memberships__role__code__in=[roles.STAFF, roles.ASSESSOR],
        )
        .distinct()
        .order_by("full_name")
    )


def application_history(*, application):
    return application.transitions.select_related("actor")


def application_reviews(*, application):
    return application.reviews.select_related("reviewer").prefetch_related("scores__criterion")


def provinces_of_program(program):
    """Pilot provinces and those admitted case by case: where a program's applicants may come from."""
    return Province.objects.filter(Q(pilot_in_programs=program) | Q(case_by_case_in_programs=program)).distinct()


def application_details(*, application):
    """The group's own details of an application (None for a draft not saved yet)."""
    from portal.selection.kinds import application_kinds

    return application_kinds[application.group].details_model.objects.filter(application=application).first()
