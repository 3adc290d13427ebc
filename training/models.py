from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned


class Trainee(ProgramOwned):
    """The record both tracks share: a change ambassador or an operator in training."""

    class Track(models.TextChoices):
        AMBASSADOR = "ambassador", _("Change ambassador")
        OPERATOR = "operator", _("Operator")

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainee_records")
    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    province = models.ForeignKey("portal.Province", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="trainee_once_per_program")]

    def __str__(self):
        return str(self.user)
