"""Exports."""

from django.core.exceptions import PermissionDenied

from portal.services.jobs import job_enqueue
from training import permissions, selectors
from training.models import (
    Attendance,
    Cohort,
)

EXPORT_JOB = "training_cohort_export"


def cohort_export(*, audience, cohort: Cohort, actor):
    """Queue the Excel export of a cohort's roster and attendance (a background job)."""
    if not permissions.cohort_can_export(audience) or cohort.program_id != audience.program_id:
        raise PermissionDenied
    return job_enqueue(program_id=cohort.program_id, actor=actor, kind=EXPORT_JOB, params={"cohort_id": cohort.pk})


def cohort_export_build(*, cohort_id: int, progress=None) -> tuple[str, bytes]:
    from training.workbook import cohort_workbook

    cohort = Cohort.objects.select_related("curriculum__completion_rule").get(pk=cohort_id)
    sheet = selectors.cohort_attendance_sheet(cohort=cohort)
    labels = dict(Attendance.Status.choices)
    marks, rates = {}, {}
    for row in sheet.rows:
        rates[row.enrolment.trainee_id] = row.percent
        for session, cell in zip(sheet.sessions, row.cells, strict=True):
            marks[(row.enrolment.trainee_id, session.pk)] = str(labels[cell]) if cell else ("–" if cell is None else "")
    enrolments = [row.enrolment for row in sheet.rows]
    content = cohort_workbook(
        cohort=cohort, enrolments=enrolments, sessions=sheet.sessions, marks=marks, rates=rates, progress=progress
    )
    return f"cohort-{cohort.code}.xlsx", content
