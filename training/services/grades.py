"""Grades."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.services.audit import audit_record
from portal.uploads import XLSX, validate_upload
from training import selectors
from training.models import (
    Cohort,
    Grade,
)
from training.workbook import parse_grade_workbook, parse_score

from .access import _require_can_teach
from .certificates import cohort_completion_evaluate

GRADE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024


@transaction.atomic
def grades_record(*, cohort: Cohort, module, actor, scores: Mapping[int, object]) -> int:
    """Record scores (0–100) of one assessed module for trainees of the cohort. All or nothing; returns how
    many changed. The audit keeps each old → new score."""
    _require_can_teach(actor, cohort)
    if module.curriculum_id != cohort.curriculum_id or not module.is_assessed:
        raise ValidationError(_("Choose an assessed module of this cohort's curriculum."), code="module")
    roster = {e.trainee_id: e for e in selectors.grade_roster(cohort=cohort)}
    errors, clean = [], {}
    for trainee_id, value in scores.items():
        if trainee_id not in roster:
            errors.append(_("Trainee %(id)s is not in this cohort.") % {"id": trainee_id})
            continue
        try:
            clean[trainee_id] = parse_score(value)
        except ValueError as problem:
            errors.append(
                _("%(name)s: “%(value)s” %(problem)s.")
                % {"name": roster[trainee_id].trainee.user.get_full_name(), "value": value, "problem": problem}
            )
    if errors:
        raise ValidationError(errors, code="invalid")
    now = timezone.now()
    existing = {
        g.trainee_id: g for g in Grade.objects.select_for_update().filter(module=module, trainee_id__in=list(clean))
    }
    new, changed, trail = [], [], []
    for trainee_id, score in clean.items():
        grade = existing.get(trainee_id)
        if grade is None:
            new.append(
                Grade(
                    program_id=cohort.program_id,
                    trainee_id=trainee_id,
                    module=module,
                    cohort=cohort,
                    score=score,
                    graded_by=actor,
                    graded_at=now,
                )
            )
            trail.append([trainee_id, None, str(score)])
        elif grade.score != score:
            trail.append([trainee_id, str(grade.score), str(score)])
            grade.score, grade.cohort, grade.graded_by, grade.graded_at = score, cohort, actor, now
            changed.append(grade)
    Grade.objects.bulk_create(new)
    if changed:
        Grade.objects.bulk_update(changed, ["score", "cohort", "graded_by", "graded_at"])
    if trail:
        audit_record(
            program_id=cohort.program_id,
            actor=actor,
            action="grades.record",
            target=cohort,
            data={"module": module.code, "changes": trail},
        )
    return len(trail)


@transaction.atomic
def grades_import(*, cohort: Cohort, actor, upload) -> dict[str, int]:
    """Record the scores of a filled-in roster workbook. The whole file is checked first; a single bad cell
    means nothing is written. Returns {module code: scores changed}."""
    _require_can_teach(actor, cohort)
    validate_upload(upload, kinds=(XLSX,), max_bytes=GRADE_UPLOAD_MAX_BYTES)
    modules = {m.code: m for m in selectors.cohort_assessed_modules(cohort=cohort)}
    roster = {e.trainee_id: e.trainee.user.get_full_name() for e in selectors.grade_roster(cohort=cohort)}
    parsed = parse_grade_workbook(upload, roster=roster, module_codes=modules)
    changed = {
        code: grades_record(cohort=cohort, module=modules[code], actor=actor, scores=scores)
        for code, scores in parsed.items()
    }
    cohort_completion_evaluate(cohort=cohort, actor=actor)
    return changed
