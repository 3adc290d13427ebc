"""Every write of the assessments app: keyword-only, transactional, taking the acting user, checking state,
writing an audit event. Views, jobs and the demo data all call these.

Permission predicates (assessments.permissions) are checked by the callers that have an audience (views);
services re-check what must hold whoever calls them: the state, the assignment of the acting assessor, the
ranges of bands and inputs.
"""

import io
import logging
import zipfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessments import notifications, permissions, selectors, spreadsheets, workflow
from assessments.frameworks import create_version, real_models, structure_from_version
from assessments.models import (
    Assessment,
    AssessmentTransition,
    AssessorAssignment,
    BandDescriptor,
    BestInClass,
    ContentImport,
    Evidence,
    FrameworkVersion,
    IndustryGroup,
    InputCategory,
    PlanningHorizon,
    Publication,
    PublishedScore,
    Relevance,
    Roadmap,
    RoadmapDocument,
    RoadmapItem,
    Score,
    ScoreUpload,
    SizeClass,
)
from portal import roles
from portal.api import webhooks
from portal.api.webhooks import webhook_emit
from portal.models import Job, Membership
from portal.services.audit import audit_record
from portal.services.jobs import JobResult, job_enqueue
from portal.uploads import validate_upload

logger = logging.getLogger(__name__)

# Files bigger than this are checked by a background job (with a progress bar) instead of in the request.
UPLOAD_INLINE_BYTES = getattr(settings, "ASSESSMENT_UPLOAD_INLINE_BYTES", 256 * 1024)
# Uploads with more firm rows than this are applied by a background job.
UPLOAD_APPLY_INLINE_ROWS = getattr(settings, "ASSESSMENT_UPLOAD_APPLY_INLINE_ROWS", 200)
MAX_REPORTED_PROBLEMS = 500

JOB_ROADMAP_PDF = "assessments.roadmap_pdf"
JOB_ROADMAP_PDF_BATCH = "assessments.roadmap_pdf_batch"
JOB_SCORE_UPLOAD = "assessments.score_upload"


def _now():
    return timezone.now()


def _check_band(version, band, *, code: str = "") -> int:
    if isinstance(band, bool) or not isinstance(band, int) or not version.band_min <= band <= version.band_max:
        raise ValidationError(
            _("%(dimension)s: band %(band)s is out of range; bands are %(low)s to %(high)s.")
            % {"dimension": code or _("Band"), "band": band, "low": version.band_min, "high": version.band_max},
            code="band_out_of_range",
        )
    return band


def _is_assessor_of(program_id: int, user) -> bool:
    return Membership.objects.filter(
        program_id=program_id, user=user, role__code=roles.ASSESSOR, is_active=True
    ).exists()


# --- Scheduling and the workflow -------------------------------------------------------------------


