"""Thin tasks: take ids, re-enter the scope, call one service."""

from celery import Task, shared_task
from django_scopes import scopes_disabled

from portal.tenancy import program_scope


class ScopedTask(Task):
    """Runs the task inside the scope of the program passed as `program_id`, never a scope left over."""

    def __call__(self, *args, **kwargs):
        with program_scope(kwargs["program_id"]):
            return super().__call__(*args, **kwargs)


class SystemTask(Task):
    """For housekeeping that spans programs and touches only bookkeeping rows (e.g. Job)."""

    def __call__(self, *args, **kwargs):
        with scopes_disabled():
            return super().__call__(*args, **kwargs)


@shared_task(base=ScopedTask, acks_late=True)
def job_run(*, job_id: int, program_id: int) -> None:
    from portal.services.jobs import job_run as run

    run(job_id=job_id)


@shared_task(base=SystemTask)
def jobs_resend_stale() -> int:
    from portal.services.jobs import jobs_resend_stale as resend

    return resend()
