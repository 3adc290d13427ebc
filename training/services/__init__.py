"""Every write of training: keyword-only, in a transaction, checking who acts and the state, writing an audit event.

Services check permissions themselves against the database (a staff membership, a CohortTrainer row): views
check the same predicates first for a clean 403, but a service never trusts its caller.
"""

from ._common import checkin_opens_minutes_before
from .attendance import AttendanceConflict, AttendanceSaved, attendance_record
from .certificates import (
    CERTIFICATE_JOB,
    certificate_build,
    certificate_issue,
    certificate_verify_url,
    cohort_completion_evaluate,
    qr_svg,
    trainee_completion_evaluate,
)
from .checkin import (
    CHECKIN_FAILURE_WINDOW,
    CHECKIN_MAX_FAILURES,
    checkin_code_minutes,
    checkin_open,
    checkin_submit,
    checkins_confirm,
)
from .cohorts import cohort_create, cohort_trainer_assign, session_cancel, session_create, session_update
from .completion import RULE_FIELDS, completion_rule_update
from .enrolments import enrolment_create, enrolment_transfer, enrolment_withdraw
from .exports import EXPORT_JOB, cohort_export, cohort_export_build
from .grades import GRADE_UPLOAD_MAX_BYTES, grades_import, grades_record
from .trainees import (
    PERSONAL_FIELDS,
    trainee_create,
    trainee_iban_set_own,
    trainee_personal_data_update,
    trainee_pii_reveal,
)

__all__ = [
    "CERTIFICATE_JOB",
    "CHECKIN_FAILURE_WINDOW",
    "CHECKIN_MAX_FAILURES",
    "EXPORT_JOB",
    "GRADE_UPLOAD_MAX_BYTES",
    "PERSONAL_FIELDS",
    "RULE_FIELDS",
    "AttendanceConflict",
    "AttendanceSaved",
    "attendance_record",
    "certificate_build",
    "certificate_issue",
    "certificate_verify_url",
    "checkin_code_minutes",
    "checkin_open",
    "checkin_opens_minutes_before",
    "checkin_submit",
    "checkins_confirm",
    "cohort_completion_evaluate",
    "cohort_create",
    "cohort_export",
    "cohort_export_build",
    "cohort_trainer_assign",
    "completion_rule_update",
    "enrolment_create",
    "enrolment_transfer",
    "enrolment_withdraw",
    "grades_import",
    "grades_record",
    "qr_svg",
    "session_cancel",
    "session_create",
    "session_update",
    "trainee_completion_evaluate",
    "trainee_create",
    "trainee_iban_set_own",
    "trainee_personal_data_update",
    "trainee_pii_reveal",
]
