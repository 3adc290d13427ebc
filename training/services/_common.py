"""Shared pieces of training.services."""

from django.conf import settings


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def checkin_opens_minutes_before() -> int:
    return _setting("TRAINING_CHECKIN_OPENS_MINUTES_BEFORE", 15)
