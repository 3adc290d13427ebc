from celery import shared_task

from portal.tasks import ScopedTask, SystemTask


@shared_task(base=SystemTask)
def workforce_reminders_all() -> int:
    """Daily: one task per program, each in its own scope."""
    from portal.models import Program

    program_ids = list(Program.objects.values_list("pk", flat=True))
    for program_id in program_ids:
        workforce_reminders.delay(program_id=program_id)
    return len(program_ids)


@shared_task(base=ScopedTask, acks_late=True)
def workforce_reminders(*, program_id: int) -> int:
    from firms.services import workforce_reminders_send

    return workforce_reminders_send(program_id=program_id)
