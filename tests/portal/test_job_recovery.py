"""A job whose worker dies is finished, once, within minutes: by the re-delivered task, the sweep, or (in the
embedded mode) the job's own page. Its lease says who holds it and whether that worker is still alive."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.models import Job
from portal.services import jobs as job_services
from portal.tenancy import program_scope

REAL_WORKER = bool(os.environ.get("REDIS_URL"))


def _dead_pid() -> int:
    """The pid of a process on this host that has exited (and been reaped): like a killed pool child."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _storage():
    return Job._meta.get_field("result_file").storage


def _as_if_running(job, *, worker, heartbeat_ago=timedelta(0), partial=None, runs=1):
    """The row as a worker left it when it died mid-job (optionally halfway through writing its file)."""
    now = timezone.now()
    name = _storage().save(f"jobs/test/partial-{job.pk}.xlsx", ContentFile(b"PK\x03\x04 half")) if partial else ""
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.RUNNING,
            worker=worker,
            started_at=now - heartbeat_ago,
            heartbeat_at=now - heartbeat_ago,
            progress=66,
            runs=runs,
            result_file=name,
        )
    return name


def _fresh(job):
    with scopes_disabled():
        return Job.objects.get(pk=job.pk)


def test_a_redelivered_task_takes_over_at_once_when_the_worker_process_is_gone(world):
    from portal.tasks import job_run

    job = world.a.job
    partial = _as_if_running(job, worker=f"{socket.gethostname()}:{_dead_pid()}:0badc0de", partial=True)

    result = job_run.apply(kwargs={"job_id": job.pk, "program_id": job.program_id})

    assert result.get() == "done"
    job = _fresh(job)
    assert (job.status, job.progress, job.runs) == (Job.Status.DONE, 100, 2)
    assert job.worker.startswith(f"{socket.gethostname()}:{os.getpid()}:")
    assert not _storage().exists(partial)  # the dead run's half-written file is gone
    assert job.result_file.name != partial and _storage().exists(job.result_file.name)


def test_a_job_held_by_a_live_worker_elsewhere_waits_for_its_lease_then_is_taken_over(world, settings):
    job = world.a.job
    _as_if_running(job, worker="other-host:4242:feedface", heartbeat_ago=timedelta(seconds=5))
    with program_scope(job.program_id):
        outcome = job_services.job_run(job_id=job.pk)
    assert outcome.status == "held"
    assert settings.JOB_LEASE_SECONDS - 5 <= outcome.retry_in <= settings.JOB_LEASE_SECONDS - 3
    assert _fresh(job).worker == "other-host:4242:feedface"  # untouched while its holder is alive

    _as_if_running(job, worker="other-host:4242:feedface", heartbeat_ago=timedelta(seconds=settings.JOB_LEASE_SECONDS))
    with program_scope(job.program_id):
        assert job_services.job_run(job_id=job.pk).status == "done"
    assert _fresh(job).status == Job.Status.DONE


def test_the_sweep_revives_a_job_whose_worker_went_silent(world, settings):
    job = world.a.job
    _as_if_running(job, worker="gone-host:1:cafe", heartbeat_ago=timedelta(seconds=settings.JOB_LEASE_SECONDS + 1))
    fresh = world.b.job
    _as_if_running(fresh, worker="busy-host:2:beef", heartbeat_ago=timedelta(seconds=1))

    with scopes_disabled():
        assert job_services.jobs_resend_stale() >= 1

    assert _fresh(job).status == Job.Status.DONE  # eager here: sent and run at once
    assert _fresh(fresh).status == Job.Status.RUNNING  # its worker is alive: left alone


def test_in_the_embedded_mode_the_job_page_finishes_a_job_whose_process_died(
    client, world, settings, django_capture_on_commit_callbacks
):
    """No beat and no separate worker: the web process that ran the job was restarted, the person looks again."""
    job = world.a.job
    _as_if_running(job, worker=f"{socket.gethostname()}:{_dead_pid()}:dead")
    client.force_login(world.a.users[roles.STAFF])
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("job_progress", args=[job.pk]))
    assert _fresh(job).status == Job.Status.DONE
    html = client.get(reverse("job_progress", args=[job.pk])).content.decode()
    assert reverse("job_download", args=[job.pk]) in html


