"""Shared pieces of assessments.services."""

from django.utils import timezone


def _now():
    return timezone.now()
