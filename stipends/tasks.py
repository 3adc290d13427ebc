"""Thin Celery tasks: take ids, re-enter the scope (ScopedTask), call one service. Idempotent."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from portal.tasks import ScopedTask, SystemTask


def month_to_run(now=None):
    """The month the beat computes: on a month's last evening that month, on the 1st the month just ended (to
    catch attendance recorded late; the run is idempotent, so the second pass only adds what changed)."""
    from stipends import calc

    local = timezone.localtime(now)
    today = local.date()
    if today.day == 1:
        return calc.month_start(today - timedelta(days=1))
    if today == calc.month_end(today) and local.hour >= 20:
        return calc.month_start(today)
    return None


@shared_task(base=SystemTask)
def stipend_runs_month_end() -> int:
    """Beat (every few hours): at month end, one stipend run per programme, each in its own scope."""
    from portal.models import Program

    period = month_to_run()
    if period is None:
        return 0
    program_ids = list(Program.objects.values_list("pk", flat=True))
    for program_id in program_ids:
        stipend_run.delay(program_id=program_id, period=period.isoformat())
    return len(program_ids)


@shared_task(base=ScopedTask, acks_late=True)
def stipend_run(*, program_id: int, period: str) -> int:
    from datetime import date

    from stipends.services import stipend_run_start

    run = stipend_run_start(program_id=program_id, actor=None, period=date.fromisoformat(period))
    return run.created_count + run.adjustment_count
