"""Embedded mode (no broker): a thread of the web process runs queued jobs, so the request that asked returns at
once and the job finishes behind it, exactly once, through the same lease as a Celery worker."""

import os
import socket
import time

import pytest
from django.db import transaction
from django.urls import reverse
from django_scopes import scopes_disabled

from portal import roles
from portal.models import Job
from portal.services import jobs as job_services
from portal.services import jobs_embedded
from portal.services.jobs import PROBE_JOB


def _wait_until_finished(job_pk, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with scopes_disabled():
            job = Job.objects.get(pk=job_pk)
        if job.is_finished:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_pk} still {job.status} after {timeout}s")


def test_the_worker_is_off_under_tests_and_commands():
    assert not jobs_embedded.enabled()
    assert not jobs_embedded.start_if_enabled()
    assert not jobs_embedded.is_running()


def test_it_is_on_by_default_in_the_embedded_mode_only(settings):
    settings.JOBS_EMBEDDED_WORKER = True
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert jobs_embedded.enabled()
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker is configured: Celery workers run the jobs
    assert not jobs_embedded.enabled()


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_off_the_request_in_the_worker_thread(world):
    assert jobs_embedded.start()
    started = time.monotonic()
    with transaction.atomic():
        job = job_services.job_enqueue(
            program_id=world.a.program.pk, actor=world.a.users[roles.STAFF], kind=PROBE_JOB, params={"seconds": 1}
        )
    returned_after = time.monotonic() - started
    with scopes_disabled():
        assert Job.objects.get(pk=job.pk).status in {Job.Status.QUEUED, Job.Status.RUNNING}
    assert returned_after < 0.5  # the probe works a full second: the caller did not wait for it

    job = _wait_until_finished(job.pk)
    assert (job.status, job.progress, job.runs) == (Job.Status.DONE, 100, 1)
    assert job.worker.startswith(f"{socket.gethostname()}:{os.getpid()}:")  # this process, the thread
    assert job.result_file.name


@pytest.mark.django_db(transaction=True)
def test_a_page_returns_before_its_export_and_the_progress_bar_follows_it(client, world):
    assert jobs_embedded.start()
    client.force_login(world.a.users[roles.STAFF])
    response = client.post(reverse("members_export"))
    assert response.status_code == 302
    job_pk = int(response.url.rstrip("/").split("/")[-1])
    job = _wait_until_finished(job_pk)
    assert job.status == Job.Status.DONE, job.error
    page = client.get(reverse("job_progress", args=[job_pk]))
    assert "hx-trigger" not in page.content.decode()
    assert client.get(reverse("job_download", args=[job_pk])).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_jobs_queued_before_the_server_started_run_when_it_starts(world):
    job = world.a.job  # queued, never sent (a server stopped before it ran)
    assert jobs_embedded.start()
    job = _wait_until_finished(job.pk)
    assert job.status in {Job.Status.DONE, Job.Status.FAILED}
