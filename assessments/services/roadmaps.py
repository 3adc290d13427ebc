"""Roadmaps."""

import io
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments import notifications, permissions, selectors
from assessments.models import (
    Assessment,
    Publication,
    Roadmap,
    RoadmapDocument,
    RoadmapItem,
)
from portal.api import webhooks
from portal.api.webhooks import webhook_emit
from portal.models import Job
from portal.services.audit import audit_record
from portal.services.jobs import JobResult, job_enqueue

from ._common import _now

JOB_ROADMAP_PDF = "assessments.roadmap_pdf"
JOB_ROADMAP_PDF_BATCH = "assessments.roadmap_pdf_batch"


def _bump(roadmap: Roadmap, actor) -> None:
    """A change makes a new revision, and the PDFs already printed are rebuilt for it (the earlier ones stay).

    At most one rebuild per language waits at a time: a burst of edits is printed once, at its latest revision
    (the job reads the revision when it runs)."""
    Roadmap.objects.filter(pk=roadmap.pk).update(revision=F("revision") + 1, updated_at=_now())
    roadmap.refresh_from_db(fields=["revision", "updated_at"])
    printed = set(RoadmapDocument.objects.filter(roadmap=roadmap).values_list("language", flat=True))
    waiting = set(
        Job.objects.filter(
            program_id=roadmap.program_id,
            kind=JOB_ROADMAP_PDF,
            status=Job.Status.QUEUED,
            params__roadmap_id=roadmap.pk,
        ).values_list("params__language", flat=True)
    )
    for language in sorted(printed - waiting):
        job_enqueue(
            program_id=roadmap.program_id,
            actor=actor,
            kind=JOB_ROADMAP_PDF,
            params={"roadmap_id": roadmap.pk, "language": language},
        )


@transaction.atomic
def roadmap_draft_from_priorities(*, actor, assessment: Assessment) -> Roadmap:
    """One item per priority: target one band up, across the whole pilot, initiatives to be written."""
    from assessments.results import assessment_results

    roadmap, created = Roadmap.objects.get_or_create(
        program_id=assessment.program_id, assessment=assessment, defaults={"firm_id": assessment.firm_id}
    )
    if not created:
        return roadmap
    results = assessment_results(assessment=assessment, published_only=True)
    RoadmapItem.objects.bulk_create(
        RoadmapItem(
            program_id=assessment.program_id,
            roadmap=roadmap,
            firm_id=assessment.firm_id,
            dimension=p.dimension,
            target_band=min(p.ranked.band + 1, assessment.version.band_max),
            order=i,
        )
        for i, p in enumerate(results.priorities)
    )
    audit_record(
        program_id=assessment.program_id,
        actor=actor,
        action="roadmap.draft",
        target=roadmap,
        data={"priorities": [p.dimension.code for p in results.priorities]},
    )
    return roadmap


ITEM_FIELDS = (
    "dimension",
    "target_band",
    "initiative",
    "start_quarter",
    "end_quarter",
    "owner",
    "kpis",
    "status",
    "progress",
)


