"""Reads of the inbox and of what was sent, scoped to the person (404 for what is not hers)."""

from django.db.models import Prefetch
from django.http import Http404

from portal import roles
from portal.models.notifications import Delivery, Notification


def inbox_for_user(*, audience):
    return (
        Notification.objects.filter(program_id=audience.program_id, recipient_id=audience.user_id)
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )


def unread_count(*, audience) -> int:
    if audience is None or audience.program_id is None:
        return 0
    return Notification.objects.filter(
        program_id=audience.program_id, recipient_id=audience.user_id, read_at__isnull=True
    ).count()


def notification_get_for_user(*, audience, pk) -> Notification:
    found = Notification.objects.filter(program_id=audience.program_id, recipient_id=audience.user_id, pk=pk).first()
    if found is None:
        raise Http404
    return found


def can_see_deliveries(audience) -> bool:
    return audience is not None and audience.has_role(roles.STAFF, roles.FINANCE, roles.FINANCE_APPROVER)


def deliveries_for_object(*, audience, obj) -> list[Notification]:
    """Staff: every notification about one object (an offer, a claim) with each channel's outcome."""
    if not can_see_deliveries(audience) or obj is None or obj.program_id != audience.program_id:
        return []
    return list(
        Notification.objects.filter(program_id=audience.program_id, object_type=obj._meta.label_lower, object_id=obj.pk)
        .select_related("recipient")
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("pk")))
        .order_by("-created_at", "-pk")
    )


def deliveries_for_staff(*, audience, status: str = ""):
    """The program's recent deliveries, failures first when asked (the staff's 'what did not arrive' list)."""
    rows = Delivery.objects.filter(program_id=audience.program_id).select_related(
        "notification", "notification__recipient"
    )
    if status in Delivery.Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-pk")
