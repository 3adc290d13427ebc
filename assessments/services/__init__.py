"""Every write of the assessments app: keyword-only, transactional, taking the acting user, checking state,
writing an audit event. Views, jobs and the demo data all call these.

Permission predicates (assessments.permissions) are checked by the callers that have an audience (views);
services re-check what must hold whoever calls them: the state, the assignment of the acting assessor, the
ranges of bands and inputs.
"""

from .bands import (
    MAX_NOTE_LENGTH,
    assessor_bands_save,
    assessor_bands_submit,
    evidence_add,
    priority_inputs_save,
    self_assessment_save,
)
from .content import content_import
from .lifecycle import (
    MOVE_SERVICES,
    assessment_open_revision,
    assessment_open_self_assessment,
    assessment_publish,
    assessment_return_to_evaluation,
    assessment_schedule,
    assessment_start_evaluation,
    assessment_submit_for_review,
)
from .reminders import SELF_ASSESSMENT_REMINDER_DAYS, self_assessments_remind
from .roadmaps import (
    ITEM_FIELDS,
    JOB_ROADMAP_PDF,
    JOB_ROADMAP_PDF_BATCH,
    roadmap_document_build,
    roadmap_draft_from_priorities,
    roadmap_item_add,
    roadmap_item_update,
    roadmap_pdf_batch_job,
    roadmap_pdf_job,
    roadmap_pdf_request,
    roadmaps_build_all_request,
)
from .uploads import (
    JOB_SCORE_UPLOAD,
    MAX_REPORTED_PROBLEMS,
    UPLOAD_APPLY_INLINE_ROWS,
    UPLOAD_INLINE_BYTES,
    score_upload_apply,
    score_upload_confirm,
    score_upload_job,
    score_upload_receive,
)

__all__ = [
    "ITEM_FIELDS",
    "JOB_ROADMAP_PDF",
    "JOB_ROADMAP_PDF_BATCH",
    "JOB_SCORE_UPLOAD",
    "MAX_NOTE_LENGTH",
    "MAX_REPORTED_PROBLEMS",
    "MOVE_SERVICES",
    "SELF_ASSESSMENT_REMINDER_DAYS",
    "UPLOAD_APPLY_INLINE_ROWS",
    "UPLOAD_INLINE_BYTES",
    "assessment_open_revision",
    "assessment_open_self_assessment",
    "assessment_publish",
    "assessment_return_to_evaluation",
    "assessment_schedule",
    "assessment_start_evaluation",
    "assessment_submit_for_review",
    "assessor_bands_save",
    "assessor_bands_submit",
    "content_import",
    "evidence_add",
    "priority_inputs_save",
    "roadmap_document_build",
    "roadmap_draft_from_priorities",
    "roadmap_item_add",
    "roadmap_item_update",
    "roadmap_pdf_batch_job",
    "roadmap_pdf_job",
    "roadmap_pdf_request",
    "roadmaps_build_all_request",
    "score_upload_apply",
    "score_upload_confirm",
    "score_upload_job",
    "score_upload_receive",
    "self_assessment_save",
    "self_assessments_remind",
]
