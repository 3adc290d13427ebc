from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned


class Firm(ProgramOwned):
    """A manufacturer taking part in a program. The selection work fills in the rest of its profile."""

    name = models.CharField(_("trade name"), max_length=200)
    tax_number = models.CharField(_("tax number (VKN)"), max_length=10)
    province = models.ForeignKey("portal.Province", on_delete=models.PROTECT, related_name="+")
    sector = models.ForeignKey("portal.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        constraints = [models.UniqueConstraint(fields=["program", "tax_number"], name="firm_vkn_unique_in_program")]

    def __str__(self):
        return self.name
