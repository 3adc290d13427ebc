"""Uploads of bands."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from assessments import selectors, spreadsheets
from assessments.models import (
    Score,
    ScoreUpload,
)
from portal.services.audit import audit_record
from portal.services.jobs import job_enqueue

from ._common import _now
from .bands import assessor_bands_save

# Files bigger than this are checked by a background job (with a progress bar) instead of in the request.
UPLOAD_INLINE_BYTES = getattr(settings, "ASSESSMENT_UPLOAD_INLINE_BYTES", 256 * 1024)
# Uploads with more firm rows than this are applied by a background job.
UPLOAD_APPLY_INLINE_ROWS = getattr(settings, "ASSESSMENT_UPLOAD_APPLY_INLINE_ROWS", 200)
MAX_REPORTED_PROBLEMS = 500
JOB_SCORE_UPLOAD = "assessments.score_upload"


@transaction.atomic
def score_upload_receive(*, actor, program_id: int, version, file) -> tuple[ScoreUpload, bool]:
    """Take an uploaded workbook. Returns (upload, already_applied): the same file applied before changes
    nothing and returns that earlier upload. Small files are checked now, big ones by a background job.
    A file too large or of another kind (a PDF, a photo) is refused here, before anything is stored."""
    spreadsheets.refuse_before_storing(file)
    sha = spreadsheets.sha256_of(file)
    earlier = ScoreUpload.objects.filter(
        program_id=program_id, version=version, sha256=sha, status=ScoreUpload.Status.APPLIED
    ).first()
    if earlier is not None:
        return earlier, True
    upload = ScoreUpload.objects.create(
        program_id=program_id,
        uploaded_by=actor,
        version=version,
        original_name=(getattr(file, "name", "") or "upload")[-255:],
        sha256=sha,
    )
    if (getattr(file, "size", 0) or 0) <= UPLOAD_INLINE_BYTES:
        _check_upload(upload, file)
    else:
        upload.file.save(f"bands-{upload.pk}", file, save=True)
        upload.job = job_enqueue(
            program_id=program_id, actor=actor, kind=JOB_SCORE_UPLOAD, params={"upload_id": upload.pk, "step": "check"}
        )
        upload.save(update_fields=["job"])
    audit_record(
        program_id=program_id,
        actor=actor,
        action="assessment.score_upload",
        target=upload,
        data={"sha256": sha, "status": upload.status},
    )
    return upload, False


def _check_upload(upload: ScoreUpload, file, progress=None) -> ScoreUpload:
    """Validate every cell; keep the report (sheet, row, column) or the preview. Writes no bands."""
    version = upload.version
    dimensions = selectors.version_dimensions(version)
    problems, preview = [], []
    try:
        sheets = spreadsheets.read_table_file(file)
    except spreadsheets.Rejected as rejected:
        problems = rejected.problems
        sheets = []
    sheet = next((x for x in sheets if x.name == "Bands"), sheets[0] if sheets else None)  # the template's sheet
    if sheet is not None:
        rows, problems = spreadsheets.parse_band_sheet(
            sheet,
            framework_code=version.framework.code,
            version_number=version.number,
            codes=[d.code for d in dimensions],
            band_min=version.band_min,
            band_max=version.band_max,
        )
        if progress:
            progress(1, 2)
        open_by_firm = {
            a.firm_id: a
            for a in selectors.open_assessments_for_entry(
                program_id=upload.program_id, user_id=upload.uploaded_by_id, version=version
            )
        }
        current = {}
        for score in Score.objects.filter(
            assessment__in=list(open_by_firm.values()), source=Score.Source.ASSESSOR
        ).select_related("dimension"):
            current.setdefault(score.assessment_id, {})[score.dimension.code] = score.band
        for row in rows:
            assessment = open_by_firm.get(row.firm_id)
            if assessment is None:
                problems.append(
                    spreadsheets.Problem(
                        sheet.name,
                        row.row,
                        spreadsheets.column(spreadsheets.FIRM_ID_COLUMN),
                        _(
                            "Unknown firm %(id)s: it is not one of your assessments open for band entry "
                            "in %(framework)s version %(version)s."
                        )
                        % {"id": row.firm_id, "framework": version.framework.code, "version": version.number},
                        "unknown_firm",
                    )
                )
                continue
            old = current.get(assessment.pk, {})
            preview.append(
                {
                    "row": row.row,
                    "assessment": assessment.pk,
                    "firm": assessment.firm.name,
                    "bands": row.bands,
                    "changes": {c: [old.get(c), b] for c, b in sorted(row.bands.items()) if old.get(c) != b},
                }
            )
    if problems:
        upload.status = ScoreUpload.Status.INVALID
        upload.errors = [p.as_dict() for p in problems[:MAX_REPORTED_PROBLEMS]]
        upload.preview = []
        _forget_file(upload)  # a refused file is not kept: the report says what to fix
    else:
        upload.status = ScoreUpload.Status.VALID
        upload.errors = []
        upload.preview = preview
    upload.save(update_fields=["status", "errors", "preview", "file"])
    return upload


def _forget_file(upload: ScoreUpload) -> None:
    if upload.file:
        storage, name = upload.file.storage, upload.file.name
        upload.file = None
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def score_upload_apply(*, actor, upload: ScoreUpload) -> ScoreUpload:
    """Write the previewed bands, all or nothing. Applying twice (or the same file again) changes nothing."""
    if upload.uploaded_by_id != actor.pk:
        raise PermissionDenied
    claimed = ScoreUpload.objects.filter(pk=upload.pk, status=ScoreUpload.Status.VALID).update(
        status=ScoreUpload.Status.APPLIED, applied_at=_now()
    )
    if not claimed:
        upload.refresh_from_db()
        if upload.status == ScoreUpload.Status.APPLIED:
            return upload  # a second click
        raise ValidationError(_("Only a checked file without errors can be applied."), code="not_valid")
    open_by_pk = {
        a.pk: a
        for a in selectors.open_assessments_for_entry(
            program_id=upload.program_id, user_id=actor.pk, version=upload.version
        )
    }
    codes = {d.code: d.pk for d in selectors.version_dimensions(upload.version)}
    closed = [row["firm"] for row in upload.preview if row["assessment"] not in open_by_pk]
    if closed:
        raise ValidationError(
            _("These assessments are no longer open for band entry: %(firms)s. Nothing was written.")
            % {"firms": ", ".join(closed)},
            code="closed",
        )
    try:
        with transaction.atomic():
            for row in upload.preview:
                assessor_bands_save(
                    actor=actor,
                    assessment=open_by_pk[row["assessment"]],
                    entries={codes[c]: (band, None) for c, band in row["bands"].items()},
                    upload=upload,
                )
    except IntegrityError as error:  # the same file applied by a parallel request
        raise ValidationError(_("This file has just been applied."), code="duplicate") from error
    upload.refresh_from_db()
    audit_record(
        program_id=upload.program_id,
        actor=actor,
        action="assessment.score_upload_apply",
        target=upload,
        data={"rows": len(upload.preview)},
    )
    return upload


@transaction.atomic
def score_upload_confirm(*, actor, upload: ScoreUpload) -> ScoreUpload:
    """Apply now, or hand a large upload to a background job."""
    if upload.uploaded_by_id != actor.pk:
        raise PermissionDenied
    if upload.status == ScoreUpload.Status.VALID and len(upload.preview) > UPLOAD_APPLY_INLINE_ROWS:
        upload.job = job_enqueue(
            program_id=upload.program_id,
            actor=actor,
            kind=JOB_SCORE_UPLOAD,
            params={"upload_id": upload.pk, "step": "apply"},
        )
        upload.save(update_fields=["job"])
        return upload
    return score_upload_apply(actor=actor, upload=upload)


def score_upload_job(job, progress) -> None:
    """Job handler: check a stored upload, or apply a checked one."""
    upload = ScoreUpload.objects.select_related("version__framework").get(pk=job.params["upload_id"])
    if job.params.get("step") == "apply":
        score_upload_apply(actor=job.requested_by, upload=upload)
        return None
    with transaction.atomic(), upload.file.open("rb") as handle:
        data = ContentFile(handle.read(), name=upload.original_name)
        _check_upload(upload, data, progress=progress)
    return None
