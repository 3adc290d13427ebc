"""Every kind of background job in the registry runs end to end on the test world and its file opens.

In the embedded mode the job runs in this process; in CI's PostgreSQL pass (REDIS_URL set) it goes through the
broker to the real Celery worker. A new job kind must get a line in PARAMS, or the first test says so."""

import io
import os
import time
import zipfile

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook
from pypdf import PdfReader

from portal import roles
from portal.models import Job
from portal.registry import job_kinds
from portal.services.jobs import PROBE_JOB, job_enqueue

REAL_WORKER = bool(os.environ.get("REDIS_URL"))


def _score_upload(world, client):
    """The assessor's own template, stored as an upload to be checked in the background."""
    from django.core.files.base import ContentFile

    from assessments.models import ScoreUpload
    from tests.assessments.helpers import version

    client.force_login(world.users[roles.ASSESSOR])
    content = client.get(reverse("assessments:upload_template") + f"?version={version('SIRI').pk}").content
    upload = ScoreUpload.objects.create(
        program=world.program,
        uploaded_by=world.users[roles.ASSESSOR],
        version=version("SIRI"),
        original_name="bantlar.xlsx",
        sha256="1" * 64,
        status=ScoreUpload.Status.PROCESSING,
    )
    upload.file.save("bands-kinds.xlsx", ContentFile(content), save=True)
    return {"upload_id": upload.pk, "step": "check"}


def _certificate(world, client):
    from training.models import Certificate

    Certificate.objects.filter(pk=world.certificate.pk).update(file="")  # built by the job, not the world
    return {"certificate_id": world.certificate.pk}


def _roadmap(world, client):
    from assessments.models import RoadmapDocument

    RoadmapDocument.objects.filter(roadmap=world.roadmap).delete()  # the world's stand-in PDF: build a real one
    return {"roadmap_id": world.roadmap.pk, "language": "tr"}


# kind -> callable(program world, client) -> params, run on the world's own data
PARAMS = {
    PROBE_JOB: lambda w, c: {"seconds": 1},
    "members_export": lambda w, c: {},
    "applications_export": lambda w, c: {"call": w.call.pk, "filters": {}},
    "assessments.roadmap_pdf": _roadmap,
    "assessments.roadmap_pdf_batch": lambda w, c: {"language": "en"},
    "assessments.score_upload": _score_upload,
    "training_certificate": _certificate,
    "training_cohort_export": lambda w, c: {"cohort_id": w.cohort.pk},
    "reports.monitoring_report": lambda w, c: {"period_id": w.report_period.pk, "language": "tr"},
    "reports.policy_export": lambda w, c: {},
    # her data, asked for by herself (the job enqueues as the world's staff user, so she is the subject)
    "privacy.export": lambda w, c: {"subject": w.users[roles.STAFF].pk, "language": "tr"},
}


def _opens(name: str, content: bytes) -> None:
    """The file is what its name says, and a reader can open it."""
    if name.endswith(".xlsx"):
        assert load_workbook(io.BytesIO(content), read_only=True).sheetnames
    elif name.endswith(".pdf"):
        assert len(PdfReader(io.BytesIO(content)).pages) >= 1
    elif name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            assert archive.testzip() is None
    elif name.endswith((".txt", ".csv")):
        assert content.decode("utf-8")
    else:
        raise AssertionError(f"a job file of an unexpected type: {name}")


def _wait_until_finished(job_pk, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with scopes_disabled():
            job = Job.objects.get(pk=job_pk)
        if job.is_finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_pk} ({job.kind}) still {job.status} after {timeout}s")


def test_every_registered_job_kind_is_run_here():
    assert set(PARAMS) == {kind for kind, _handler in job_kinds.items()}, "add the new job kind to PARAMS"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", sorted(PARAMS))
def test_each_job_kind_finishes_and_its_file_opens(kind, world, client, django_capture_on_commit_callbacks):
    with scopes_disabled():
        params = PARAMS[kind](world.a, client)
        with django_capture_on_commit_callbacks(execute=True):
            job = job_enqueue(program_id=world.a.program.pk, actor=world.a.users[roles.STAFF], kind=kind, params=params)
    job = _wait_until_finished(job.pk)

    assert job.status == Job.Status.DONE, f"{kind}: {job.error}"
    if job.result_file:
        with job.result_file.open("rb") as handle:
            _opens(job.result_file.name, handle.read())
    if kind == "training_certificate":
        from training.models import Certificate

        with scopes_disabled():
            certificate = Certificate.objects.get(pk=params["certificate_id"])
        with certificate.file.open("rb") as handle:
            _opens(certificate.file.name, handle.read())
    if kind == "assessments.score_upload":
        from assessments.models import ScoreUpload

        with scopes_disabled():
            assert ScoreUpload.objects.get(pk=params["upload_id"]).status != ScoreUpload.Status.PROCESSING
