"""Retention checkpoints."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import permissions, selectors
from matching.models import (
    Employment,
    RetentionCheckpoint,
)
from portal.notifications import recipients
from portal.notifications.service import notify
from portal.services.audit import audit_record

from ._common import _require


@transaction.atomic
def checkpoint_confirm(
    *, audience, actor, checkpoint: RetentionCheckpoint, still_employed: bool
) -> RetentionCheckpoint:
    """The firm (or staff for it) and the person confirm she is still employed at this checkpoint."""
    checkpoint = (
        RetentionCheckpoint.objects.select_for_update().select_related("employment", "trainee").get(pk=checkpoint.pk)
    )
    if checkpoint.due_on > timezone.localdate():
        raise ValidationError(_("This checkpoint is not due yet."))
    as_firm = permissions.can_confirm_as_firm(audience, checkpoint)
    as_person = checkpoint.trainee.user_id == actor.pk
    _require(as_firm or as_person)
    now = timezone.now()
    if as_firm:
        if checkpoint.firm_confirmed_at:
            raise ValidationError(_("Already confirmed."))
        checkpoint.firm_confirmed_at, checkpoint.firm_confirmed_by = now, actor
        checkpoint.still_employed = still_employed
    else:
        if checkpoint.person_confirmed_at:
            raise ValidationError(_("Already confirmed."))
        checkpoint.person_confirmed_at = now
        if checkpoint.still_employed is None or not still_employed:
            checkpoint.still_employed = still_employed
    checkpoint.save()
    audit_record(
        program_id=checkpoint.program_id,
        actor=actor,
        action="matching.checkpoint_confirm",
        target=checkpoint,
        data={"side": "firm" if as_firm else "person", "still_employed": still_employed},
    )
    return checkpoint


def checkpoints_remind(*, program_id: int, today: date | None = None) -> int:
    """Tell the firm's users and the person about overdue checkpoints, at most once a week each. Safe daily."""
    today = today or timezone.localdate()
    conf = selectors.matching_settings(program_id=program_id)
    week_ago = timezone.now() - timedelta(days=7)
    due = list(
        selectors.checkpoints_overdue(program_id=program_id, today=today, grace_days=conf.checkpoint_grace_days)
        .filter(employment__status=Employment.Status.ACTIVE)
        .exclude(reminded_at__gte=week_ago)
        .select_related("trainee__user", "firm")
    )
    users = recipients.firm_users(program_id=program_id, firm_ids={c.firm_id for c in due})
    year, week, _day = today.isocalendar()
    for checkpoint in due:
        told = []
        if not checkpoint.firm_confirmed_at:
            told += users.get(checkpoint.firm_id, [])
        if not checkpoint.person_confirmed_at:
            told.append(recipients.trainee(checkpoint.trainee))
        notify(
            kind="matching.checkpoint_overdue",
            recipients=told,
            obj=checkpoint,
            key=f"{year}-w{week}",
            context={
                "name": checkpoint.trainee.user.get_full_name(),
                "firm": checkpoint.firm.name,
                "month": checkpoint.month,
                "due": checkpoint.due_on.strftime("%d.%m.%Y"),
            },
            link=reverse("matching:overview"),
        )
    RetentionCheckpoint.objects.filter(pk__in=[c.pk for c in due]).update(reminded_at=timezone.now())
    return len(due)
