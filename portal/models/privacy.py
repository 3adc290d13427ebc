from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized


class PrivacyNotice(ProgramOwned):
    """The KVKK privacy notice (aydınlatma metni), versioned. Acknowledging it is not consent."""

    version = models.PositiveIntegerField(_("version"))
    text_tr = models.TextField(_("text (Turkish)"))
    text_en = models.TextField(_("text (English)"))
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        ordering = ["-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")
        constraints = [models.UniqueConstraint(fields=["program", "version"], name="privacy_notice_version_unique")]

    def __str__(self):
        return f"v{self.version}"

    @property
    def text(self):
        return localized(self, "text")


class NoticeAcknowledgement(ProgramOwned):
    """A person read a given version of the privacy notice: when and from where."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="acknowledgements")
    acknowledged_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("privacy notice acknowledgement")
        verbose_name_plural = _("privacy notice acknowledgements")
        constraints = [models.UniqueConstraint(fields=["user", "notice"], name="notice_ack_once")]


class Consent(ProgramOwned):
    """Explicit consent (açık rıza) for one purpose; never bundled, withdrawable. Withdrawal keeps the row."""

    class Purpose(models.TextChoices):
        PROGRAM_COMMUNICATION = "communication", _("Programme news and invitations by email")
        PHOTOS = "photos", _("Photos and videos at programme events for visibility")
        RESEARCH = "research", _("Use of my answers in anonymised research and the policy report")
        HEALTH_DATA = "health_data", _("Processing of disability information to arrange accessibility")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            )
        ]
