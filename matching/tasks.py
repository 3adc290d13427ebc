"""Thin tasks: take ids, re-enter the scope, call one service. Hourly, from Celery beat (CELERY_BEAT_SCHEDULE
"matching-daily"): every step is idempotent, and reminders go out at most once a week per checkpoint."""

from celery import shared_task

from portal.tasks import ScopedTask, SystemTask


@shared_task(base=SystemTask)
def matching_daily_all() -> int:
    """One task per program, each in its own scope."""
    from portal.models import Program

    program_ids = list(Program.objects.values_list("pk", flat=True))
    for program_id in program_ids:
        matching_daily.delay(program_id=program_id)
    return len(program_ids)


@shared_task(base=ScopedTask, acks_late=True)
def matching_daily(*, program_id: int) -> dict:
    """Expire overdue offers (passing each place on), remind offers 48 h and 24 h before their deadline, complete
    finished employments, remind overdue checkpoints.
    Each step is idempotent, so a re-run after a killed worker does no harm."""
    from matching.services import checkpoints_remind, employments_complete, offers_expire, offers_remind

    return {
        "expired": offers_expire(program_id=program_id),
        "offer_reminders": offers_remind(program_id=program_id),
        "completed": employments_complete(program_id=program_id),
        "reminded": checkpoints_remind(program_id=program_id),
    }
