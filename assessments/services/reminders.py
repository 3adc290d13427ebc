"""Reminders."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments import notifications
from assessments.models import (
    Assessment,
)

# How many days before the assessors start (the assessment's start date) a firm that has not sent its
# self-assessment is reminded. An operational nudge, not a programme fact.
SELF_ASSESSMENT_REMINDER_DAYS = getattr(settings, "ASSESSMENT_SELF_ASSESSMENT_REMINDER_DAYS", 3)


@transaction.atomic
def self_assessments_remind(*, program_id: int, today=None) -> int:
    """Tell the firm users of each self-assessment still open whose start date is near. Safe to run daily: the
    notification service writes each reminder once per assessment. Two queries whatever the number of firms."""
    from datetime import timedelta

    today = today or timezone.localdate()
    due = list(
        Assessment.objects.filter(
            program_id=program_id,
            status=Assessment.Status.SELF_ASSESSMENT,
            starts_on__gte=today,
            starts_on__lte=today + timedelta(days=SELF_ASSESSMENT_REMINDER_DAYS),
        ).select_related("firm", "framework")
    )
    for assessment in due:
        notifications.self_assessment_due(assessment=assessment)
    return len(due)
