from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperatorsConfig(AppConfig):
    name = "operators"
    verbose_name = _("Operators")

    def ready(self):
        from operators import providers  # noqa: F401  registers this app's pieces with portal.registry
