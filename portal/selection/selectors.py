"""Reads of the selection engine, scoped to the audience."""

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

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


def application_filter(applications, *, filters: dict):
    """The staff list's filters, as parsed by ApplicationFilterForm (the values that did not parse are absent)."""
    if "status" in filters:
        applications = applications.filter(status=filters["status"])
    if "province" in filters:
        applications = applications.filter(province__plate=filters["province"])
    if "sector" in filters:
        applications = applications.filter(sector__division=f"{filters['sector']:02d}")
    if "size" in filters:
        applications = applications.filter(size_class=filters["size"])
    if "min_score" in filters:
        applications = applications.filter(score__gte=filters["min_score"])
    order = {"score": "-score", "name": "display_name", "submitted": "-submitted_at"}.get(filters.get("order"))
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


def quota_counters(*, call, application=None) -> list[dict]:
    """The call's quota and each sub-quota: selected / limit, live from the applications (one query). With an
    `application`, what selecting it would do: which counters it adds to and whether one would go past its limit."""
    counts = dict(
        Application.objects.filter(call=call, status=S.SELECTED)
        .values("quota_key")
        .annotate(n=Count("pk"))
        .values_list("quota_key", "n")
    )
    total = sum(counts.values())
    adds = application is not None and application.status != S.SELECTED
    rows = [
        {
            "key": "",
            "label": _("Whole call"),
            "selected": total,
            "limit": call.quota,
            "after": total + 1 if adds else None,
        }
    ]
    for quota in call.quotas.all():
        mine = adds and application.quota_key == quota.key
        n = counts.get(quota.key, 0)
        rows.append(
            {
                "key": quota.key,
                "label": quota.label,
                "selected": n,
                "limit": quota.limit,
                "after": n + 1 if mine else None,
            }
        )
    for row in rows:
        row["over"] = row["after"] is not None and row["after"] > row["limit"]
        row["full"] = row["selected"] >= row["limit"]
    return rows


def application_duplicates(*, application):
    """The same person or firm (the same TCKN/VKN blind index) in another call of the programme, e.g. an ambassador
    who also applied to the operator call: reviewers see it when they review, not at the second selection."""
    if not application.dedupe_hash:
        return Application.objects.none()
    return (
        Application.objects.filter(program_id=application.program_id, dedupe_hash=application.dedupe_hash)
        .exclude(pk=application.pk)
        .select_related("call")
        .order_by("created_at")
    )


def application_reviews(*, application):
    return application.reviews.select_related("reviewer").prefetch_related("scores__criterion")


def provinces_of_program(program):
    """Pilot provinces and those admitted case by case: where a program's applicants may come from."""
    return Province.objects.filter(Q(pilot_in_programs=program) | Q(case_by_case_in_programs=program)).distinct()


def application_details(*, application):
    """The group's own details of an application (None for a draft not saved yet)."""
    from portal.selection.kinds import application_kinds

    return application_kinds[application.group].details_model.objects.filter(application=application).first()
