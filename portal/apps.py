from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    default = True
    name = "portal"
    verbose_name = _("Portal core")

    def ready(self):
        from portal import checks, providers  # noqa: F401
        from portal.db import lookups
        from portal.locale import install_turkish_capfirst

        install_turkish_capfirst()
        lookups.install()


class PortalAdminConfig(admin_apps.AdminConfig):
    """The Django admin with the portal's site: one login door, second factor required, every change audited."""

    default = False  # named explicitly in INSTALLED_APPS; PortalConfig stays the default of this module
    default_site = "portal.admin_site.PortalAdminSite"
