"""Writes of the privacy app: inventory, settings, data-subject requests. Erasure, retention and the data export
have their own modules (privacy.erasure, privacy.retention, privacy.export)."""

from django.db import transaction
from django.utils import timezone

from portal.services.audit import audit_record
from privacy.inventory import DEFAULTS, MEASURES_EN, MEASURES_TR
from privacy.models import DataRequest, DataRequestNote, PrivacySettings, ProcessingActivity


def privacy_settings_get(*, program_id: int) -> PrivacySettings:
    """The program's settings row, created with the safe defaults the first time anyone asks."""
    found = PrivacySettings.objects.filter(program_id=program_id).first()
    if found is None:
        found, _created = PrivacySettings.objects.get_or_create(program_id=program_id)
    return found


@transaction.atomic
def privacy_settings_update(*, settings: PrivacySettings, actor, changes: dict) -> PrivacySettings:
    before = {name: str(getattr(settings, name)) for name in changes}
    for name, value in changes.items():
        setattr(settings, name, value)
    settings.updated_by = actor
    settings.full_clean()
    settings.save()
    audit_record(
        program_id=settings.program_id,
        actor=actor,
        action="privacy.settings_update",
        target=settings,
        data={"before": before, "after": {name: str(value) for name, value in changes.items()}},
    )
    return settings


def inventory_ensure(*, program_id: int) -> None:
    """Give a program that has no inventory yet the rows that describe what the portal does (idempotent)."""
    if ProcessingActivity.objects.filter(program_id=program_id).exists():
        return
    with transaction.atomic():
        for order, row in enumerate(DEFAULTS):
            ProcessingActivity.objects.create(
                program_id=program_id,
                order=order * 10,
                measures_tr=MEASURES_TR,
                measures_en=MEASURES_EN,
                **row,
            )


@transaction.atomic
def inventory_save(*, activity: ProcessingActivity, actor) -> ProcessingActivity:
    adding = activity._state.adding
    activity.full_clean()
    activity.save()
    audit_record(
        program_id=activity.program_id,
        actor=actor,
        action="privacy.inventory_add" if adding else "privacy.inventory_change",
        target=activity,
        data={"category": activity.category},
    )
    return activity


@transaction.atomic
def inventory_delete(*, activity: ProcessingActivity, actor) -> None:
    audit_record(
        program_id=activity.program_id,
        actor=actor,
        action="privacy.inventory_delete",
        target=activity,
        data={"category": activity.category, "purpose": activity.purpose_tr[:200]},
    )
    activity.delete()


# --- data-subject requests ----------------------------------------------------------------------------------


@transaction.atomic
def data_request_file(
    *, program_id: int, subject, kind: str, text: str, actor, channel: str = DataRequest.Channel.PORTAL
) -> DataRequest:
    """She files a request (actor == subject), or staff enter one she sent by email or letter on her behalf."""
    settings = privacy_settings_get(program_id=program_id)
    now = timezone.now()
    request = DataRequest(
        program_id=program_id,
        subject=subject,
        kind=kind,
        text=text.strip(),
        channel=channel,
        entered_by=None if actor == subject else actor,
        received_at=now,
        due_on=DataRequest.due_from(now, settings.request_deadline_days),
    )
    request.full_clean()
    request.save()
    audit_record(
        program_id=program_id,
        actor=actor,
        action="privacy.request_file",
        target=request,
        data={"kind": kind, "channel": channel, "on_behalf": request.entered_by_id is not None},
    )
    # notify: the staff who handle data-subject requests (a new request, due on request.due_on)
    return request


@transaction.atomic
def data_request_assign(*, request: DataRequest, actor, assignee) -> DataRequest:
    request.assigned_to = assignee
    if request.status == DataRequest.Status.RECEIVED:
        request.status = DataRequest.Status.IN_PROGRESS
    request.save(update_fields=["assigned_to", "status"])
    audit_record(
        program_id=request.program_id,
        actor=actor,
        action="privacy.request_assign",
        target=request,
        data={"to": assignee.pk if assignee else None},
    )
    # notify: the assignee (a request was given to her)
    return request


@transaction.atomic
def data_request_note(*, request: DataRequest, actor, text: str) -> DataRequestNote:
    note = DataRequestNote.objects.create(program_id=request.program_id, request=request, author=actor, text=text)
    if request.status == DataRequest.Status.RECEIVED:
        request.status = DataRequest.Status.IN_PROGRESS
        request.save(update_fields=["status"])
    audit_record(program_id=request.program_id, actor=actor, action="privacy.request_note", target=request)
    return note


@transaction.atomic
def data_request_answer(*, request: DataRequest, actor, outcome: str, answer: str) -> DataRequest:
    """Record the answer; it is what she reads on her page (and what the notification will carry)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ValidationError(_("This request has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer the person will read.")})
    request.status = DataRequest.Status.ANSWERED
    request.outcome = outcome
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.answered_by = actor
    request.full_clean()
    request.save()
    audit_record(
        program_id=request.program_id,
        actor=actor,
        action="privacy.request_answer",
        target=request,
        data={"outcome": outcome, "late": request.answered_at.date() > request.due_on},
    )
    # notify: the data subject (her request was answered; the answer is on her "My data" page)
    return request
