from celery import shared_task

from portal.tasks import ScopedTask, SystemTask


@shared_task(base=SystemTask)
def retention_due() -> int:
    """Daily: hand each program's retention check to its own scoped task."""
    from portal.models import Program

    for program_id in Program.objects.values_list("pk", flat=True):
        retention_due_program.delay(program_id=program_id)
    return Program.objects.count()


@shared_task(base=ScopedTask, acks_late=True)
def retention_due_program(*, program_id: int) -> None:
    from privacy.retention import retention_due as run

    run(program_id=program_id)


@shared_task(base=SystemTask)
def request_deadlines_due() -> int:
    """Daily: remind the handlers of data-subject requests whose legal deadline is near or passed."""
    from portal.models import Program

    for program_id in Program.objects.values_list("pk", flat=True):
        request_deadlines_program.delay(program_id=program_id)
    return Program.objects.count()


@shared_task(base=ScopedTask, acks_late=True)
def request_deadlines_program(*, program_id: int) -> int:
    from privacy.waiting import request_deadlines_tell

    return request_deadlines_tell(program_id=program_id)
