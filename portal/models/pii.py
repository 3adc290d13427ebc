from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned
from portal.pii import EncryptedTextField


class PiiCanary(models.Model):
    """One encrypted known value. If it no longer decrypts, the keys are wrong: the check fails loudly."""

    value = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("encryption canary")

    def __str__(self):
        return f"canary {self.created_at:%Y-%m-%d}"


class PiiAccessLog(ProgramOwned):
    """Someone revealed a masked identifier: who, whose, which field and why. Holds no plaintext."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject_type = models.CharField(_("record type"), max_length=80)
    subject_id = models.CharField(_("record id"), max_length=40)
    field = models.CharField(_("field"), max_length=40)
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        indexes = [models.Index(fields=["program", "subject_type", "subject_id"])]

    def __str__(self):
        return f"{self.actor} → {self.subject_type}#{self.subject_id}.{self.field}"
