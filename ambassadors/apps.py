from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AmbassadorsConfig(AppConfig):
    name = "ambassadors"
    verbose_name = _("Change ambassadors")

    def ready(self):
        from ambassadors import providers  # noqa: F401  registers this app's pieces with portal.registry