@transaction.atomic
def assessment_schedule(
    *,
    actor,
    program_id: int,
    firm,
    version: FrameworkVersion,
    lead,
    co_assessors=(),
    site: str = "",
    size_class: str = "",
    starts_on=None,
    ends_on=None,
) -> Assessment:
    """Staff schedule an assessment of a firm with a framework version, a lead assessor and co-assessors.

    A second assessment of the same framework takes the firm's latest published one as its T0."""
    errors = {}
    if firm.program_id != program_id:
        errors["firm"] = _("This firm is not in the programme.")
    if not _is_assessor_of(program_id, lead):
        errors["lead"] = _("The lead assessor must be an assessor of the programme.")
    co_assessors = [u for u in co_assessors if u.pk != lead.pk]
    if any(not _is_assessor_of(program_id, u) for u in co_assessors):
        errors["co_assessors"] = _("Co-assessors must be assessors of the programme.")
    if size_class and size_class not in SizeClass.values:
        errors["size_class"] = _("Unknown size class.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
    baseline = (
        Assessment.objects.filter(
            program_id=program_id, firm=firm, framework_id=version.framework_id, publications__isnull=False
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    assessment = Assessment.objects.create(
        program_id=program_id,
        firm=firm,
        framework_id=version.framework_id,
        version=version,
        site=site,
        size_class=size_class,
        starts_on=starts_on,
        ends_on=ends_on,
        baseline=baseline,
        created_by=actor,
        status_changed_at=_now(),
    )
    AssessorAssignment.objects.bulk_create(
        [AssessorAssignment(program_id=program_id, assessment=assessment, firm=firm, user=lead, is_lead=True)]
        + [AssessorAssignment(program_id=program_id, assessment=assessment, firm=firm, user=u) for u in co_assessors]
    )
    AssessmentTransition.objects.create(
        program_id=program_id, assessment=assessment, firm=firm, to_status=assessment.status, actor=actor
    )
    audit_record(
        program_id=program_id,
        actor=actor,
        action="assessment.schedule",
        target=assessment,
        data={"version": str(version), "lead": lead.pk, "co_assessors": [u.pk for u in co_assessors]},
    )
    return assessment


def _move(*, audience, actor, assessment: Assessment, name: str, reason: str = "") -> workflow.Move:
    """The one way a state changes: check who, the state and the move's conditions; record the transition."""
    move = workflow.MOVES[name]
    if assessment.status not in move.sources:
        raise ValidationError(
            _("This assessment is “%(status)s”; it cannot go to “%(target)s” from there.")
            % {"status": assessment.get_status_display(), "target": Assessment.Status(move.target).label},
            code="bad_state",
        )
    if not permissions.assessment_can_move(audience, assessment, move):
        raise PermissionDenied
    reason = (reason or "").strip()
    if move.reason_required and not reason:
        raise ValidationError({"reason": _("Give a reason: it is kept with the assessment.")})
    total = assessment.version.dimensions.count()
    if move.needs_all_assessor_bands:
        done = Score.objects.filter(assessment=assessment, source=Score.Source.ASSESSOR).count()
        if done < total:
            raise ValidationError(
                _("%(done)s of %(total)s dimensions have an assessor band; all are needed.")
                % {"done": done, "total": total},
                code="incomplete",
            )
    if move.needs_all_self_bands_for_firm and not (
        audience.has_role(roles.STAFF) or permissions.is_assigned(audience, assessment)
    ):
        done = Score.objects.filter(assessment=assessment, source=Score.Source.SELF).count()
        if done < total:
            raise ValidationError(
                _("%(done)s of %(total)s dimensions are answered; answer them all before sending.")
                % {"done": done, "total": total},
                code="incomplete",
            )
    changed = Assessment.objects.filter(pk=assessment.pk, status=assessment.status).update(
        status=move.target, status_changed_at=_now()
    )
    if not changed:
        raise ValidationError(_("Someone changed this assessment a moment ago. Reload the page."), code="stale")
    AssessmentTransition.objects.create(
        program_id=assessment.program_id,
        assessment=assessment,
        firm_id=assessment.firm_id,
        from_status=assessment.status,
        to_status=move.target,
        actor=actor,
        reason=reason,
    )
    audit_record(
        program_id=assessment.program_id,
        actor=actor,
        action=f"assessment.{move.name}",
        target=assessment,
        data={"from": assessment.status, "to": move.target, "reason": reason},
    )
    assessment.status = move.target
    return move


@transaction.atomic
def assessment_open_self_assessment(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    _move(audience=audience, actor=actor, assessment=assessment, name="open_self_assessment", reason=reason)
    notifications.assessment_moved(assessment=assessment, move="open_self_assessment", actor=actor, reason=reason)
    return assessment


@transaction.atomic
def assessment_start_evaluation(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    """The firm sends its self-assessment, or an assessor (or staff) starts without waiting for it."""
    _move(audience=audience, actor=actor, assessment=assessment, name="start_evaluation", reason=reason)
    notifications.assessment_moved(assessment=assessment, move="start_evaluation", actor=actor, reason=reason)
    return assessment


@transaction.atomic
def assessment_submit_for_review(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    _move(audience=audience, actor=actor, assessment=assessment, name="submit_for_review", reason=reason)
    notifications.assessment_moved(assessment=assessment, move="submit_for_review", actor=actor, reason=reason)
    return assessment


@transaction.atomic
def assessment_return_to_evaluation(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    _move(audience=audience, actor=actor, assessment=assessment, name="return_to_evaluation", reason=reason)
    return assessment


@transaction.atomic
def assessment_open_revision(*, audience, actor, assessment: Assessment, reason: str = "") -> Assessment:
    """Reopen a published assessment; the publication stays readable until the next one replaces it."""
    _move(audience=audience, actor=actor, assessment=assessment, name="open_revision", reason=reason)
    notifications.assessment_moved(assessment=assessment, move="open_revision", actor=actor, reason=reason)
    return assessment


@transaction.atomic
def assessment_publish(*, audience, actor, assessment: Assessment, reason: str = "") -> Publication:
    """Freeze the assessor's bands as a publication the firm sees; the first one also drafts the roadmap."""
    _move(audience=audience, actor=actor, assessment=assessment, name="publish", reason=reason)
    number = Publication.objects.filter(assessment=assessment).count() + 1
    if number > 1 and not reason:  # a revision's publication says why the revision was opened
        reason = (
            AssessmentTransition.objects.filter(assessment=assessment, to_status=Assessment.Status.REVISION)
            .order_by("-created_at", "-pk")
            .values_list("reason", flat=True)
            .first()
        ) or ""
    publication = Publication.objects.create(
        program_id=assessment.program_id,
        assessment=assessment,
        firm_id=assessment.firm_id,
        framework_id=assessment.framework_id,
        number=number,
        reason=reason,
        published_by=actor,
    )
    PublishedScore.objects.bulk_create(
        PublishedScore(
            program_id=assessment.program_id,
            publication=publication,
            firm_id=assessment.firm_id,
            dimension_id=s.dimension_id,
            band=s.band,
            note=s.note,
        )
        for s in Score.objects.filter(assessment=assessment, source=Score.Source.ASSESSOR)
    )
    _make_current(publication)
    if not Roadmap.objects.filter(assessment=assessment).exists():
        roadmap_draft_from_priorities(actor=actor, assessment=assessment)
    audit_record(
        program_id=assessment.program_id,
        actor=actor,
        action="assessment.publication",
        target=publication,
        data={"number": number},
    )
    notifications.assessment_moved(assessment=assessment, move="publish", actor=actor, publication=publication)
    webhook_emit(
        program_id=assessment.program_id,
        event=webhooks.ASSESSMENT_PUBLISHED,
        data={
            "assessment": assessment.pk,
            "firm": assessment.firm_id,
            "framework": assessment.framework.code,
            "publication": number,
        },
    )
    return publication


def _make_current(publication: Publication) -> None:
    """The benchmark pool holds each firm's latest result per framework: the newest published assessment."""
    newest = (
        Assessment.objects.filter(
            program_id=publication.program_id,
            firm_id=publication.firm_id,
            framework_id=publication.framework_id,
            publications__isnull=False,
        )
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if newest != publication.assessment_id:
        return
    Publication.objects.filter(
        program_id=publication.program_id,
        firm_id=publication.firm_id,
        framework_id=publication.framework_id,
        is_current=True,
    ).update(is_current=False)
    Publication.objects.filter(pk=publication.pk).update(is_current=True)
    publication.is_current = True


MOVE_SERVICES = {
    "open_self_assessment": assessment_open_self_assessment,
    "start_evaluation": assessment_start_evaluation,
    "submit_for_review": assessment_submit_for_review,
    "return_to_evaluation": assessment_return_to_evaluation,
    "publish": assessment_publish,
    "open_revision": assessment_open_revision,
}


# --- Bands ------------------------------------------------------------------------------------------


def _write_scores(*, assessment: Assessment, source: str, entries: dict, actor, upload=None) -> dict:
    """Upsert one side's bands. entries: dimension id -> (band, note); a None band leaves the band as it is
    (a None note leaves the note). Returns {dimension code: [old band, new band]} for the bands that changed."""
    dimensions = {d.pk: d for d in assessment.version.dimensions.all()}
    existing = {s.dimension_id: s for s in Score.objects.filter(assessment=assessment, source=source)}
    changes, to_create, to_update = {}, [], []
    for dimension_id, (band, note) in entries.items():
        dimension = dimensions.get(int(dimension_id))
        if dimension is None:
            raise ValidationError(_("A dimension of another framework version was sent."), code="bad_dimension")
        score = existing.get(dimension.pk)
        if band is not None:
            _check_band(assessment.version, band, code=dimension.code)
        if score is None:
            if band is None:
                continue
            to_create.append(
                Score(
                    program_id=assessment.program_id,
                    assessment=assessment,
                    firm_id=assessment.firm_id,
                    dimension=dimension,
                    source=source,
                    band=band,
                    note=note or "",
                    upload=upload,
                    updated_by=actor,
                )
            )
            changes[dimension.code] = [None, band]
            continue
        new_band = score.band if band is None else band
        new_note = score.note if note is None else note
        if (new_band, new_note) == (score.band, score.note):
            continue
        if new_band != score.band:
            changes[dimension.code] = [score.band, new_band]
            score.upload = upload
        score.band, score.note, score.updated_by = new_band, new_note, actor
        to_update.append(score)
    Score.objects.bulk_create(to_create)
    if to_update:  # one statement, not one per dimension (bulk_update does not apply auto_now: set it here)
        now = _now()
        for score in to_update:
            score.updated_at = now
        Score.objects.bulk_update(to_update, ["band", "note", "upload", "updated_by", "updated_at"])
    return changes


@transaction.atomic
def self_assessment_save(*, audience, actor, assessment: Assessment, answers: dict) -> dict:
    """The firm's answers (dimension id -> (band or None, note)); save and resume as often as she likes."""
    if not permissions.is_firm_user_of(audience, assessment):
        raise PermissionDenied
    if assessment.status not in workflow.SELF_ASSESSMENT_OPEN:
        raise ValidationError(_("The self-assessment is closed."), code="closed")
    changes = _write_scores(assessment=assessment, source=Score.Source.SELF, entries=answers, actor=actor)
    if changes:
        audit_record(
            program_id=assessment.program_id,
            actor=actor,
            action="assessment.self_assessment_save",
            target=assessment,
            data={"changes": changes},
        )
    return changes


@transaction.atomic
def assessor_bands_save(*, actor, assessment: Assessment, entries: dict, upload=None) -> dict:
    """An assigned assessor's bands and justifications (dimension id -> (band or None, note or None))."""
    if not AssessorAssignment.objects.filter(assessment=assessment, user=actor).exists():
        raise PermissionDenied
    if assessment.status not in workflow.ASSESSOR_ENTRY_OPEN:
        raise ValidationError(
            _("Bands can be entered during evaluation or revision; this assessment is “%(status)s”.")
            % {"status": assessment.get_status_display()},
            code="closed",
        )
    changes = _write_scores(
        assessment=assessment, source=Score.Source.ASSESSOR, entries=entries, actor=actor, upload=upload
    )
    if changes:
        audit_record(
            program_id=assessment.program_id,
            actor=actor,
            action="assessment.bands_save",
            target=assessment,
            data={"changes": changes, "upload": upload.pk if upload else None},
        )
    return changes


MAX_NOTE_LENGTH = 5000


@transaction.atomic
def assessor_bands_submit(*, audience, actor, assessment: Assessment, bands: list[dict]) -> dict:
    """Bands of several dimensions in one go (the API): every entry checked as a workbook cell is (the same
    band rules and messages), then written all or nothing by `assessor_bands_save`, as an upload is.

    bands: [{"dimension": code, "band": number, "note": text or None}]. Problems are reported per dimension
    (ValidationError keyed by dimension code, `bands` for the request as a whole)."""
    if not permissions.is_assigned(audience, assessment):
        raise PermissionDenied
    version = assessment.version
    codes = {d.code.upper(): d for d in selectors.version_dimensions(version)}
    problems: dict[str, list[ValidationError]] = {}
    entries = {}
    if not bands:
        raise ValidationError({"bands": ValidationError(_("Send at least one band."), code="no_bands")})
    for entry in bands:
        code = str(entry.get("dimension", "")).strip()
        dimension = codes.get(code.upper())
        if dimension is None:
            message = _("“%(code)s” is not a dimension of %(framework)s version %(version)s.") % {
                "code": code[:40],
                "framework": version.framework.code,
                "version": version.number,
            }
            problems.setdefault(code or "bands", []).append(ValidationError(message, code="unknown_dimension"))
            continue
        if dimension.pk in entries:
            problems.setdefault(dimension.code, []).append(
                ValidationError(
                    _("Dimension %(code)s appears twice.") % {"code": dimension.code}, code="duplicate_dimension"
                )
            )
            continue
        band, error = spreadsheets.read_whole_number(entry.get("band"), low=version.band_min, high=version.band_max)
        note = entry.get("note")
        if note is not None and len(str(note)) > MAX_NOTE_LENGTH:
            error = (_("The note is longer than %(max)s characters.") % {"max": MAX_NOTE_LENGTH}, "note_too_long")
        if error:
            problems.setdefault(dimension.code, []).append(ValidationError(error[0], code=error[1]))
            continue
        entries[dimension.pk] = (band, None if note is None else str(note))
    if problems:
        raise ValidationError(problems)
    return assessor_bands_save(actor=actor, assessment=assessment, entries=entries)


@transaction.atomic
def evidence_add(*, actor, assessment: Assessment, dimension, file) -> Evidence:
    if not AssessorAssignment.objects.filter(assessment=assessment, user=actor).exists():
        raise PermissionDenied
    if assessment.status not in workflow.ASSESSOR_ENTRY_OPEN | {Assessment.Status.REVIEW}:
        raise ValidationError(_("Evidence is added during evaluation, review or revision."), code="closed")
    if dimension is not None and dimension.version_id != assessment.version_id:
        raise ValidationError(_("A dimension of another framework version was sent."), code="bad_dimension")
    validate_upload(file)
    evidence = Evidence(
        program_id=assessment.program_id,
        assessment=assessment,
        firm_id=assessment.firm_id,
        dimension=dimension,
        original_name=(getattr(file, "name", "") or "evidence")[-255:],
        uploaded_by=actor,
    )
    evidence.file.save(evidence.original_name, file, save=False)
    evidence.save()
    audit_record(
        program_id=assessment.program_id,
        actor=actor,
        action="assessment.evidence_add",
        target=evidence,
        data={"dimension": dimension.code if dimension else None},
    )
    return evidence


@transaction.atomic
def priority_inputs_save(
    *,
    actor,
    assessment: Assessment,
    industry_group: IndustryGroup | None,
    planning_horizon: str,
    cost_profile: dict,
    kpi_codes: list,
) -> Assessment:
    """The firm's cost profile (% of operating cost per category, summing to 100), chosen KPIs, industry group
    and planning horizon: the inputs of the prioritisation."""
    if not AssessorAssignment.objects.filter(assessment=assessment, user=actor).exists():
        raise PermissionDenied
    version = assessment.version
    categories = InputCategory.objects.filter(version=version)
    cost_codes = set(categories.filter(kind=InputCategory.Kind.COST).values_list("code", flat=True))
    kpi_known = set(categories.filter(kind=InputCategory.Kind.KPI).values_list("code", flat=True))
    errors = {}
    if industry_group is not None and industry_group.version_id != version.pk:
        errors["industry_group"] = _("This industry group belongs to another framework version.")
    if planning_horizon not in PlanningHorizon.values:
        errors["planning_horizon"] = _("Unknown planning horizon.")
    profile = {}
    for code, share in (cost_profile or {}).items():
        if code not in cost_codes:
            errors["cost_profile"] = _("Unknown cost category %(code)s.") % {"code": code}
            break
        if isinstance(share, bool) or not isinstance(share, int) or not 0 <= share <= 100:
            errors["cost_profile"] = _("Each share is a whole percentage from 0 to 100.")
            break
        if share:
            profile[code] = share
    else:
        total = sum(profile.values())
        if profile and total != 100:
            errors["cost_profile"] = _("The shares add up to %(total)s%%; they must add up to 100%%.") % {
                "total": total
            }
    unknown = set(kpi_codes or []) - kpi_known
    if unknown:
        errors["kpi_codes"] = _("Unknown KPI categories: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
    if errors:
        raise ValidationError(errors)
    assessment.industry_group = industry_group
    assessment.planning_horizon = planning_horizon
    assessment.cost_profile = profile
    assessment.kpi_codes = sorted(set(kpi_codes or []))
    assessment.save(update_fields=["industry_group", "planning_horizon", "cost_profile", "kpi_codes"])
    audit_record(
        program_id=assessment.program_id,
        actor=actor,
        action="assessment.priority_inputs_save",
        target=assessment,
        data={"horizon": planning_horizon, "kpis": assessment.kpi_codes, "cost_profile": profile},
    )
    return assessment


# --- Uploads of bands -----------------------------------------------------------------------------


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


# --- Roadmaps ------------------------------------------------------------------------------------


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


# --- Licensed content ---------------------------------------------------------------------------


@transaction.atomic
def content_import(
    *, audience, actor, base_version: FrameworkVersion, file, licence_reference: str, notes: str = ""
) -> tuple[FrameworkVersion, bool]:
    """Import licensed descriptors and tables as a new version based on `base_version` (validated as a whole;
    nothing is written if one row is wrong). Returns (version, created); the same file again creates nothing."""
    if not permissions.content_can_import(audience):
        raise PermissionDenied
    if not (licence_reference or "").strip():
        raise ValidationError({"licence_reference": _("Say under which licence this content is used.")})
    sha = spreadsheets.sha256_of(file)
    earlier = ContentImport.objects.filter(based_on=base_version, sha256=sha).select_related("version").first()
    if earlier is not None:
        return earlier.version, False
    sheets = spreadsheets.read_table_file(file)
    dimensions = selectors.version_dimensions(base_version)
    categories = list(InputCategory.objects.filter(version=base_version))
    groups = list(IndustryGroup.objects.filter(version=base_version))
    content, problems = spreadsheets.parse_content_workbook(
        sheets,
        dimensions=[d.code for d in dimensions],
        categories={(c.kind, c.code) for c in categories},
        groups={g.code for g in groups},
        band_min=base_version.band_min,
        band_max=base_version.band_max,
    )
    if problems:
        raise spreadsheets.Rejected(problems)
    models = real_models()
    record = ContentImport.objects.create(
        framework=base_version.framework,
        based_on=base_version,
        imported_by=actor,
        original_name=(getattr(file, "name", "") or "import")[-255:],
        sha256=sha,
        licence_reference=licence_reference.strip(),
        notes=notes,
        counts={
            "descriptors": len(content.descriptors),
            "relevance": len(content.relevance),
            "best_in_class": len(content.best_in_class),
        },
    )
    version = create_version(
        models,
        base_version.framework,
        structure_from_version(base_version, models),
        content_source=FrameworkVersion.Source.LICENSED,
        based_on=base_version,
        content_import=record,
    )
    dims = {d.code: d for d in version.dimensions.all()}
    new_categories = {(c.kind, c.code): c for c in version.input_categories.all()}
    new_groups = {g.code: g for g in version.industry_groups.all()}
    BandDescriptor.objects.bulk_create(
        BandDescriptor(dimension=dims[code], band=band, text_tr=tr, text_en=en)
        for (code, band), (tr, en) in content.descriptors.items()
    )
    Relevance.objects.bulk_create(
        Relevance(dimension=dims[code], category=new_categories[(kind, cat)], degree=degree)
        for (code, kind, cat), degree in content.relevance.items()
    )
    BestInClass.objects.bulk_create(
        BestInClass(dimension=dims[code], industry_group=new_groups.get(group) if group else None, band=band)
        for (code, group), band in content.best_in_class.items()
    )
    audit_record(
        program_id=audience.program_id,
        actor=actor,
        action="framework.content_import",
        target=record,
        data={"version": str(version), "based_on": str(base_version), **record.counts},
    )
    return version, True


# --- reminders ----------------------------------------------------------------------------------------------------

# How many days before the assessors start (the assessment's start date) a firm that has not sent its
# self-assessment is reminded. An operational nudge, not a programme fact.
SELF_ASSESSMENT_REMINDER_DAYS = getattr(settings, "ASSESSMENT_SELF_ASSESSMENT_REMINDER_DAYS", 3)


@transaction.atomic
def self_assessments_remind(*, program_id: int, today=None) -> int:
    """Tell the firm users of each self-assessment still open whose start date is near. Safe to run daily: the
    notification service writes each reminder once per assessment. Two queries whatever the number of firms."""
    from datetime import timedelta

    today = today or timezone.localdate()
    due = list(
        Assessment.objects.filter(
            program_id=program_id,
            status=Assessment.Status.SELF_ASSESSMENT,
            starts_on__gte=today,
            starts_on__lte=today + timedelta(days=SELF_ASSESSMENT_REMINDER_DAYS),
        ).select_related("firm", "framework")
    )
    for assessment in due:
        notifications.self_assessment_due(assessment=assessment)
    return len(due)