def test_a_worker_that_lost_its_lease_discards_its_result(world, monkeypatch):
    from portal.registry import job_kinds

    real = job_kinds["members_export"]

    def slow_and_overtaken(job, progress):
        result = real(job, progress)
        with scopes_disabled():  # meanwhile the sweep judged us dead and another worker took the job
            Job.objects.filter(pk=job.pk).update(worker="other-host:7:aaaa", heartbeat_at=timezone.now())
        return result

    monkeypatch.setitem(job_kinds._items, "members_export", slow_and_overtaken)
    folder = timezone.now().strftime("jobs/%Y/%m")

    def ours():
        prefix = f"members-{world.a.job.pk}"
        return (
            {n for n in _storage().listdir(folder)[1] if n.startswith(prefix)} if _storage().exists(folder) else set()
        )

    before = ours()
    with program_scope(world.a.program.pk):
        assert job_services.job_run(job_id=world.a.job.pk).status == "finished"
    job = _fresh(world.a.job)
    assert (job.status, job.worker, job.result_file.name) == (Job.Status.RUNNING, "other-host:7:aaaa", "")
    assert ours() == before  # the duplicate's file was removed


def test_a_job_that_keeps_killing_its_worker_is_failed_with_a_plain_message(world, settings):
    job = world.a.job
    _as_if_running(job, worker=f"{socket.gethostname()}:{_dead_pid()}:dead", runs=settings.JOB_MAX_RUNS)
    with program_scope(job.program_id):
        assert job_services.job_run(job_id=job.pk).status == "failed"
    job = _fresh(job)
    assert job.status == Job.Status.FAILED and job.error == job_services.FAILED_MESSAGE


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_the_lease_while_a_long_step_reports_no_progress(world, settings, monkeypatch):
    from portal.registry import job_kinds

    settings.JOB_HEARTBEAT_SECONDS = 0.2
    beats = []

    def long_silent_step(job, progress):
        time.sleep(1.0)
        with scopes_disabled():
            beats.append(Job.objects.get(pk=job.pk).heartbeat_at)
        return None

    monkeypatch.setitem(job_kinds._items, "members_export", long_silent_step)
    with program_scope(world.a.program.pk):
        assert job_services.job_run(job_id=world.a.job.pk).status == "done"
    job = _fresh(world.a.job)
    assert beats[0] > job.started_at  # refreshed by the heartbeat thread, not by the handler


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not REAL_WORKER, reason="kills a real Celery pool process (CI's PostgreSQL + Redis pass)")
def test_a_killed_worker_process_does_not_stop_the_job_it_was_running(world):
    """SIGKILL the pool process in the middle of a job: the broker re-delivers the task, which sees the lease's
    process is gone and runs the job again; it finishes once, well within two minutes, with one result file."""
    with program_scope(world.a.program.pk):
        job = job_services.job_enqueue(
            program_id=world.a.program.pk,
            actor=world.a.users[roles.STAFF],
            kind=job_services.PROBE_JOB,
            params={"seconds": 8},
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        running = _fresh(job)
        if running.status == Job.Status.RUNNING and running.progress >= 25:
            break
        time.sleep(0.2)
    else:
        raise AssertionError(f"the probe job never got going: {running.status} {running.progress}%")
    host, pid, _token = running.worker.rsplit(":", 2)
    assert host == socket.gethostname()
    os.kill(int(pid), signal.SIGKILL)
    killed_at = time.monotonic()

    while time.monotonic() - killed_at < 120:
        finished = _fresh(job)
        if finished.is_finished:
            break
        time.sleep(0.5)
    else:
        raise AssertionError(f"job still {finished.status} {finished.progress}% two minutes after the kill")
    assert finished.status == Job.Status.DONE, finished.error
    assert finished.runs == 2  # the killed run and the one that finished, nothing more
    assert finished.worker.rsplit(":", 2)[1] != pid
    assert _storage().open(finished.result_file.name).read().startswith(f"JOB-{job.pk} ok".encode())
    folder = finished.result_file.name.rsplit("/", 1)[0]
    assert [n for n in _storage().listdir(folder)[1] if n.startswith(f"probe-{job.pk}")] == [
        finished.result_file.name.rsplit("/", 1)[1]
    ]
