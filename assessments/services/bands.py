"""Bands."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assessments import permissions, selectors, spreadsheets, workflow
from assessments.models import (
    Assessment,
    AssessorAssignment,
    Evidence,
    IndustryGroup,
    InputCategory,
    PlanningHorizon,
    Score,
)
from portal.services.audit import audit_record
from portal.uploads import validate_upload

from ._common import _now


def _check_band(version, band, *, code: str = "") -> int:
    if isinstance(band, bool) or not isinstance(band, int) or not version.band_min <= band <= version.band_max:
        raise ValidationError(
            _("%(dimension)s: band %(band)s is out of range; bands are %(low)s to %(high)s.")
            % {"dimension": code or _("Band"), "band": band, "low": version.band_min, "high": version.band_max},
            code="band_out_of_range",
        )
    return band


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
