"""Reads of the knowledge platform, always for someone: the public, a member of the programme, or its staff."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from knowledge.models import Collection, Resource, ResourceHit, ResourceTopic, ResourceTransition, Status
from knowledge.search import query_terms
from portal import roles

# roles that work across the programme and read every published resource, whatever its audience
READ_ALL = frozenset({*roles.PROGRAM_OFFICE, roles.TRAINER, roles.MENTOR, roles.ASSESSOR})


def _audience_q(audience) -> Q:
    """Which published resources a person may read: public ones always, the rest by her roles."""
    if audience is None or audience.user_id is None:
        return Q(for_public=True)
    if audience.has_role(*READ_ALL):
        return Q()
    q = Q(for_public=True)
    if audience.has_role(roles.FIRM):
        q |= Q(for_firms=True)
    if audience.has_role(roles.AMBASSADOR, roles.OPERATOR):
        q |= Q(for_trainees=True)
    if audience.has_role(roles.STAKEHOLDER):
        q |= Q(for_stakeholders=True)
    return q


def _with_topics(qs):
    return qs.prefetch_related(Prefetch("topics", queryset=ResourceTopic.objects.order_by("topic")))


def resource_list_for_user(*, audience, program_id, filters: dict | None = None, public: bool = False):
    """Published resources the person may read, newest first, filtered by words (Turkish-aware), topic, type and
    year. `public`: the public site, which shows only public resources whoever is logged in."""
    filters = filters or {}
    qs = Resource.objects.filter(program_id=program_id, status=Status.PUBLISHED)
    qs = qs.filter(Q(for_public=True) if public else _audience_q(audience))
    for term in query_terms(filters.get("q")):
        qs = qs.filter(search_text__contains=term)
    if filters.get("topic"):
        qs = qs.filter(topics__topic=filters["topic"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("year"):
        qs = qs.filter(year=filters["year"])
    return _with_topics(qs.defer("body_tr", "body_en", "search_text")).order_by("-published_at", "-pk")


def resource_get_for_user(*, audience, program_id, pk, public: bool = False) -> Resource:
    resource = (
        resource_list_for_user(audience=audience, program_id=program_id, public=public)
        .defer(None)
        .filter(pk=pk)
        .first()
    )
    if resource is None:
        raise Http404
    return resource


def resource_counts(*, resource) -> dict:
    rows = ResourceHit.objects.filter(resource=resource).values("kind").annotate(n=Count("pk"))
    counts = {row["kind"]: row["n"] for row in rows}
    return {"views": counts.get("view", 0), "downloads": counts.get("download", 0)}


def featured_resources(*, audience, program_id, public: bool = False, limit: int = 4):
    qs = resource_list_for_user(audience=audience, program_id=program_id, public=public)
    return list(qs.filter(featured=True)[:limit])


def collection_list_for_user(*, audience, program_id, public: bool = False):
    """Collections with the resources in them the person may read (collections with none are left out)."""
    visible = resource_list_for_user(audience=audience, program_id=program_id, public=public)
    collections = Collection.objects.filter(program_id=program_id).prefetch_related(
        Prefetch("resources", queryset=visible, to_attr="visible_resources")
    )
    return [c for c in collections if c.visible_resources]


def collection_get_for_user(*, audience, program_id, pk, public: bool = False) -> Collection:
    for collection in collection_list_for_user(audience=audience, program_id=program_id, public=public):
        if collection.pk == pk:
            return collection
    raise Http404


# --- staff ----------------------------------------------------------------------------------------------


def resource_manage_list(*, audience, status: str = ""):
    if not audience.has_role(roles.STAFF):
        return Resource.objects.none()
    qs = Resource.objects.filter(program_id=audience.program_id)
    if status:
        qs = qs.filter(status=status)
    return (
        _with_topics(qs.defer("body_tr", "body_en", "search_text"))
        .annotate(
            views=Count("hits", filter=Q(hits__kind="view")),
            downloads=Count("hits", filter=Q(hits__kind="download")),
        )
        .order_by("status", "-updated_at")
    )


def resource_manage_get(*, audience, pk) -> Resource:
    if not audience.has_role(roles.STAFF):
        raise Http404
    resource = Resource.objects.filter(program_id=audience.program_id, pk=pk).first()
    if resource is None:
        raise Http404
    return resource


def resource_history(*, resource):
    return ResourceTransition.objects.filter(resource=resource).select_related("actor")


def status_counts(*, audience) -> dict:
    rows = Resource.objects.filter(program_id=audience.program_id).values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def collection_manage_list(*, audience):
    if not audience.has_role(roles.STAFF):
        return Collection.objects.none()
    return (
        Collection.objects.filter(program_id=audience.program_id)
        .annotate(size=Count("resources"))
        .order_by("order", "pk")
    )


def collection_manage_get(*, audience, pk) -> Collection:
    collection = collection_manage_list(audience=audience).filter(pk=pk).first()
    if collection is None:
        raise Http404
    return collection


def resources_to_collect(*, audience):
    return Resource.objects.filter(program_id=audience.program_id).only("pk", "title_tr", "title_en", "status")
