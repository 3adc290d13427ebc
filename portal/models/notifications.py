"""What the portal told whom, on which channel, and whether it arrived (portal/notifications/)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned


class Channel(models.TextChoices):
    INBOX = "inbox", _("Inbox")
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class Notification(ProgramOwned):
    """One event told to one person: her inbox row (when she has an account) and the parent of its deliveries.

    Written in the transaction of the event itself; `key` makes the same event for the same person land once.
    """

    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("idempotency key"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # an applicant without an account yet is told by email only
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="tr")
    object_type = models.CharField(max_length=60, blank=True)  # "matching.offer"
    object_id = models.BigIntegerField(null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    short = models.CharField(_("SMS text"), max_length=480, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)  # a path; the absolute URL is built on sending
    base_url = models.CharField(max_length=200, blank=True)  # the site the event happened on (request or SITE_URL)
    urgent = models.BooleanField(_("urgent"), default=False)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["program", "key"], name="notification_key_unique")]
        indexes = [
            # the navbar's unread count and the inbox page
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["program", "object_type", "object_id"], name="notification_object"),
        ]

    def __str__(self):
        return f"{self.kind} → {self.recipient or self.email}"

    @property
    def absolute_link(self) -> str:
        return (self.base_url or settings.SITE_URL).rstrip("/") + self.link if self.link else ""


class Delivery(ProgramOwned):
    """One channel's attempt to reach the person: sent, failed (with the error), skipped (with why), digested."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent")
        DIGEST = "digest", _("Waiting for the daily digest")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    provider_ref = models.CharField(_("provider reference"), max_length=100, blank=True)
    segments = models.PositiveSmallIntegerField(_("SMS parts"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_one_per_channel"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="delivery_status")]

    def __str__(self):
        return f"{self.channel} {self.status}"


class Preference(models.Model):
    """A person's choice for one kind (or every kind, `kind=""`) on one channel. No row: the kind's default.

    A person's own, across programs, so it is not program-owned. Required kinds ignore it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(_("kind"), max_length=60, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    enabled = models.BooleanField(_("enabled"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_unique"),
            models.CheckConstraint(condition=~Q(channel="inbox") | Q(enabled=True), name="preference_inbox_stays"),
        ]

    def __str__(self):
        return f"{self.user} {self.kind or '*'} {self.channel} {self.enabled}"
