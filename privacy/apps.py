from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Personal data (KVKK)")

    def ready(self):
        from privacy import providers  # noqa: F401  registers the data export job and the core's providers
