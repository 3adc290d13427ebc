"""Reads of training, scoped to the audience. `*_get_for_user` answers 404 for missing and not-yours alike.

Who sees what: the programme office sees the whole program; a trainer the cohorts she is assigned to (a
CohortTrainer row), their sessions and their trainees; a trainee only herself. Pages built from these take a
fixed number of queries whatever the number of trainees, sessions or attendance rows.
"""

from .certificates import VerifiedCertificate, certificate_get_for_user, certificate_verify
from .cohort_sheet import CohortSheet, CohortSheetRow, cohort_attendance_sheet
from .cohorts import (
    cohort_assessed_modules,
    cohort_enrolments,
    cohort_get_for_user,
    cohort_list_for_user,
    cohort_sessions,
    cohort_trainer_users,
    cohort_trainers,
    enrolable_trainees,
    enrolment_get_for_user,
    province_choices,
    session_get_for_user,
    session_list_for_user,
    session_roster,
    trainer_sessions,
    trainer_users,
    transfer_targets,
)
from .curricula import completion_rule_for, curriculum_get_for_user, curriculum_list_for_user, curriculum_modules
from .grades import cohort_grades, grade_roster
from .office import CohortSummary, RiskRow, at_risk_list, at_risk_load, at_risk_rows, cohort_overview
from .session_sheet import SessionSheet, SheetRow, session_checkin_code, session_checkins, session_sheet
from .timeline import ModuleStep, SessionEntry, Timeline, trainee_completion, trainee_timeline
from .trainees import (
    trainee_get_for_user,
    trainee_list_for_user,
    trainee_list_with_enrolment,
    trainee_own,
    trainee_own_records,
)

__all__ = [
    "CohortSheet",
    "CohortSheetRow",
    "CohortSummary",
    "ModuleStep",
    "RiskRow",
    "SessionEntry",
    "SessionSheet",
    "SheetRow",
    "Timeline",
    "VerifiedCertificate",
    "at_risk_list",
    "at_risk_load",
    "at_risk_rows",
    "certificate_get_for_user",
    "certificate_verify",
    "cohort_assessed_modules",
    "cohort_attendance_sheet",
    "cohort_enrolments",
    "cohort_get_for_user",
    "cohort_grades",
    "cohort_list_for_user",
    "cohort_overview",
    "cohort_sessions",
    "cohort_trainer_users",
    "cohort_trainers",
    "completion_rule_for",
    "curriculum_get_for_user",
    "curriculum_list_for_user",
    "curriculum_modules",
    "enrolable_trainees",
    "enrolment_get_for_user",
    "grade_roster",
    "province_choices",
    "session_checkin_code",
    "session_checkins",
    "session_get_for_user",
    "session_list_for_user",
    "session_roster",
    "session_sheet",
    "trainee_completion",
    "trainee_get_for_user",
    "trainee_list_for_user",
    "trainee_list_with_enrolment",
    "trainee_own",
    "trainee_own_records",
    "trainee_timeline",
    "trainer_sessions",
    "trainer_users",
    "transfer_targets",
]
