"""Background jobs: the row is written with the request, the task does the work, a lease makes it recoverable.

A worker that claims a job holds a lease on it: its id (`host:pid:claim`) in `Job.worker` and a heartbeat a
thread refreshes while the handler runs. Whoever next looks at a RUNNING job whose heartbeat is older than
`JOB_LEASE_SECONDS`, or whose worker process on this host is gone, takes it over: the task the broker delivers
again after a worker died, the beat sweep, or the job's own page in the embedded mode. Writes that end a job
are conditional on still holding the lease, so a job finishes once even when two workers raced for it.
"""

import contextlib
import logging
import os
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, InterfaceError, OperationalError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_scopes import scopes_disabled

from portal.db.router import replica_reads
from portal.logs import log_context, request_id_var
from portal.models import Job
from portal.registry import job_kinds
from portal.services import jobs_embedded
from portal.services.audit import audit_record

logger = logging.getLogger(__name__)

# What the person sees when a job failed for a reason she cannot act on; the details are in the log under the
# same reference. Stored untranslated (the job page translates it in the reader's language).
FAILED_MESSAGE = gettext_noop("This could not be finished. Try again; if it fails again, tell the programme team.")


class JobError(Exception):
    """Raised by a handler for a failure the person can understand and fix; its text is shown to her."""


@dataclass(frozen=True)
class JobResult:
    filename: str
    content: bytes


@dataclass(frozen=True)
class JobRunOutcome:
    status: str  # "done", "failed", "finished" (by someone else), "held" (a live worker has it), "interrupted"
    retry_in: float | None = None  # seconds until the holder's lease expires (for "held")


def _lease() -> timedelta:
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


def worker_id() -> str:
    """A fresh lease holder id: this host and process, and a token for this one claim."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _holder_is_gone(holder: str) -> bool:
    """True when the holder ran on this host in a process that no longer exists (a killed pool child)."""
    try:
        host, pid, _token = holder.rsplit(":", 2)
        pid = int(pid)
    except ValueError:
        return False
    if host != socket.gethostname() or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def job_lease_lost(job: Job, *, now=None) -> bool:
    """Whether a RUNNING job's worker has stopped holding it: heartbeat too old, or its process is gone."""
    if job.status != Job.Status.RUNNING:
        return False
    now = now or timezone.now()
    last_sign = job.heartbeat_at or job.started_at
    if last_sign is None or last_sign < now - _lease():
        return True
    return _holder_is_gone(job.worker)


class JobProgress:
    """Handed to a job's handler so it can report how far it is; writes outside the handler's transaction."""

    def __init__(self, job_id: int, holder: str = ""):
        self.job_id = job_id
        self.holder = holder

    def __call__(self, done: int, total: int) -> None:
        percent = min(99, int(100 * done / total)) if total else 0
        rows = Job.objects.filter(pk=self.job_id)
        if self.holder:
            rows = rows.filter(worker=self.holder)
        rows.update(progress=percent, heartbeat_at=timezone.now())


class _Heartbeat:
    """Refreshes the lease from a thread while the handler runs, so a long step without progress keeps it."""

    def __init__(self, job_id: int, holder: str):
        self.job_id, self.holder = job_id, holder
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)

    def _beat(self):
        try:
            while not self._stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                try:
                    with scopes_disabled():
                        Job.objects.filter(pk=self.job_id, worker=self.holder, status=Job.Status.RUNNING).update(
                            heartbeat_at=timezone.now()
                        )
                except DatabaseError:  # the database may be busy or away a moment; the next beat tries again
                    logger.info("heartbeat of job %s missed", self.job_id, exc_info=True)
        finally:
            _close_thread_connection()


def _close_thread_connection() -> None:
    """Close the connection this thread opened. Django keeps in-memory SQLite connections open on close() (the
    test database lives in them), and one left open here would hold the shared cache's locks."""
    if connection.connection is None:
        return
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        connection.connection.close()
        connection.connection = None
    else:
        connection.close()


