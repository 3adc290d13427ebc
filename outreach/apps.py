from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = _("Events and stakeholders")

    def ready(self):
        from outreach import providers  # noqa: F401  registers this app's pieces with portal.registry
