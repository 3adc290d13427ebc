from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching and employment")

    def ready(self):
        from matching import providers  # noqa: F401  registers this app's pieces with portal.registry