def job_enqueue(*, program_id: int, actor, kind: str, params: dict | None = None) -> Job:
    if kind not in job_kinds:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        program_id=program_id, kind=kind, params=params or {}, requested_by=actor, request_id=request_id_var.get()
    )
    audit_record(program_id=program_id, actor=actor, action="job.enqueue", target=job, data={"kind": kind})
    transaction.on_commit(lambda: job_send(job_id=job.pk, program_id=program_id))
    return job


def job_send(*, job_id: int, program_id: int) -> bool:
    """Hand the job to the broker. A broker that is down leaves it QUEUED for the sweep: nothing is lost."""
    from portal.tasks import job_run

    # runs after commit, when the request's scope may be closed: name the program explicitly
    jobs = Job.objects.with_scope(program=program_id)
    jobs.filter(pk=job_id).update(sent_at=timezone.now(), attempts=F("attempts") + 1)
    if jobs_embedded.is_running():
        # no broker, and this process has the embedded worker: the request returns, the thread runs the job
        jobs_embedded.wake()
        return True
    try:
        job_run.apply_async(kwargs={"job_id": job_id, "program_id": program_id}, retry=False)
    except Exception:  # kombu raises several types for an unreachable broker
        logger.warning("broker unavailable; job %s stays queued for the sweep", job_id, exc_info=True)
        jobs.filter(pk=job_id, status=Job.Status.QUEUED).update(sent_at=None)
        return False
    return True


def _remove_file(name: str) -> None:
    if not name:
        return
    try:
        Job._meta.get_field("result_file").storage.delete(name)
    except OSError:
        logger.warning("could not remove the partial job file %s", name, exc_info=True)


