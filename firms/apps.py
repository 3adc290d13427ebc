from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FirmsConfig(AppConfig):
    name = "firms"
    verbose_name = _("Firms")

    def ready(self):
        from firms import providers  # noqa: F401  registers this app's pieces with portal.registry
