from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.collation import TURKISH
from portal.files import encrypted_storage
from portal.models.base import ProgramOwned
from portal.pii import EncryptedTextField, mask


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Micro (under 10 employees)")
    SMALL = "small", _("Small (10–49)")
    MEDIUM = "medium", _("Medium (50–249)")
    LARGE = "large", _("Large (250 or more)")


def size_class_for(employees: int) -> str:
    if employees < 10:
        return SizeClass.MICRO
    if employees < 50:
        return SizeClass.SMALL
    if employees < 250:
        return SizeClass.MEDIUM
    return SizeClass.LARGE


class TurnoverBand(models.TextChoices):
    UNDER_10M = "lt10m", _("Under 10 million TL")
    UNDER_100M = "lt100m", _("10–100 million TL")
    UNDER_500M = "lt500m", _("100–500 million TL")
    OVER_500M = "ge500m", _("500 million TL or more")


class FirmFacts(models.Model):
    """What a firm tells about itself, in its application and later in its profile."""

    district = models.CharField(_("district"), max_length=100, blank=True)
    osb = models.CharField(_("organised industrial zone (OSB)"), max_length=200, blank=True)
    sector = models.ForeignKey(
        "portal.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sector")
    )
    turnover_band = models.CharField(_("turnover"), max_length=8, choices=TurnoverBand.choices, blank=True)
    digital_interest = models.BooleanField(_("interested in the digital transformation"), default=False)
    green_interest = models.BooleanField(_("interested in the green transformation"), default=False)

    class Meta:
        abstract = True


class Firm(FirmFacts, ProgramOwned):
    """A manufacturer taking part in a program: made from its selected application."""

    name = models.CharField(_("trade name"), max_length=200, db_collation=TURKISH)
    tax_number = EncryptedTextField(_("tax number (VKN)"))
    tax_number_hash = models.CharField(max_length=64, default="")
    province = models.ForeignKey("portal.Province", on_delete=models.PROTECT, related_name="+")
    address = models.TextField(_("address"), blank=True)
    application = models.OneToOneField(
        "portal.Application", on_delete=models.PROTECT, null=True, blank=True, related_name="firm"
    )
    agreement = models.FileField(
        _("signed participation agreement"), upload_to="firms/agreements/", blank=True, storage=encrypted_storage
    )
    workforce_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        constraints = [
            models.UniqueConstraint(fields=["program", "tax_number_hash"], name="firm_vkn_unique_in_program")
        ]

    def __str__(self):
        return self.name

    @property
    def tax_number_masked(self) -> str:
        return mask(self.tax_number, keep_start=2, keep_end=2)


class FirmApplication(FirmFacts, ProgramOwned):
    """A firm's pre-application to a call (the engine's Application carries status, scores, decisions)."""

    application = models.OneToOneField("portal.Application", on_delete=models.CASCADE, related_name="firm_details")
    trade_name = models.CharField(_("trade name"), max_length=200, blank=True)
    tax_number = EncryptedTextField(_("tax number (VKN)"), blank=True)
    province = models.ForeignKey(
        "portal.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    white_collar_total = models.PositiveIntegerField(_("white-collar employees"), null=True, blank=True)
    white_collar_women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    blue_collar_total = models.PositiveIntegerField(_("blue-collar employees"), null=True, blank=True)
    blue_collar_women = models.PositiveIntegerField(_("of whom women"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_title = models.CharField(_("title"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    privacy_consent = models.BooleanField(_("I have read the privacy notice and agree to the processing described"))

    class Meta:
        verbose_name = _("firm application")
        verbose_name_plural = _("firm applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(white_collar_women__lte=F("white_collar_total")) | Q(white_collar_women__isnull=True),
                name="firm_app_white_women_within_total",
            ),
            models.CheckConstraint(
                condition=Q(blue_collar_women__lte=F("blue_collar_total")) | Q(blue_collar_women__isnull=True),
                name="firm_app_blue_women_within_total",
            ),
        ]

    def __str__(self):
        return self.trade_name

    @property
    def employees(self) -> int:
        return (self.white_collar_total or 0) + (self.blue_collar_total or 0)

    @property
    def size_class(self) -> str:
        return size_class_for(self.employees)


class WorkforceSnapshot(ProgramOwned):
    """Employees by collar and gender on a date: the baseline at selection, then periodic updates."""

    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="workforce")
    as_of = models.DateField(_("as of"))
    white_collar_women = models.PositiveIntegerField(_("white-collar women"))
    white_collar_men = models.PositiveIntegerField(_("white-collar men"))
    blue_collar_women = models.PositiveIntegerField(_("blue-collar women"))
    blue_collar_men = models.PositiveIntegerField(_("blue-collar men"))
    technical_women = models.PositiveIntegerField(_("women in technical roles"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["as_of"]
        verbose_name = _("workforce snapshot")
        verbose_name_plural = _("workforce snapshots")
        constraints = [
            models.UniqueConstraint(fields=["program", "firm", "as_of"], name="workforce_once_per_date"),
            models.CheckConstraint(
                condition=Q(technical_women__lte=F("white_collar_women") + F("blue_collar_women")),
                name="workforce_technical_women_within_women",
            ),
        ]

    def __str__(self):
        return f"{self.firm} {self.as_of}"

    @property
    def total(self) -> int:
        return self.white_collar_women + self.white_collar_men + self.blue_collar_women + self.blue_collar_men

    @property
    def women(self) -> int:
        return self.white_collar_women + self.blue_collar_women

    @property
    def women_share(self):
        from decimal import Decimal

        return (Decimal(100) * self.women / self.total).quantize(Decimal("0.1")) if self.total else None
