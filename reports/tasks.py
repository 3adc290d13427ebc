"""Thin tasks: Celery beat asks every program, at period end, for the monitoring reports that are due."""

from celery import shared_task


@shared_task
def monitoring_reports_due() -> int:
    from django.utils import timezone

    from portal.models import Program
    from portal.tenancy import program_scope
    from reports.services import monitoring_reports_schedule

    today, count = timezone.localdate(), 0
    for program_id in Program.objects.values_list("pk", flat=True):
        with program_scope(program_id):
            count += monitoring_reports_schedule(program_id=program_id, today=today)
    return count
