from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.collation import TURKISH
from portal.models.base import localized


class Province(models.Model):
    """The 81 provinces of Türkiye: shared reference data, not owned by a program."""

    plate = models.PositiveSmallIntegerField(_("plate code"), unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True, db_collation=TURKISH)
    # Reference flags from the program note; a program chooses its own provinces (Program.pilot_provinces).
    pilot_2023 = models.BooleanField(_("pilot province in the original programme"), default=False)
    earthquake_2023 = models.BooleanField(_("hit by the 6 February 2023 earthquakes"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Sector(models.Model):
    """NACE Rev.2 manufacturing divisions (10–33)."""

    division = models.CharField(_("NACE division"), max_length=2, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200, db_collation=TURKISH)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        ordering = ["division"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return f"{self.division} {self.name}"

    @property
    def name(self):
        return localized(self, "name")
