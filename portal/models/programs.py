import hashlib

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized


class Program(models.Model):
    """The tenant: one programme (or a replication of it). No data crosses between programs."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    pilot_provinces = models.ManyToManyField(
        "portal.Province", related_name="pilot_in_programs", blank=True, verbose_name=_("pilot provinces")
    )
    case_by_case_provinces = models.ManyToManyField(
        "portal.Province",
        related_name="case_by_case_in_programs",
        blank=True,
        verbose_name=_("provinces admitted case by case"),
        help_text=_("For example the provinces hit by the 2023 earthquakes."),
    )
    funder_line_tr = models.CharField(
        _("funding line (Turkish)"), max_length=300, default="Bu proje Avrupa Birliği tarafından finanse edilmektedir."
    )
    funder_line_en = models.CharField(
        _("funding line (English)"), max_length=300, default="This project is funded by the European Union."
    )
    partners = models.CharField(
        _("partners"),
        max_length=300,
        default="UNDP Türkiye · TİSK · T.C. Sanayi ve Teknoloji Bakanlığı · MEXT",
    )
    firm_editable_fields = models.JSONField(
        _("profile fields firms may change themselves"),
        default=list,
        blank=True,
        help_text=_(
            "Names from: address, district, osb, sector, turnover_band, digital_interest, green_interest, "
            "agreement. Empty: all of them."
        ),
    )
    workforce_update_days = models.PositiveSmallIntegerField(
        _("remind firms to update workforce figures every (days)"), default=90
    )
    policy_export_k = models.PositiveSmallIntegerField(
        _("k of the anonymised policy export"),
        default=5,
        validators=[MinValueValidator(5)],
        help_text=_("Every combination of released values describes at least this many records (never below 5)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="program_dates_ordered",
            ),
            models.CheckConstraint(condition=Q(policy_export_k__gte=5), name="program_policy_export_k_at_least_5"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self, "name")

    @property
    def funder_line(self):
        return localized(self, "funder_line")


class Role(models.Model):
    """Roles are data; code refers to them by `code` (portal.roles)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    requires_mfa = models.BooleanField(_("requires two-factor authentication"), default=False)
    needs_firm = models.BooleanField(_("tied to one firm"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self, "name")


class Membership(ProgramOwned):
    """Gives a user a role in a program (and, for firm users, a firm). A user may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="memberships")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="memberships")
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "role__order", "user__email"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user", "role"], condition=Q(firm__isnull=True), name="membership_unique_role"
            ),
            models.UniqueConstraint(
                fields=["program", "user", "role", "firm"],
                condition=Q(firm__isnull=False),
                name="membership_unique_role_firm",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.program}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(ProgramOwned):
    """An email invitation into a role. Only the hash of the link's token is stored."""

    email = models.EmailField(_("email"))
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One open invitation per person and role: a second click on "invite" cannot send two.
            models.UniqueConstraint(
                fields=["program", "email", "role"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_role",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.role}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
