"""Writes a person makes on her own notifications: read them, choose channels."""

from django.db import transaction
from django.utils import timezone

from portal.models.notifications import Channel, Notification, Preference
from portal.registry import notification_kinds


def notification_mark_read(*, audience, notification: Notification | None = None) -> int:
    """One notification (hers), or all of hers in the program when `notification` is None."""
    rows = Notification.objects.filter(
        program_id=audience.program_id, recipient_id=audience.user_id, read_at__isnull=True
    )
    if notification is not None:
        rows = rows.filter(pk=notification.pk)
    return rows.update(read_at=timezone.now())


SWITCHABLE = (Channel.EMAIL, Channel.SMS)


@transaction.atomic
def preferences_save(*, user, choices: dict[tuple[str, str], bool]) -> int:
    """choices: (kind key, channel) → on/off, for kinds that allow it; required kinds and the inbox are ignored."""
    saved = 0
    for (key, channel), enabled in choices.items():
        if channel not in SWITCHABLE:
            continue
        if key:
            kind = notification_kinds.get(key)
            if kind is None or not kind.optional or channel not in kind.channels:
                continue
        Preference.objects.update_or_create(user=user, kind=key, channel=channel, defaults={"enabled": enabled})
        saved += 1
    return saved


def preferences_of(*, user) -> dict[tuple[str, str], bool]:
    return {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=user)}
