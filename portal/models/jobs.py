from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import encrypted_storage
from portal.models.base import ProgramOwned


class Job(ProgramOwned):
    """Background work a person asked for. Written in the request's transaction; the task updates it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # results are exports that may name people: encrypted at rest like every file carrying identifiers
    result_file = models.FileField(_("result"), upload_to="jobs/%Y/%m/", blank=True, storage=encrypted_storage)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("times sent"), default=0)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The lease: who runs it (host:pid:claim) and when that worker last said it was alive. A RUNNING job whose
    # heartbeat is older than JOB_LEASE_SECONDS (or whose worker process is gone) is taken over.
    worker = models.CharField(_("worker"), max_length=200, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    runs = models.PositiveSmallIntegerField(_("times started"), default=0)
    # the request that asked for it: the worker's log lines carry the same id (portal/logs.py)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["status", "sent_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_at_most_100"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def reference(self) -> str:
        """What a person quotes to the programme team about a failed job; its log lines carry the same id."""
        return f"JOB-{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
