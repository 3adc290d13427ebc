"""The month-end beat: it computes a month on its last evening and again on the 1st, and nothing in between."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from stipends.models import Entitlement, StipendRun
from stipends.tasks import month_to_run, stipend_run
from tests.stipends import builders as b

IST = ZoneInfo("Europe/Istanbul")


def test_the_beat_picks_the_right_month():
    assert month_to_run(datetime(2026, 9, 30, 21, 0, tzinfo=IST)) == date(2026, 9, 1)
    assert month_to_run(datetime(2026, 10, 1, 3, 0, tzinfo=IST)) == date(2026, 9, 1)
    assert month_to_run(datetime(2026, 9, 30, 10, 0, tzinfo=IST)) is None
    assert month_to_run(datetime(2026, 9, 15, 21, 0, tzinfo=IST)) is None


def test_the_task_runs_the_month_in_the_programmes_scope(pw):
    line = b.budget(pw)
    b.rules(pw, line)
    (trainee,), _ = b.training_month(pw, n=1)
    stipend_run.delay(program_id=pw.program.pk, period="2026-09-01")
    stipend_run.delay(program_id=pw.program.pk, period="2026-09-01")  # idempotent
    assert Entitlement.objects.filter(trainee=trainee, period=b.PERIOD).count() == 1
    assert StipendRun.objects.filter(program=pw.program, period=b.PERIOD).count() == 2
