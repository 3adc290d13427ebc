"""Background jobs: the row is written with the request, the task does the work, a sweep re-sends."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.models import Job
from portal.registry import job_kinds
from portal.services.audit import audit_record

logger = logging.getLogger(__name__)

# A job RUNNING this long has lost its worker (acks_late re-delivers, but a claim needs QUEUED).
STALE_RUNNING = timedelta(minutes=30)


@dataclass(frozen=True)
class JobResult:
    filename: str
    content: bytes


class JobProgress:
    """Handed to a job's handler so it can report how far it is; writes outside the handler's transaction."""

    def __init__(self, job_id: int):
        self.job_id = job_id

    def __call__(self, done: int, total: int) -> None:
        percent = min(99, int(100 * done / total)) if total else 0
        Job.objects.filter(pk=self.job_id).update(progress=percent)


def job_enqueue(*, program_id: int, actor, kind: str, params: dict | None = None) -> Job:
    if kind not in job_kinds:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(program_id=program_id, kind=kind, params=params or {}, requested_by=actor)
    audit_record(program_id=program_id, actor=actor, action="job.enqueue", target=job, data={"kind": kind})
    transaction.on_commit(lambda: job_send(job_id=job.pk, program_id=program_id))
    return job


def job_send(*, job_id: int, program_id: int) -> bool:
    """Hand the job to the broker. A broker that is down leaves it QUEUED for the sweep: nothing is lost."""
    from portal.tasks import job_run

    # runs after commit, when the request's scope may be closed: name the program explicitly
    jobs = Job.objects.with_scope(program=program_id)
    jobs.filter(pk=job_id).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    try:
        job_run.apply_async(kwargs={"job_id": job_id, "program_id": program_id}, retry=False)
    except Exception:  # kombu raises several types for an unreachable broker
        logger.warning("broker unavailable; job %s stays queued for the sweep", job_id, exc_info=True)
        jobs.filter(pk=job_id, status=Job.Status.QUEUED).update(sent_at=None)
        return False
    return True


def job_run(*, job_id: int) -> None:
    """Claim the job (only one worker can), run its handler, store the result or the error. Idempotent."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), progress=0
    )
    if not claimed:
        return  # done already, or another worker holds it
    job = Job.objects.get(pk=job_id)
    try:
        result = job_kinds[job.kind](job, JobProgress(job.pk))
    except Exception as exc:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=str(exc)[:2000] or exc.__class__.__name__, finished_at=timezone.now()
        )
        return
    with transaction.atomic():
        if result is not None:
            job.result_file.save(result.filename, ContentFile(result.content), save=False)
        job.status = Job.Status.DONE
        job.progress = 100
        job.finished_at = timezone.now()
        job.save(update_fields=["result_file", "status", "progress", "finished_at"])


def jobs_resend_stale() -> int:
    """Periodic sweep: re-send jobs the broker never got (or lost with a dead worker). Returns how many."""
    now = timezone.now()
    Job.objects.filter(status=Job.Status.RUNNING, started_at__lt=now - STALE_RUNNING).update(
        status=Job.Status.QUEUED, sent_at=None
    )
    cutoff = now - timedelta(seconds=settings.JOB_RESEND_AFTER_SECONDS)
    stale = list(
        Job.objects.filter(Q(sent_at__isnull=True) | Q(sent_at__lt=cutoff), status=Job.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", "program_id")[:500]
    )
    return sum(job_send(job_id=pk, program_id=program_id) for pk, program_id in stale)
