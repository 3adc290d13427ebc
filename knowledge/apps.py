from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "knowledge"
    verbose_name = _("Knowledge platform")

    def ready(self):
        from knowledge import providers  # noqa: F401  registers this app's pieces with portal.registry
