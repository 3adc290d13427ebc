"""Roadmaps: drafted from the priorities at publication, edited by the firm and its assessors, printed as a PDF
by a background job (Turkish or English), rebuilt when they change with the earlier versions kept."""

import io
import time
import zipfile

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from pypdf import PdfReader

from assessments import services
from assessments.models import Roadmap, RoadmapDocument, RoadmapItem
from portal import roles
from portal.models import Job
from portal.tenancy import program_scope
from tests.assessments.helpers import Flow


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def item_form(item, **changes):
    data = {
        "dimension": item.dimension_id,
        "target_band": item.target_band,
        "initiative": item.initiative,
        "start_quarter": item.start_quarter,
        "end_quarter": item.end_quarter,
        "owner": item.owner,
        "kpis": item.kpis,
        "status": item.status,
        "progress": item.progress,
    }
    return {**data, **changes}


def test_publishing_drafts_the_roadmap_from_the_priorities(world):
    flow = Flow(world.a)
    a = flow.publish(flow.schedule(world.a.firms[1]), bands=[3, 1, 3, 4, 4, 4, 4, 0, 4, 4, 4, 4, 4, 4, 2, 4])
    with scopes_disabled():
        items = list(Roadmap.objects.get(assessment=a).items.select_related("dimension"))
    # one per building block (the biggest gap) plus the next highest overall
    assert [(i.dimension.code, i.target_band) for i in items] == [
        ("SIRI-08", 1),
        ("SIRI-02", 2),
        ("SIRI-15", 3),
        ("SIRI-01", 4),
    ]


def test_the_firm_and_its_assessor_edit_the_roadmap_and_each_change_is_a_revision(client, world):
    item = world.a.roadmap_item
    url = reverse("assessments:roadmap_item_edit", args=[item.pk])
    client.force_login(world.a.users[roles.FIRM])
    response = client.post(url, item_form(item, status="in_progress", progress=40, owner="Değişim elçisi Ayşe"))
    assert response.status_code == 302
    client.force_login(world.a.users[roles.ASSESSOR])
    response = client.post(
        reverse("assessments:roadmap_item_new", args=[world.a.assessment.pk]),
        item_form(item, initiative="Enerji izleme", start_quarter=3, end_quarter=2),
    )
    assert response.status_code == 400  # the last quarter before the first
    client.post(
        reverse("assessments:roadmap_item_new", args=[world.a.assessment.pk]),
        item_form(item, initiative="Enerji izleme", start_quarter=2, end_quarter=4, target_band=3),
    )
    with scopes_disabled():
        roadmap = Roadmap.objects.get(pk=world.a.roadmap.pk)
        assert roadmap.revision == 3
        assert RoadmapItem.objects.get(pk=item.pk).progress == 40
        assert roadmap.items.count() == 2
    html = client.get(reverse("assessments:roadmap", args=[world.a.assessment.pk])).content.decode()
    assert "Değişim elçisi Ayşe" in html and "Enerji izleme" in html and "chart-timeline" in html
    client.force_login(world.a.users[roles.STAFF])  # staff follow, the firm and its assessors edit
    assert client.post(url, item_form(item, progress=90)).status_code == 403
    with scopes_disabled():  # the printed Turkish PDF is rebuilt, once for both changes
        rebuilds = Job.objects.filter(kind="assessments.roadmap_pdf", status="queued")
        assert [j.params for j in rebuilds] == [{"roadmap_id": roadmap.pk, "language": "tr"}]


@pytest.fixture
def published(world):
    """A published SIRI assessment of firms[1] with its roadmap."""
    flow = Flow(world.a)
    a = flow.publish(flow.schedule(world.a.firms[1]), bands=2)
    with scopes_disabled():
        return a, Roadmap.objects.get(assessment=a)


def run_on_commit(program, django_capture_on_commit_callbacks, fn):
    # callbacks run after the request here; in production at its commit, inside its scope
    with program_scope(program.pk), django_capture_on_commit_callbacks(execute=True):
        return fn()


