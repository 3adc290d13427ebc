"""Thin tasks: take ids, re-enter the scope, call one service. Daily, from Celery beat (CELERY_BEAT_SCHEDULE
"assessments-daily"), the shape of matching's daily reminders: one task per program, each step idempotent."""

from celery import shared_task

from portal.tasks import ScopedTask, SystemTask


@shared_task(base=SystemTask)
def assessments_daily_all() -> int:
    """One task per program, each in its own scope."""
    from portal.models import Program

    program_ids = list(Program.objects.values_list("pk", flat=True))
    for program_id in program_ids:
        assessments_daily.delay(program_id=program_id)
    return len(program_ids)


@shared_task(base=ScopedTask, acks_late=True)
def assessments_daily(*, program_id: int) -> dict:
    """Remind firms whose self-assessment is due soon (once per assessment: the notification's key)."""
    from assessments.services import self_assessments_remind

    return {"reminded": self_assessments_remind(program_id=program_id)}
