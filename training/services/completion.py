"""Completion rules."""

from django.db import transaction

from portal.services.audit import audit_record
from training.models import (
    CompletionRule,
)

from .access import _require_staff

RULE_FIELDS = (
    "min_attendance_percent",
    "pass_mark",
    "late_counts_as_attended",
    "at_risk_attendance_percent",
    "at_risk_window_weeks",
)


@transaction.atomic
def completion_rule_update(*, curriculum, actor, **values) -> CompletionRule:
    """Staff change what completing a curriculum takes. The audit keeps old and new values."""
    _require_staff(actor, curriculum.program_id)
    unknown = set(values) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown rule fields: {sorted(unknown)}")
    rule = CompletionRule.objects.select_for_update().filter(curriculum=curriculum).first() or CompletionRule(
        program_id=curriculum.program_id, curriculum=curriculum
    )
    before = {name: str(getattr(rule, name)) for name in RULE_FIELDS}
    for name, value in values.items():
        setattr(rule, name, value)
    rule.updated_by = actor
    rule.full_clean()
    rule.save()
    after = {name: str(getattr(rule, name)) for name in RULE_FIELDS}
    audit_record(
        program_id=rule.program_id,
        actor=actor,
        action="completion_rule.update",
        target=rule,
        data={name: [before[name], after[name]] for name in RULE_FIELDS if before[name] != after[name]},
    )
    return rule