def test_the_firm_gets_its_roadmap_pdf_from_a_background_job(
    client, world, published, django_capture_on_commit_callbacks
):
    a, roadmap = published
    client.force_login(world.a.other_firm_user)
    response = run_on_commit(
        world.a.program,
        django_capture_on_commit_callbacks,
        lambda: client.post(reverse("assessments:roadmap_pdf", args=[a.pk]), {"language": "tr"}),
    )
    assert response.status_code == 302
    job_pk = int(response.url.rstrip("/").split("/")[-1])
    with scopes_disabled():
        job = Job.objects.get(pk=job_pk)
    assert job.kind == "assessments.roadmap_pdf" and job.status == Job.Status.DONE, job.error
    download = client.get(reverse("job_download", args=[job_pk]))
    text = pdf_text(b"".join(download.streaming_content))
    assert world.a.firms[1].name in text
    with scopes_disabled():
        names = list(a.version.dimensions.values_list("name_tr", flat=True))
    assert len(names) == 16
    for name in names:
        assert name in text, name
    assert "Avrupa Birliği" in text  # the EU-visibility block
    with scopes_disabled():
        document = RoadmapDocument.objects.get(roadmap=roadmap)
    assert (document.revision, document.language) == (roadmap.revision, "tr")
    page = client.get(reverse("assessments:roadmap", args=[a.pk])).content.decode()
    assert reverse("assessments:roadmap_document", args=[document.pk]) in page


def test_english_on_request_and_a_new_version_when_the_roadmap_changes(world, published):
    a, roadmap = published
    assessor = world.a.users[roles.ASSESSOR]
    flow = Flow(world.a)
    with program_scope(world.a.program.pk):
        english = services.roadmap_document_build(actor=assessor, roadmap=roadmap, language="en")
        assert services.roadmap_document_build(actor=assessor, roadmap=roadmap, language="en") == english  # reused
        with english.file.open("rb") as f:
            text = pdf_text(f.read())
        for name in a.version.dimensions.values_list("name_en", flat=True):
            assert name in text
        assert "funded by the European Union" in text
        item = roadmap.items.first()
        services.roadmap_item_update(
            audience=flow.audience(assessor), actor=assessor, item=item, initiative="Yeni girişim"
        )
        roadmap.refresh_from_db()
        newer = services.roadmap_document_build(actor=assessor, roadmap=roadmap, language="en")
        assert newer.pk != english.pk and newer.revision == english.revision + 1
        assert RoadmapDocument.objects.filter(roadmap=roadmap).count() == 2  # the earlier one is kept


def test_a_change_reprints_the_roadmap_and_keeps_the_earlier_pdf(
    client, world, published, django_capture_on_commit_callbacks
):
    a, roadmap = published
    with program_scope(world.a.program.pk):
        first = services.roadmap_document_build(actor=world.a.users[roles.ASSESSOR], roadmap=roadmap, language="tr")
        item = roadmap.items.first()
    client.force_login(world.a.other_firm_user)
    run_on_commit(
        world.a.program,
        django_capture_on_commit_callbacks,
        lambda: client.post(reverse("assessments:roadmap_item_edit", args=[item.pk]), item_form(item, progress=30)),
    )
    with scopes_disabled():
        documents = list(RoadmapDocument.objects.filter(roadmap=roadmap).order_by("revision"))
    assert [(d.revision, d.language) for d in documents] == [(first.revision, "tr"), (first.revision + 1, "tr")]
    page = client.get(reverse("assessments:roadmap", args=[a.pk])).content.decode()
    for document in documents:
        assert reverse("assessments:roadmap_document", args=[document.pk]) in page


def test_staff_build_every_roadmap_in_one_batch(client, world, published, django_capture_on_commit_callbacks):
    a, _roadmap = published
    client.force_login(world.a.users[roles.STAFF])
    started = time.perf_counter()
    response = run_on_commit(
        world.a.program,
        django_capture_on_commit_callbacks,
        lambda: client.post(reverse("assessments:roadmaps_build_all"), {"language": "tr"}),
    )
    elapsed = time.perf_counter() - started
    job_pk = int(response.url.rstrip("/").split("/")[-1])
    with scopes_disabled():
        job = Job.objects.get(pk=job_pk)
    assert job.status == Job.Status.DONE, job.error
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(client.get(reverse("job_download", args=[job_pk])).streaming_content))
    )
    # the world's T0 and this one; the world's T0 already had its revision-1 PDF, which is reused
    assert len(archive.namelist()) == 2
    assert any(name.startswith(f"{a.firm_id}-{a.pk}-") for name in archive.namelist())
    assert elapsed < 10


def test_no_pdf_before_publication(client, world):
    client.force_login(world.a.users[roles.ASSESSOR])
    with program_scope(world.a.program.pk), scopes_disabled():
        roadmap = Roadmap.objects.create(
            program=world.a.program, assessment=world.a.assessor_assessment, firm=world.a.firms[0]
        )
    response = client.post(
        reverse("assessments:roadmap_pdf", args=[world.a.assessor_assessment.pk]), {"language": "tr"}
    )
    assert response.status_code == 302 and response.url.endswith(f"/{world.a.assessor_assessment.pk}/roadmap/")
    with scopes_disabled():
        assert not Job.objects.filter(kind="assessments.roadmap_pdf").exists()
        assert roadmap.pk
