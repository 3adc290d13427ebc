"""The retention schedule: each app's rules (portal.registry.retention_rules) applied per program, logged per run.

Rules never touch what a legal hold covers (payments, the ledger, proofs and agreements during the audit period are
not in any rule until that period has ended). A dry run counts without changing anything: the staff page shows it
as the next run's forecast, and `manage.py retention --dry-run` prints it.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from portal.registry import retention_rules
from privacy.models import DestructionRecord, RetentionRun
from privacy.services import privacy_settings_get


def _rules():
    return sorted(retention_rules.items(), key=lambda item: (item[1].order, item[0]))


def retention_forecast(*, program_id: int, now=None) -> list[dict]:
    """What the next run would do, rule by rule (a dry run that writes nothing)."""
    now = now or timezone.now()
    policy = privacy_settings_get(program_id=program_id).policy()
    rows = []
    for code, rule in _rules():
        outcomes = rule.apply(program_id=program_id, policy=policy, now=now, dry_run=True)
        rows.append(
            {
                "code": code,
                "label": rule.label,
                "period": rule.period(policy),
                "count": sum(o.count for o in outcomes),
                "outcomes": outcomes,
            }
        )
    return rows


def retention_run(*, program_id: int, actor=None, dry_run: bool = False, now=None) -> RetentionRun:
    """Apply every rule in one transaction and log the run; a dry run is logged too (marked as such)."""
    now = now or timezone.now()
    policy = privacy_settings_get(program_id=program_id).policy()
    with transaction.atomic():
        run = RetentionRun.objects.create(program_id=program_id, dry_run=dry_run, triggered_by=actor, started_at=now)
        logged = []
        for code, rule in _rules():
            for o in rule.apply(program_id=program_id, policy=policy, now=now, dry_run=dry_run):
                logged.append(
                    {"rule": code, "category": o.category, "what": o.what, "method": o.method, "count": o.count}
                )
                if not dry_run and o.count:
                    DestructionRecord.objects.create(
                        program_id=program_id,
                        category=o.category,
                        what=o.what[:300],
                        method=o.method,
                        count=o.count,
                        reason=f"retention: {code}",
                        run=run,
                        by=actor,
                        at=now,
                    )
        run.outcomes = logged
        run.finished_at = timezone.now()
        run.save(update_fields=["outcomes", "finished_at"])
    return run


def next_run_at(*, program_id: int, settings, runs=None):
    """The schedule runs when `retention_every_days` have passed since the last real run (checked daily)."""
    last = next(
        (r for r in (runs or RetentionRun.objects.filter(program_id=program_id)) if not r.dry_run and r.finished_at),
        None,
    )
    if last is None:
        return timezone.now()
    return last.finished_at + timedelta(days=settings.retention_every_days)


def retention_due(*, program_id: int) -> RetentionRun | None:
    """Called daily by beat for each program: runs the schedule if its interval has passed."""
    settings = privacy_settings_get(program_id=program_id)
    if next_run_at(program_id=program_id, settings=settings) > timezone.now():
        return None
    return retention_run(program_id=program_id, dry_run=False)
