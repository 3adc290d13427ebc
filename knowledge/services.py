"""Writes of the knowledge platform: saving a resource, moving it through the publication workflow, counting
views and downloads."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from knowledge.models import Resource, ResourceHit, ResourceTopic, ResourceTransition, Status
from knowledge.permissions import resource_can_edit, resource_can_move
from portal.services.audit import audit_record

FIELDS = (
    "kind", "title_tr", "title_en", "summary_tr", "summary_en", "body_tr", "body_en", "video_url", "year",
    "for_public", "for_firms", "for_trainees", "for_stakeholders", "featured",
)  # fmt: skip


@transaction.atomic
def resource_save(*, audience, actor, data: dict, resource: Resource | None = None) -> Resource:
    """Create or change a resource (its text, audiences, topics, file). A published resource stays published:
    the change is visible at once and recorded in the audit trail."""
    if not resource_can_edit(audience, resource):
        raise PermissionDenied
    creating = resource is None
    if creating:
        resource = Resource(program_id=audience.program_id, created_by=actor)
    for name in FIELDS:
        if name in data:
            setattr(resource, name, data[name])
    if data.get("file"):
        resource.file = data["file"]
    elif data.get("file") is False:  # the form's "clear" box
        resource.file = ""
    if not (resource.for_public or resource.for_firms or resource.for_trainees or resource.for_stakeholders):
        raise ValidationError(_("Choose at least one audience (staff always see every resource)."))
    resource.refresh_search_text()
    resource.full_clean(exclude=["program", "created_by", "file"])
    resource.save()
    if "topics" in data:
        wanted = set(data["topics"])
        ResourceTopic.objects.filter(resource=resource).exclude(topic__in=wanted).delete()
        have = set(ResourceTopic.objects.filter(resource=resource).values_list("topic", flat=True))
        ResourceTopic.objects.bulk_create(
            [ResourceTopic(program_id=resource.program_id, resource=resource, topic=t) for t in sorted(wanted - have)]
        )
    audit_record(
        program_id=resource.program_id,
        actor=actor,
        action="knowledge.resource_create" if creating else "knowledge.resource_change",
        target=resource,
    )
    return resource


@transaction.atomic
def resource_transition(*, audience, actor, resource: Resource, to_status: str, note: str = "") -> Resource:
    """One step of draft -> review -> published (or back, or archived), recorded with who, when and why."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if not resource_can_edit(audience, resource):
        raise PermissionDenied
    if not resource_can_move(audience, resource, to_status):
        raise ValidationError(
            _("A resource in “%(status)s” cannot move to “%(to)s”.")
            % {"status": resource.get_status_display(), "to": Status(to_status).label if to_status in Status else "?"}
        )
    from_status = resource.status
    resource.status = to_status
    if to_status == Status.PUBLISHED and resource.published_at is None:
        resource.published_at = timezone.now()
    resource.save(update_fields=["status", "published_at", "updated_at"])
    ResourceTransition.objects.create(
        program_id=resource.program_id,
        resource=resource,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note[:300],
    )
    audit_record(
        program_id=resource.program_id,
        actor=actor,
        action="knowledge.resource_transition",
        target=resource,
        data={"from": from_status, "to": to_status},
    )
    return resource


def resource_hit_record(*, resource: Resource, kind: str, visitor: str) -> bool:
    """Count a view or download once per visitor per day. Returns whether this one counted. A savepoint keeps
    the request's transaction usable when the row already exists."""
    try:
        with transaction.atomic():
            ResourceHit.objects.create(
                program_id=resource.program_id,
                resource=resource,
                kind=kind,
                visitor=visitor[:64],
                day=timezone.localdate(),
            )
    except IntegrityError:
        return False
    return True


@transaction.atomic
def collection_save(*, audience, actor, data: dict, collection=None):
    """Create or change a collection: its titles, description and which of the programme's resources it holds."""
    from knowledge.models import Collection

    if not resource_can_edit(audience):
        raise PermissionDenied
    creating = collection is None
    if creating:
        collection = Collection(program_id=audience.program_id)
    for name in ("title_tr", "title_en", "description_tr", "description_en", "order"):
        if name in data:
            setattr(collection, name, data[name])
    collection.full_clean(exclude=["program"])
    collection.save()
    if "resources" in data:
        collection.resources.set([r for r in data["resources"] if r.program_id == collection.program_id])
    audit_record(
        program_id=collection.program_id,
        actor=actor,
        action="knowledge.collection_create" if creating else "knowledge.collection_change",
        target=collection,
    )
    return collection
