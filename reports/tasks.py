"""Thin tasks: Celery beat asks every program, at period end, for the monitoring reports that are due, and keeps
the dashboards' stored figures fresh."""

import logging

from celery import shared_task

from portal.tasks import ScopedTask, SystemTask

logger = logging.getLogger(__name__)


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


@shared_task(base=ScopedTask, acks_late=True)
def figures_refresh(*, program_id: int) -> int:
    """Recompute and store one program's dashboard figures ("Refresh now", or the beat below)."""
    from reports.services import figures_refresh as refresh

    return refresh(program_id=program_id)


@shared_task(base=SystemTask)
def figures_refresh_all() -> int:
    """Celery beat, every REPORTS_FIGURES_REFRESH_MINUTES: refresh the figures of every program whose dashboards
    have been opened (the first visit computes them; programs nobody looks at cost nothing)."""
    from reports.models import FiguresSnapshot

    program_ids = sorted(set(FiguresSnapshot.objects.values_list("program_id", flat=True)))
    for program_id in program_ids:
        try:
            figures_refresh.apply_async(kwargs={"program_id": program_id}, retry=False)
        except Exception:  # a broker that is down: the next beat tries again
            logger.warning("broker unavailable; figures of program %s not refreshed", program_id, exc_info=True)
    return len(program_ids)