def _check_item(roadmap: Roadmap, data: dict) -> None:
    version = roadmap.assessment.version
    errors = {}
    if data["dimension"].version_id != version.pk:
        errors["dimension"] = _("This dimension belongs to another framework version.")
    if not version.band_min <= data["target_band"] <= version.band_max:
        errors["target_band"] = _("Bands are %(low)s to %(high)s.") % {
            "low": version.band_min,
            "high": version.band_max,
        }
    if not 1 <= data["start_quarter"] <= data["end_quarter"] <= 4:
        errors["end_quarter"] = _("Quarters run from 1 to 4, the first not after the last.")
    if not 0 <= data["progress"] <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    if data["status"] not in RoadmapItem.Status.values:
        errors["status"] = _("Unknown status.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def roadmap_item_add(*, audience, actor, roadmap: Roadmap, **data) -> RoadmapItem:
    if not permissions.roadmap_can_edit(audience, roadmap.assessment):
        raise PermissionDenied
    data = {**{"status": RoadmapItem.Status.PLANNED, "progress": 0}, **data}
    _check_item(roadmap, data)
    item = RoadmapItem.objects.create(
        program_id=roadmap.program_id,
        roadmap=roadmap,
        firm_id=roadmap.firm_id,
        order=roadmap.items.count(),
        **{k: data[k] for k in ITEM_FIELDS},
    )
    _bump(roadmap, actor)
    audit_record(
        program_id=roadmap.program_id,
        actor=actor,
        action="roadmap.item_add",
        target=item,
        data={"revision": roadmap.revision},
    )
    return item


@transaction.atomic
def roadmap_item_update(*, audience, actor, item: RoadmapItem, **data) -> RoadmapItem:
    roadmap = item.roadmap
    if not permissions.roadmap_can_edit(audience, roadmap.assessment):
        raise PermissionDenied
    merged = {k: data.get(k, getattr(item, k)) for k in ITEM_FIELDS}
    _check_item(roadmap, merged)
    changed = sorted(k for k in ITEM_FIELDS if merged[k] != getattr(item, k))
    if not changed:
        return item
    for k in changed:
        setattr(item, k, merged[k])
    item.save(update_fields=changed)
    _bump(roadmap, actor)
    audit_record(
        program_id=roadmap.program_id,
        actor=actor,
        action="roadmap.item_update",
        target=item,
        data={"fields": changed, "revision": roadmap.revision},
    )
    return item


@transaction.atomic
def roadmap_pdf_request(*, actor, roadmap: Roadmap, language: str):
    """Queue the PDF of the roadmap's current revision (built once per revision and language)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    if not Publication.objects.filter(assessment_id=roadmap.assessment_id).exists():
        raise ValidationError(_("The roadmap PDF is made once the results are published."), code="unpublished")
    return job_enqueue(
        program_id=roadmap.program_id,
        actor=actor,
        kind=JOB_ROADMAP_PDF,
        params={"roadmap_id": roadmap.pk, "language": language},
    )


def roadmap_document_build(*, actor, roadmap: Roadmap, language: str, progress=None) -> RoadmapDocument:
    """The PDF of the roadmap's current revision in one language; an existing one is reused."""
    from assessments.documents import roadmap_pdf

    existing = RoadmapDocument.objects.filter(roadmap=roadmap, revision=roadmap.revision, language=language).first()
    if existing is not None:
        return existing
    content = roadmap_pdf(roadmap=roadmap, language=language, progress=progress)
    assessment = roadmap.assessment
    with translation.override(language):
        filename = (
            f"{slugify(_('roadmap'))}-{slugify(assessment.firm.name)[:40]}-{assessment.framework.code.lower()}"
            f"-{assessment.pk}-r{roadmap.revision}-{language}.pdf"
        )
    try:
        with transaction.atomic():
            document = RoadmapDocument(
                program_id=roadmap.program_id,
                roadmap=roadmap,
                firm_id=roadmap.firm_id,
                revision=roadmap.revision,
                language=language,
                built_by=actor,
            )
            document.file.save(filename, ContentFile(content), save=False)
            document.save()
    except IntegrityError:  # built by a parallel job
        return RoadmapDocument.objects.get(roadmap=roadmap, revision=roadmap.revision, language=language)
    audit_record(
        program_id=roadmap.program_id,
        actor=actor,
        action="roadmap.document_build",
        target=document,
        data={"revision": roadmap.revision, "language": language},
    )
    notifications.roadmap_ready(roadmap=roadmap)
    webhook_emit(
        program_id=roadmap.program_id,
        event=webhooks.ROADMAP_READY,
        data={
            "assessment": roadmap.assessment_id,
            "firm": roadmap.firm_id,
            "roadmap_document": document.pk,
            "revision": roadmap.revision,
            "language": language,
        },
    )
    return document


def roadmap_pdf_job(job, progress) -> JobResult:
    roadmap = Roadmap.objects.select_related("assessment__version__framework", "firm").get(pk=job.params["roadmap_id"])
    document = roadmap_document_build(
        actor=job.requested_by, roadmap=roadmap, language=job.params["language"], progress=progress
    )
    with document.file.open("rb") as handle:
        return JobResult(filename=document.file.name.rsplit("/", 1)[-1], content=handle.read())


@transaction.atomic
def roadmaps_build_all_request(*, audience, actor, language: str):
    if not permissions.roadmaps_can_build_all(audience):
        raise PermissionDenied
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    return job_enqueue(
        program_id=audience.program_id, actor=actor, kind=JOB_ROADMAP_PDF_BATCH, params={"language": language}
    )


def roadmap_pdf_batch_job(job, progress) -> JobResult:
    """Every roadmap of the program with published results, as one zip; documents already built are reused."""
    language = job.params["language"]
    roadmaps = list(selectors.roadmaps_to_build(program_id=job.program_id))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, roadmap in enumerate(roadmaps, start=1):
            document = roadmap_document_build(actor=job.requested_by, roadmap=roadmap, language=language)
            with document.file.open("rb") as handle:
                archive.writestr(f"{roadmap.firm_id}-{roadmap.assessment_id}-r{roadmap.revision}.pdf", handle.read())
            progress(i, len(roadmaps))
    return JobResult(filename=f"roadmaps-{job.program_id}-{language}.zip", content=buffer.getvalue())
