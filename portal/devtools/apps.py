from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Helpers for local demos and scripts; installed only when DEBUG is on (portal/settings.py)."""

    name = "portal.devtools"
    label = "portal_devtools"
