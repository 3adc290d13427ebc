"""Personal data under KVKK (Law 6698): the processing inventory, the program's retention periods and legal holds,
data-subject requests (Article 11, answered within 30 days: Article 13), destruction records and retention runs.

What each app holds about a person comes from the providers in `portal.registry.personal_data`; this app reads
only those, so it never imports an app's models (DESIGN.md, dependency direction).
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized
from portal.personal_data import CATEGORIES, RetentionPolicy


class LegalBasis(models.TextChoices):
    """The processing conditions of KVKK articles 5 and 6, as VERBİS lists them."""

    EXPLICIT_CONSENT = "consent", _("Explicit consent (art. 5/1)")
    LAW = "law", _("Expressly provided for by law (art. 5/2-a)")
    CONTRACT = "contract", _("Necessary for a contract with the person (art. 5/2-c)")
    LEGAL_OBLIGATION = "obligation", _("Legal obligation of the controller (art. 5/2-ç)")
    LEGAL_CLAIMS = "claims", _("Establishing, exercising or protecting a right (art. 5/2-e)")
    LEGITIMATE_INTEREST = "interest", _("Legitimate interest of the controller (art. 5/2-f)")
    SPECIAL_CONSENT = "special_consent", _("Explicit consent for special category data (art. 6)")


class ProcessingActivity(ProgramOwned):
    """One line of the processing inventory (kişisel veri işleme envanteri): what, why, on which basis, to whom,
    for how long. Staff edit it; the notice and "My data" show it; it exports in the shape VERBİS asks for."""

    category = models.CharField(_("data category"), max_length=20, choices=list(CATEGORIES.items()))
    data_subjects_tr = models.CharField(_("data subjects (Turkish)"), max_length=300)
    data_subjects_en = models.CharField(_("data subjects (English)"), max_length=300, blank=True)
    data_tr = models.CharField(_("data (Turkish)"), max_length=500)
    data_en = models.CharField(_("data (English)"), max_length=500, blank=True)
    purpose_tr = models.TextField(_("purpose (Turkish)"))
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    recipients_tr = models.CharField(_("recipients (Turkish)"), max_length=500, blank=True)
    recipients_en = models.CharField(_("recipients (English)"), max_length=500, blank=True)
    retention_tr = models.CharField(_("retention period (Turkish)"), max_length=300)
    retention_en = models.CharField(_("retention period (English)"), max_length=300, blank=True)
    transfer_abroad = models.BooleanField(
        _("transferred abroad"),
        default=False,
        help_text=_("The portal transfers nothing abroad; tick only if a recipient outside Türkiye is added."),
    )
    measures_tr = models.CharField(_("security measures (Turkish)"), max_length=500, blank=True)
    measures_en = models.CharField(_("security measures (English)"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("processing activity")
        verbose_name_plural = _("processing inventory")

    def __str__(self):
        return f"{self.get_category_display()}: {self.purpose}"

    @property
    def data_subjects(self):
        return localized(self, "data_subjects")

    @property
    def data(self):
        return localized(self, "data")

    @property
    def purpose(self):
        return localized(self, "purpose")

    @property
    def recipients(self):
        return localized(self, "recipients")

    @property
    def retention(self):
        return localized(self, "retention")

    @property
    def measures(self):
        return localized(self, "measures")


class PrivacySettings(ProgramOwned):
    """The program's retention periods and legal holds: program facts staff change, with safe defaults."""

    unselected_applicant_months = models.PositiveSmallIntegerField(
        _("keep applicants who were not selected for (months after the decision)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    cv_months = models.PositiveSmallIntegerField(
        _("keep CVs of applicants who were not selected for (months after the decision)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    expired_invitation_days = models.PositiveSmallIntegerField(
        _("keep expired or revoked invitations for (days)"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    bank_file_days = models.PositiveSmallIntegerField(
        _("keep bank files and bank statements for (days after the run is closed)"),
        default=180,
        help_text=_("The reconciliation window. Their checksums and totals stay with the run."),
        validators=[MinValueValidator(30), MaxValueValidator(3650)],
    )
    export_days = models.PositiveSmallIntegerField(
        _("a person's data download stays available for (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    request_deadline_days = models.PositiveSmallIntegerField(
        _("answer data-subject requests within (days)"),
        default=30,
        help_text=_("KVKK article 13: at most 30 days."),
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    retention_every_days = models.PositiveSmallIntegerField(
        _("run the retention schedule every (days)"),
        default=30,
        help_text=_("The regulation asks for periodic destruction at least every 6 months."),
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    audit_period_ends = models.DateField(
        _("EU audit and financial record period ends on"),
        null=True,
        blank=True,
        help_text=_(
            "Payments, the ledger, payroll and SGK proofs are kept until then (tax and commercial law, the EU's "
            "audit rights over the grant). Empty: kept until a date is set."
        ),
    )
    hold_payments = models.BooleanField(_("payments are under a legal hold"), default=True)
    hold_ledger = models.BooleanField(_("the ledger is under a legal hold"), default=True)
    hold_agreements = models.BooleanField(_("signed agreements are under a legal hold"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("privacy settings")
        verbose_name_plural = _("privacy settings")
        constraints = [
            models.UniqueConstraint(fields=["program"], name="privacy_settings_once_per_program"),
            models.CheckConstraint(condition=Q(request_deadline_days__lte=30), name="privacy_deadline_at_most_30"),
            models.CheckConstraint(condition=Q(retention_every_days__lte=180), name="privacy_retention_at_most_6m"),
        ]

    def __str__(self):
        return str(_("privacy settings"))

    def policy(self) -> RetentionPolicy:
        return RetentionPolicy(
            unselected_applicant_months=self.unselected_applicant_months,
            expired_invitation_days=self.expired_invitation_days,
            cv_months=self.cv_months,
            bank_file_days=self.bank_file_days,
            audit_period_ends=self.audit_period_ends,
            hold_payments=self.hold_payments,
            hold_ledger=self.hold_ledger,
            hold_agreements=self.hold_agreements,
        )


class DataRequest(ProgramOwned):
    """A data subject's application under KVKK article 11; the controller answers within 30 days (article 13)."""

    class Kind(models.TextChoices):
        INFORMATION = "information", _("Information about my data")
        CORRECTION = "correction", _("Correction of my data")
        ERASURE = "erasure", _("Erasure of my data")
        OBJECTION = "objection", _("Objection (e.g. to a result of automated analysis)")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Through the portal")
        EMAIL = "email", _("By email")
        LETTER = "letter", _("By letter")
        IN_PERSON = "in_person", _("In person")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted")
        PARTLY = "partly", _("Partly granted")
        REFUSED = "refused", _("Refused, with reasons")

    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("request"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("what you ask for"))
    channel = models.CharField(_("received"), max_length=10, choices=Channel.choices, default=Channel.PORTAL)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    due_on = models.DateField(_("answer due by"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    erased_at = models.DateTimeField(_("erasure carried out at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        indexes = [models.Index(fields=["program", "status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="answered") | (~Q(answer="") & ~Q(outcome="")),
                name="data_request_answer_recorded",
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ANSWERED

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.days_left < 0

    @staticmethod
    def due_from(received_at, days: int):
        return timezone.localtime(received_at).date() + timedelta(days=days)


class DataRequestNote(ProgramOwned):
    """An internal note on a request: seen by the staff who handle requests, never by the person."""

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class RetentionRun(ProgramOwned):
    """One run of the retention schedule (or its dry run): when, by whom or by the schedule, what it did."""

    dry_run = models.BooleanField(_("dry run"), default=False)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcomes = models.JSONField(_("what it did"), default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    @property
    def total(self) -> int:
        return sum(o.get("count", 0) for o in self.outcomes)


class DestructionRecord(ProgramOwned):
    """What was destroyed or pseudonymised, when, why and by whom (the regulation's record). No personal values."""

    class Method(models.TextChoices):
        DESTROYED = "destroyed", _("Destroyed")
        PSEUDONYMISED = "pseudonymised", _("Pseudonymised")
        KEPT = "kept", _("Kept under a legal hold")

    category = models.CharField(_("data category"), max_length=20, choices=list(CATEGORIES.items()))
    what = models.CharField(_("what"), max_length=300)
    method = models.CharField(_("method"), max_length=14, choices=Method.choices)
    count = models.PositiveIntegerField(_("records"), default=0)
    reason = models.CharField(_("why"), max_length=300)
    note = models.CharField(_("note"), max_length=500, blank=True)
    subject_ref = models.CharField(_("person (pseudonym)"), max_length=60, blank=True)
    request = models.ForeignKey(DataRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    run = models.ForeignKey(RetentionRun, on_delete=models.PROTECT, null=True, blank=True, related_name="records")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("destruction record")
        verbose_name_plural = _("destruction records")
