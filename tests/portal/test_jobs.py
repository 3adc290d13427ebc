"""Background jobs: queued with the request, run by a worker (eager in the embedded mode, a real Celery
worker when REDIS_URL is set), never lost when the broker is down."""

import io
import os
import time

import pytest
from django.conf import settings
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from portal import roles
from portal.models import Job
from portal.services import jobs as job_services
from portal.tenancy import program_scope

REAL_WORKER = bool(os.environ.get("REDIS_URL"))


def _wait_until_finished(job_pk, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with scopes_disabled():
            job = Job.objects.get(pk=job_pk)
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_pk} still {job.status} after {timeout}s")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_staff_exports_members_and_downloads_the_excel(client, world):
    client.force_login(world.a.users[roles.STAFF])
    response = client.post(reverse("members_export"))
    assert response.status_code == 302
    job_pk = int(response.url.rstrip("/").split("/")[-1])
    job = _wait_until_finished(job_pk)
    assert job.status == Job.Status.DONE, job.error
    assert job.progress == 100

    page = client.get(reverse("job_progress", args=[job_pk]))
    assert "hx-trigger" not in page.content.decode()  # finished: the partial stops polling
    download = client.get(reverse("job_download", args=[job_pk]))
    assert download.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    emails = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert world.a.users[roles.OPERATOR].email in emails
    assert world.b.users[roles.OPERATOR].email not in emails  # the other program stays out


@pytest.mark.django_db(transaction=True)
def test_a_queued_job_page_polls(client, world):
    client.force_login(world.a.users[roles.STAFF])
    html = client.get(reverse("job_detail", args=[world.a.job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "Sırada" in html  # Turkish first


def test_broker_down_keeps_the_job_queued_and_the_sweep_sends_it_later(world, settings, monkeypatch):
    from portal import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.job_run, "apply_async", broker_down)
    with program_scope(world.a.program.pk):
        job = job_services.job_enqueue(
            program_id=world.a.program.pk, actor=world.a.users[roles.STAFF], kind="members_export"
        )
        assert job_services.job_send(job_id=job.pk, program_id=world.a.program.pk) is False
        job.refresh_from_db()
        assert job.status == Job.Status.QUEUED and job.sent_at is None and job.attempts == 1

    sent = []
    monkeypatch.setattr(tasks.job_run, "apply_async", lambda kwargs, retry: sent.append(kwargs))
    with scopes_disabled():
        assert job_services.jobs_resend_stale() >= 1
    assert {"job_id": job.pk, "program_id": world.a.program.pk} in sent


def test_a_job_is_claimed_once(world):
    with program_scope(world.a.program.pk):
        job_services.job_run(job_id=world.a.job.pk)
        world.a.job.refresh_from_db()
        first_finished = world.a.job.finished_at
        assert world.a.job.status == Job.Status.DONE
        job_services.job_run(job_id=world.a.job.pk)  # a duplicate delivery does nothing
        world.a.job.refresh_from_db()
        assert world.a.job.finished_at == first_finished


def test_a_failing_job_shows_a_plain_message_with_a_reference_and_logs_the_details(world, monkeypatch, client, caplog):
    from portal.registry import job_kinds

    def explode(job, progress):
        raise ValueError("unhashable type: 'dict'")

    monkeypatch.setitem(job_kinds._items, "members_export", explode)
    with program_scope(world.a.program.pk):
        job_services.job_run(job_id=world.a.job.pk)
        world.a.job.refresh_from_db()
    assert world.a.job.status == Job.Status.FAILED
    reference = f"JOB-{world.a.job.pk}"
    logged = [r for r in caplog.records if r.levelname == "ERROR" and reference in r.getMessage()]
    assert logged and "unhashable" in logged[0].exc_text  # the details, for the programme team

    client.force_login(world.a.users[roles.STAFF])
    html = client.get(reverse("job_detail", args=[world.a.job.pk])).content.decode()
    assert reference in html
    assert "unhashable" not in html and "ValueError" not in html
    assert "tamamlanamadı" in html  # plain Turkish first


def test_a_handler_refusal_is_shown_as_written(world, monkeypatch):
    from portal.registry import job_kinds

    def refuse(job, progress):
        raise job_services.JobError("the sheet has no header row")

    monkeypatch.setitem(job_kinds._items, "members_export", refuse)
    with program_scope(world.a.program.pk):
        job_services.job_run(job_id=world.a.job.pk)
        world.a.job.refresh_from_db()
    assert (world.a.job.status, world.a.job.error) == (Job.Status.FAILED, "the sheet has no header row")


def test_the_task_runs_in_the_scope_of_the_program_it_is_given(world):
    """The task opens its own scope from the id: another program's job id finds nothing there."""
    from portal.tasks import job_run

    job_run.apply(kwargs={"job_id": world.b.job.pk, "program_id": world.a.program.pk})
    with scopes_disabled():
        assert Job.objects.get(pk=world.b.job.pk).status == Job.Status.QUEUED


@pytest.mark.worker
def test_eager_mode_is_the_embedded_default():
    assert settings.CELERY_TASK_ALWAYS_EAGER is (not REAL_WORKER)


def test_a_job_enqueued_in_a_scope_is_sent_after_the_scope_closed(world, django_capture_on_commit_callbacks):
    """on_commit callbacks run after the block that opened the scope (seed_demo, a service) has left it."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks, program_scope(world.a.program.pk):
        job = job_services.job_enqueue(
            program_id=world.a.program.pk, actor=world.a.users[roles.STAFF], kind="members_export"
        )
    for callback in callbacks:  # outside any scope now
        callback()
    with scopes_disabled():
        job.refresh_from_db()
    assert job.attempts == 1
