"""The embedded mode's worker: a thread in the web process that runs queued jobs off the request.

With no broker (`make run`: SQLite, Celery eager) a job used to run inside the request that asked for it, so a
monitoring report PDF held its POST for seconds. When `JOBS_EMBEDDED_WORKER` is on and Celery is eager, the web
server's process (runserver's serving child, each gunicorn worker) starts this thread when it loads the WSGI
application; `job_send` then only wakes it, the request returns at once and the page's progress bar follows the
job exactly as with Celery. The thread claims jobs through the same lease as a Celery worker (`jobs.job_run`), so
two processes (gunicorn workers on one SQLite file) never run a job twice, and a job whose process died is taken
over by the next one to look (queued jobs left from a stopped server run when the next one starts).

Management commands, scripts and the tests never load the WSGI application and keep running jobs eagerly in
their own process (deterministic); a test can start the worker itself with `start()`.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django_scopes import scopes_disabled

from portal.models import Job

logger = logging.getLogger(__name__)

# how often the thread looks for work when nobody woke it (jobs a sweep revived, jobs of another process)
POLL_SECONDS = 5.0

_wake = threading.Event()
_stop = threading.Event()
_lock = threading.Lock()
_thread: threading.Thread | None = None


def enabled() -> bool:
    """On when configured and there is no broker to hand jobs to (tasks would otherwise run eagerly)."""
    return bool(getattr(settings, "JOBS_EMBEDDED_WORKER", False) and settings.CELERY_TASK_ALWAYS_EAGER)


def is_running() -> bool:
    return _thread is not None and _thread.is_alive()


def start_if_enabled() -> bool:
    """Called where the WSGI application is built (portal/wsgi.py): start the thread in serving processes only."""
    if not enabled():
        return False
    return start()


def start() -> bool:
    """Start the worker thread in this process (idempotent). Returns whether it is running."""
    global _thread
    with _lock:
        if is_running():
            return True
        _stop.clear()
        _thread = threading.Thread(target=_loop, name="jobs-embedded-worker", daemon=True)
        _thread.start()
        logger.info("embedded job worker started (no broker: jobs run off the request in this process)")
        return True


def stop(timeout: float = 30.0) -> None:
    """Stop the thread after the job it is running (tests; a server shutting down simply exits)."""
    global _thread
    with _lock:
        thread, _thread = _thread, None
    if thread is None:
        return
    _stop.set()
    _wake.set()
    thread.join(timeout=timeout)


def wake() -> None:
    """A job was queued (after its request's commit): look at once."""
    _wake.set()


def _next_jobs(skip: set[int]) -> list[tuple[int, int]]:
    with scopes_disabled():
        return list(
            Job.objects.filter(status=Job.Status.QUEUED)
            .exclude(pk__in=skip)
            .order_by("pk")
            .values_list("pk", "program_id")[:20]
        )


def run_pending() -> int:
    """Run every job queued now, oldest first; returns how many were run here. One pass; the loop repeats it."""
    from portal.services.jobs import job_run
    from portal.tenancy import program_scope

    done, seen = 0, set()
    while not _stop.is_set():
        batch = _next_jobs(seen)
        if not batch:
            break
        for job_id, program_id in batch:
            if _stop.is_set():
                break
            seen.add(job_id)
            close_old_connections()
            with program_scope(program_id):  # as the Celery base task does: a scope from ids, never a leftover
                outcome = job_run(job_id=job_id)
            if outcome.status in {"done", "failed"}:
                done += 1
    return done


def _revive_lost() -> None:
    """Jobs whose worker lost its lease (a killed server) go back to the queue, as the beat sweep does."""
    from portal.services.jobs import jobs_resend_stale

    with scopes_disabled():
        jobs_resend_stale()


def _loop() -> None:
    from portal.services.jobs import _close_thread_connection

    sweep_every = max(1, int(settings.JOB_LEASE_SECONDS // POLL_SECONDS))
    turns = 0
    try:
        while not _stop.is_set():
            try:
                if turns % sweep_every == 0:
                    _revive_lost()
                turns += 1
                run_pending()
            except Exception:  # the thread must outlive a bad moment (a locked or restarting database)
                logger.exception("embedded job worker: pass failed; trying again")
            finally:
                _close_thread_connection()
            _wake.wait(POLL_SECONDS)
            _wake.clear()
    finally:
        _close_thread_connection()
