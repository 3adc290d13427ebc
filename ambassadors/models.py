from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned
from portal.pii import EncryptedTextField


class StemField(models.TextChoices):
    MECHANICAL = "mechanical", _("Mechanical engineering")
    ELECTRICAL = "electrical", _("Electrical and electronics engineering")
    INDUSTRIAL = "industrial", _("Industrial engineering")
    COMPUTER = "computer", _("Computer / software engineering")
    CHEMICAL = "chemical", _("Chemical engineering")
    MATERIALS = "materials", _("Materials and metallurgical engineering")
    ENVIRONMENTAL = "environmental", _("Environmental engineering")
    MECHATRONICS = "mechatronics", _("Mechatronics engineering")
    ENERGY = "energy", _("Energy engineering")
    OTHER_ENGINEERING = "other_engineering", _("Other engineering")
    MATHEMATICS = "mathematics", _("Mathematics / statistics")
    PHYSICS = "physics", _("Physics")
    CHEMISTRY = "chemistry", _("Chemistry")
    BIOLOGY = "biology", _("Biology / molecular biology")
    NOT_STEM = "not_stem", _("Another field (not STEM)")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    UNDISCLOSED = "undisclosed", _("I prefer not to say")


class AmbassadorApplication(ProgramOwned):
    """A STEM graduate's application to become a change ambassador (the engine's Application holds the rest)."""

    application = models.OneToOneField(
        "portal.Application", on_delete=models.CASCADE, related_name="ambassador_details"
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    tckn = EncryptedTextField(_("T.C. identity number"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    degree_field = models.CharField(_("degree field"), max_length=20, choices=StemField.choices, blank=True)
    university = models.CharField(_("university"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    province = models.ForeignKey(
        "portal.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province of residence"),
    )
    work_provinces = models.ManyToManyField(
        "portal.Province", blank=True, related_name="+", verbose_name=_("provinces where I can work")
    )
    digital_interest = models.BooleanField(_("interested in the digital transformation"), default=False)
    green_interest = models.BooleanField(_("interested in the green transformation"), default=False)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    cv = models.FileField(_("CV (PDF, PNG or JPEG)"), upload_to="applications/cv/%Y/", blank=True)
    motivation = models.TextField(_("why do you want to be a change ambassador?"), blank=True)
    earthquake_affected = models.BooleanField(_("I was affected by the February 2023 earthquakes"), default=False)
    privacy_consent = models.BooleanField(_("I have read the privacy notice and agree to the processing described"))

    class Meta:
        verbose_name = _("ambassador application")
        verbose_name_plural = _("ambassador applications")

    def __str__(self):
        return self.full_name
