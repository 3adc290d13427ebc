from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StipendsConfig(AppConfig):
    name = "stipends"
    verbose_name = _("Stipends and support")

    def ready(self):
        from stipends import providers  # noqa: F401  registers this app's pieces with portal.registry
