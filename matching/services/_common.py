"""Shared pieces of matching.services."""

from django.core.exceptions import PermissionDenied


def _require(allowed: bool):
    if not allowed:
        raise PermissionDenied