def _claim(job_id: int, holder: str) -> tuple[Job | None, JobRunOutcome | None]:
    """Take the job if it is free (queued) or its lease is lost. Compare-and-set on the row as it was read."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None, JobRunOutcome("finished")
    now = timezone.now()
    if job.status == Job.Status.RUNNING and not job_lease_lost(job, now=now):
        last_sign = job.heartbeat_at or job.started_at
        return None, JobRunOutcome("held", retry_in=max(1.0, (last_sign + _lease() - now).total_seconds() + 1))
    as_read = Job.objects.filter(pk=job.pk, status=job.status, worker=job.worker, heartbeat_at=job.heartbeat_at)
    if job.runs >= settings.JOB_MAX_RUNS:
        # it has killed its worker that many times: stop feeding it workers
        if as_read.update(status=Job.Status.FAILED, error=FAILED_MESSAGE, finished_at=now, result_file=""):
            logger.error("job %s (%s) gave up after %s runs", job.pk, job.kind, job.runs, extra={"job_id": job.pk})
            _remove_file(job.result_file.name)
            return None, JobRunOutcome("failed")
        return None, JobRunOutcome("finished")
    if not as_read.update(
        status=Job.Status.RUNNING,
        worker=holder,
        heartbeat_at=now,
        started_at=now,
        progress=0,
        runs=F("runs") + 1,
        result_file="",
    ):
        return None, JobRunOutcome("finished")  # someone else claimed it between our read and our write
    if job.status == Job.Status.RUNNING or job.runs:
        logger.warning(
            "job %s (%s) taken over from %s", job.pk, job.kind, job.worker or "a lost worker", extra={"job_id": job.pk}
        )
    _remove_file(job.result_file.name)  # a previous run's partial file, if it died while writing
    job.refresh_from_db()
    return job, None


def job_run(*, job_id: int) -> JobRunOutcome:
    """Claim the job (only one worker can), run its handler, store the result or the error. Idempotent."""
    holder = worker_id()
    job, outcome = _claim(job_id, holder)
    if outcome:
        return outcome
    with log_context(request_id=job.request_id, job_id=job.pk):
        return _run_claimed(job, holder)


def _run_claimed(job: Job, holder: str) -> JobRunOutcome:
    mine = Job.objects.filter(pk=job.pk, worker=holder, status=Job.Status.RUNNING)
    try:
        # report and export kinds read from the replica when one is configured (portal/db/router.py)
        with _Heartbeat(job.pk, holder), replica_reads(job.kind in settings.DATABASE_REPLICA_JOB_KINDS):
            result = job_kinds[job.kind](job, JobProgress(job.pk, holder))
    except (OperationalError, InterfaceError):
        # the database went away under the handler: not the job's fault, so it runs again rather than failing
        logger.warning("job %s (%s) interrupted by the database", job.pk, job.kind, exc_info=True)
        close_old_connections()
        connection.close()
        with contextlib.suppress(DatabaseError):  # still away: the lease expires and the sweep revives the job
            mine.update(status=Job.Status.QUEUED, sent_at=None, worker="")
        return JobRunOutcome("interrupted")
    except JobError as exc:
        mine.update(status=Job.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        logger.info("job %s (%s) refused: %s", job.pk, job.kind, exc, extra={"job_id": job.pk})
        return JobRunOutcome("failed")
    except Exception:
        logger.exception("job %s (%s) failed [%s]", job.pk, job.kind, job.reference, extra={"job_id": job.pk})
        mine.update(status=Job.Status.FAILED, error=FAILED_MESSAGE, finished_at=timezone.now())
        return JobRunOutcome("failed")
    name = ""
    if result is not None:
        field = job.result_file.field
        name = field.storage.get_available_name(field.generate_filename(job, result.filename))
        mine.update(result_file=name)  # recorded before writing, so whoever takes over can remove a partial file
        name = field.storage.save(name, ContentFile(result.content))
    with transaction.atomic():
        finished = mine.update(
            status=Job.Status.DONE, progress=100, finished_at=timezone.now(), result_file=name, error=""
        )
    if not finished:
        # the lease was lost while we worked and another worker has the job now: ours is a duplicate
        logger.warning("job %s lost its lease before finishing; result discarded", job.pk, extra={"job_id": job.pk})
        if name and not Job.objects.filter(pk=job.pk, result_file=name).exists():
            _remove_file(name)
        return JobRunOutcome("finished")
    return JobRunOutcome("done")


PROBE_JOB = "jobs_probe"
PROBE_MAX_SECONDS = 60


def probe_job(job, progress) -> JobResult:
    """Proves the pipeline end to end (broker, worker, database, storage): works `seconds` (at most a minute),
    reporting progress each second. Nothing a person asks for: the recovery test kills its worker mid-way."""
    seconds = max(0, min(PROBE_MAX_SECONDS, int(job.params.get("seconds", 0))))
    for second in range(seconds):
        time.sleep(1)
        progress(second + 1, seconds)
    return JobResult(filename=f"probe-{job.pk}.txt", content=f"{job.reference} ok after {seconds} s\n".encode())


def job_resume_if_lost(*, job: Job) -> bool:
    """Called when someone looks at a job: re-send it if its worker is gone or the broker never got it.

    This is how the embedded mode (no beat, tasks run in the web process) recovers a job whose process died, and
    it spares a real deployment the wait for the next sweep."""
    now = timezone.now()
    unsent = job.status == Job.Status.QUEUED and (
        job.sent_at is None or job.sent_at < now - timedelta(seconds=settings.JOB_RESEND_AFTER_SECONDS)
    )
    if not (unsent or job_lease_lost(job, now=now)):
        return False
    program_id = job.program_id
    transaction.on_commit(lambda: job_send(job_id=job.pk, program_id=program_id))
    return True


def jobs_resend_stale() -> int:
    """Periodic sweep: re-send jobs the broker never got, and jobs whose worker lost its lease. Returns how many."""
    now = timezone.now()
    expired = now - _lease()
    lost = Q(status=Job.Status.RUNNING) & (
        Q(heartbeat_at__lt=expired) | Q(heartbeat_at__isnull=True, started_at__lt=expired)
    )
    revived = Job.objects.filter(lost).update(status=Job.Status.QUEUED, sent_at=None)
    if revived:
        logger.warning("%s job(s) had lost their worker; queued again", revived)
    cutoff = now - timedelta(seconds=settings.JOB_RESEND_AFTER_SECONDS)
    stale = list(
        Job.objects.filter(Q(sent_at__isnull=True) | Q(sent_at__lt=cutoff), status=Job.Status.QUEUED)
        .order_by("pk")
        .values_list("pk", "program_id")[:500]
    )
    return sum(job_send(job_id=pk, program_id=program_id) for pk, program_id in stale)
