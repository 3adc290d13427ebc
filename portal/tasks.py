"""Thin tasks: take ids, re-enter the scope, call one service."""

from celery import Task, shared_task
from django.conf import settings
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


@shared_task(
    base=ScopedTask,
    bind=True,
    acks_late=True,
    max_retries=None,
    soft_time_limit=settings.JOB_TIME_LIMIT_SECONDS,
    time_limit=settings.JOB_TIME_LIMIT_SECONDS + 30,
)
def job_run(self, *, job_id: int, program_id: int) -> str:
    """Delivered again after a worker died (acks_late), this takes the job over once its lease is lost; while the
    holder is alive it comes back when the lease would expire, so recovery never waits for the beat sweep."""
    from portal.services.jobs import job_run as run

    outcome = run(job_id=job_id)
    if not self.request.is_eager:
        if outcome.status == "held":
            raise self.retry(countdown=outcome.retry_in)
        if outcome.status == "interrupted":
            raise self.retry(countdown=settings.JOB_HEARTBEAT_SECONDS)
    return outcome.status


@shared_task(base=SystemTask)
def jobs_resend_stale() -> int:
    from portal.services.jobs import jobs_resend_stale as resend

    return resend()


@shared_task(base=ScopedTask, bind=True, acks_late=True, max_retries=None)
def webhook_deliver(self, *, delivery_id: int, program_id: int) -> None:
    """One signed POST; on failure Celery retries it later with exponential backoff (portal.api.webhooks). In
    embedded mode (eager) the retry waits for the sweep below instead of blocking the request that emitted it."""
    from portal.api.webhooks import backoff_seconds, webhook_attempt

    again = webhook_attempt(delivery_id=delivery_id)
    if again is not None and not self.request.is_eager:
        raise self.retry(countdown=backoff_seconds(again.attempts))


@shared_task(base=SystemTask)
def webhooks_retry_due() -> int:
    """Re-send pending deliveries whose backoff has passed, in their own program's scope."""
    from portal.api.webhooks import webhook_attempt, webhooks_due
    from portal.models import Program

    sent = 0
    for program_id in Program.objects.values_list("pk", flat=True):
        with program_scope(program_id):
            for delivery_id in webhooks_due(program_id=program_id):
                webhook_attempt(delivery_id=delivery_id)
                sent += 1
    return sent


@shared_task(base=SystemTask)
def api_housekeeping() -> int:
    """Forget old Idempotency-Key answers, program by program."""
    from portal.api.idempotency import idempotent_requests_sweep
    from portal.models import Program

    forgotten = 0
    for program_id in Program.objects.values_list("pk", flat=True):
        with program_scope(program_id):
            forgotten += idempotent_requests_sweep(program_id=program_id)
    return forgotten


@shared_task(base=ScopedTask, bind=True, acks_late=True, max_retries=None)
def delivery_send(self, *, delivery_id: int, program_id: int) -> str:
    """Send one notification delivery; on a passing failure retry with exponential backoff (30 s, 1 min, 2 min…).
    The number of tries is NOTIFICATION_MAX_ATTEMPTS, counted on the row so a re-delivered task cannot exceed it."""
    from portal.notifications.delivery import RetryLater
    from portal.notifications.delivery import delivery_send as send

    while True:
        try:
            return send(delivery_id=delivery_id).status
        except RetryLater as error:
            if not self.request.is_eager:
                raise self.retry(countdown=min(3600, 30 * 2**self.request.retries), exc=error) from error
            # embedded mode (eager, no broker to come back through): again at once; the row counts the attempts
            # and the service stops at NOTIFICATION_MAX_ATTEMPTS


@shared_task(base=SystemTask)
def deliveries_resend_stale() -> int:
    from django.conf import settings

    from portal.notifications.delivery import deliveries_stale

    stale = deliveries_stale(older_than_seconds=settings.JOB_RESEND_AFTER_SECONDS)
    for delivery_id, program_id in stale:
        delivery_send.delay(delivery_id=delivery_id, program_id=program_id)
    return len(stale)


@shared_task(base=SystemTask)
def notification_digests_all() -> int:
    from portal.models import Program

    program_ids = list(Program.objects.values_list("pk", flat=True))
    for program_id in program_ids:
        notification_digest.delay(program_id=program_id)
    return len(program_ids)


@shared_task(base=ScopedTask, acks_late=True)
def notification_digest(*, program_id: int) -> int:
    from portal.notifications.delivery import digest_send

    return digest_send(program_id=program_id)
