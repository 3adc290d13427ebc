"""Stipends and firm salary support: the double-entry ledger, stipend rules and entitlements, budget lines,
payment runs with four-eyes approval, bank files, reconciliation and salary-support claims.

For readers (reports): money is integer kuruş everywhere (`*_kurus`).
- "Paid" means a `Payment` with `status == "paid"` (settled by a bank statement line); its ledger mirror is the
  settlement transaction (kind `settlement`: bank in transit → bank). `Entitlement.paid_kurus` is not stored:
  sum the entitlement's paid payments.
- "Owed" is an `Entitlement` with `amount_kurus > 0`; `Entitlement.reason` says why an amount is zero.
- Account balances are always computed from `Entry` rows (`ledger.balance`), never stored.
- Salary support: `SupportClaim` (status verified) → `Entitlement(kind="salary_support", firm=…)` → `Payment`.

The ledger is append-only: Transaction and Entry refuse updates and deletes in code (save/delete and the
queryset), and on PostgreSQL by triggers (migration 0002). Signs: debit positive, credit negative.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from portal.files import encrypted_storage
from portal.models.base import ProgramOwned
from portal.pii import EncryptedTextField, mask_iban
from training.models import Track


class LedgerImmutable(Exception):
    """An attempt to change or delete a ledger row: corrections are reversing transactions."""


# --- ledger ---------------------------------------------------------------------------------------------------


class BudgetLine(ProgramOwned):
    """A heading of the programme budget (e.g. the EU budget's stipend and salary-support lines). What it was
    allocated, committed and paid is computed from the ledger and the payments, never stored."""

    class Purpose(models.TextChoices):
        STIPENDS = "stipends", _("Trainee stipends")
        SALARY_SUPPORT = "salary_support", _("Firm salary support")

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="budget_line_code_unique")]

    def __str__(self):
        return f"{self.code} · {self.name}"


class Account(ProgramOwned):
    class Kind(models.TextChoices):
        FUND = "fund", _("Programme fund")
        STIPENDS_PAYABLE = "stipends_payable", _("Stipends payable")
        SUPPORT_PAYABLE = "support_payable", _("Salary support payable")
        BANK_IN_TRANSIT = "bank_in_transit", _("Bank in transit")
        BANK = "bank", _("Bank")
        DONOR = "donor", _("Donor funding")
        CLAWBACK_RECEIVABLE = "clawback_receivable", _("Clawback receivable")
        STIPEND_RECEIVABLE = "stipend_receivable", _("Stipend overpayment receivable")
        RECOVERIES_DUE = "recoveries_due", _("Recoveries not yet collected")

    # +1: debit-normal (assets), -1: credit-normal (fund, payables, funding)
    NORMAL_SIDE = {
        Kind.FUND: -1,
        Kind.STIPENDS_PAYABLE: -1,
        Kind.SUPPORT_PAYABLE: -1,
        Kind.BANK_IN_TRANSIT: -1,
        Kind.BANK: 1,
        Kind.DONOR: 1,
        Kind.CLAWBACK_RECEIVABLE: 1,
        Kind.STIPEND_RECEIVABLE: 1,
        Kind.RECOVERIES_DUE: -1,
    }
    RECEIVABLES = (Kind.CLAWBACK_RECEIVABLE, Kind.STIPEND_RECEIVABLE)
    NEVER_NEGATIVE = {Kind.FUND, Kind.STIPENDS_PAYABLE, Kind.SUPPORT_PAYABLE}

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=60)
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    trainee = models.ForeignKey("training.Trainee", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="account_code_unique")]

    def __str__(self):
        return self.code

    @property
    def normal_side(self) -> int:
        return self.NORMAL_SIDE[self.kind]

    @property
    def never_negative(self) -> bool:
        return self.kind in self.NEVER_NEGATIVE


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LedgerImmutable("ledger rows are never updated")

    def delete(self):
        raise LedgerImmutable("ledger rows are never deleted")


class AppendOnlyManager(models.Manager.from_queryset(AppendOnlyQuerySet)):
    pass


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerImmutable(f"{self._meta.label} rows are never updated")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutable(f"{self._meta.label} rows are never deleted")


class Transaction(AppendOnly, ProgramOwned):
    class Kind(models.TextChoices):
        FUNDING = "funding", _("Funding of a budget line")
        ACCRUAL = "accrual", _("Accrual on approval")
        EXPORT = "export", _("Sent to the bank")
        SETTLEMENT = "settlement", _("Settled by the bank")
        REVERSAL = "reversal", _("Reversal")
        CLAWBACK = "clawback", _("Clawback receivable")
        RECOVERY = "recovery", _("Stipend overpayment receivable")
        REPAYMENT = "repayment", _("Receivable repaid")
        NETTING = "netting", _("Receivable netted against a payment")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    idempotency_key = models.CharField(_("idempotency key"), max_length=120)
    content_hash = models.CharField(max_length=64, editable=False)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by", verbose_name=_("reverses")
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    objects = ScopedManager(_manager_class=AppendOnlyManager, program="program")

    class Meta:
        ordering = ["posted_at", "pk"]
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        constraints = [
            models.UniqueConstraint(fields=["program", "idempotency_key"], name="transaction_key_unique"),
            models.CheckConstraint(condition=~Q(reverses=F("pk")), name="transaction_not_self_reversal"),
        ]

    def __str__(self):
        return self.idempotency_key


class Entry(AppendOnly, ProgramOwned):
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount_kurus = models.BigIntegerField(_("amount (kuruş), debit positive"))

    objects = ScopedManager(_manager_class=AppendOnlyManager, program="program")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [models.CheckConstraint(condition=~Q(amount_kurus=0), name="entry_not_zero")]

    def __str__(self):
        return f"{self.account}: {self.amount_kurus}"


# --- rules and entitlements -----------------------------------------------------------------------------------


class StipendRule(ProgramOwned):
    """One version of a track's stipend: in force from `effective_from` until the next version's date. A month
    that straddles two versions is paid by days under each; a new version never changes a month already run."""

    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    monthly_amount_kurus = models.PositiveBigIntegerField(_("monthly amount (kuruş)"))
    attendance_threshold_percent = models.PositiveSmallIntegerField(_("attendance needed in the month (%)"))
    prorate_partial_months = models.BooleanField(_("prorate partial first and last months"), default=True)
    effective_from = models.DateField(_("in force from"))
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="stipend_rules")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["track", "-effective_from"]
        verbose_name = _("stipend rule")
        verbose_name_plural = _("stipend rules")
        constraints = [
            models.UniqueConstraint(fields=["program", "track", "effective_from"], name="stipend_rule_once_per_day"),
            models.CheckConstraint(condition=Q(attendance_threshold_percent__lte=100), name="stipend_threshold_le_100"),
        ]

    def __str__(self):
        return f"{self.get_track_display()} · {self.effective_from}: {self.monthly_amount_kurus / 100:.2f}"


class SupportRule(ProgramOwned):
    """Firm salary support: the programme pays `share_percent` of the gross salary, at most `cap_kurus` a month,
    for at most `max_months` months of one employment (the claim's month index is checked by the database)."""

    share_percent = models.DecimalField(_("share of gross salary (%)"), max_digits=5, decimal_places=2)
    cap_kurus = models.PositiveBigIntegerField(_("monthly cap (kuruş)"))
    effective_from = models.DateField(_("in force from"))
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="support_rules")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("salary support rule")
        verbose_name_plural = _("salary support rules")
        constraints = [
            models.UniqueConstraint(fields=["program", "effective_from"], name="support_rule_once_per_day"),
            models.CheckConstraint(
                condition=Q(share_percent__gt=0, share_percent__lte=100), name="support_share_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.share_percent}% ≤ {self.cap_kurus / 100:.2f} · {self.effective_from}"


class FundingPolicy(ProgramOwned):
    """Program facts that keep one woman-month from being funded twice and say when a month can be claimed.
    One row per programme, edited by finance on the rules page; `funding_policy_for` gives the defaults."""

    class Overlap(models.TextChoices):
        PRORATE = "prorate", _("The stipend stops the day salary-supported employment starts (prorated by days)")
        WHOLE_MONTH = "whole_month", _("No stipend for a month with any salary-supported day")

    stipend_overlap = models.CharField(
        _("training stipend and salary support in the same month"),
        max_length=12,
        choices=Overlap.choices,
        default=Overlap.PRORATE,
    )
    claim_current_month_from_day = models.PositiveSmallIntegerField(
        _("the current month may be claimed from this day of the month"),
        null=True,
        blank=True,
        help_text=_("For example the day after payroll. Empty: a month is claimed only after it has ended."),
    )
    netting_allowed = models.BooleanField(_("net what a person or firm owes against their next payment"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("funding policy")
        verbose_name_plural = _("funding policies")
        constraints = [
            models.UniqueConstraint(fields=["program"], name="funding_policy_once"),
            models.CheckConstraint(
                condition=Q(claim_current_month_from_day__isnull=True)
                | Q(claim_current_month_from_day__gte=1, claim_current_month_from_day__lte=28),
                name="funding_policy_claim_day_1_28",
            ),
        ]


class StipendRun(ProgramOwned):
    """One computation of a month's stipends (on demand or by beat). Running a month again adds only changes."""

    period = models.DateField(_("month"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    created_count = models.PositiveIntegerField(default=0)
    adjustment_count = models.PositiveIntegerField(default=0)
    total_kurus = models.BigIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("stipend run")
        verbose_name_plural = _("stipend runs")


class Entitlement(ProgramOwned):
    """What one beneficiary is owed for one month, with a snapshot of what decided it. Never edited: a later
    correction is an adjustment entitlement (kind stipend_adjustment, sequence 1, 2, …)."""

    class Kind(models.TextChoices):
        STIPEND = "stipend", _("Stipend")
        STIPEND_ADJUSTMENT = "stipend_adjustment", _("Stipend adjustment")
        SALARY_SUPPORT = "salary_support", _("Salary support")

    class Reason(models.TextChoices):
        NONE = "", _("Eligible")
        BELOW_THRESHOLD = "below_threshold", _("Attendance below the threshold")
        WITHDRAWN = "withdrawn", _("Withdrawn from training")
        MISSING_IBAN = "missing_iban", _("No IBAN on record")
        NO_SESSIONS = "no_sessions", _("No sessions in the month")
        NO_RULE = "no_rule", _("No stipend rule in force")
        RECOVERY = "recovery", _("Overpaid: to be recovered")
        SALARY_SUPPORTED = "salary_supported", _("Employed with salary support")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    trainee = models.ForeignKey(
        "training.Trainee", on_delete=models.PROTECT, null=True, blank=True, related_name="entitlements"
    )
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="entitlements")
    claim = models.OneToOneField(
        "SupportClaim", on_delete=models.PROTECT, null=True, blank=True, related_name="entitlement"
    )
    period = models.DateField(_("month"))
    sequence = models.PositiveSmallIntegerField(default=0)
    amount_kurus = models.BigIntegerField(_("amount (kuruş)"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True, default="")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    snapshot = models.JSONField(_("what decided it"), default=dict)
    stipend_run = models.ForeignKey(StipendRun, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "pk"]
        verbose_name = _("entitlement")
        verbose_name_plural = _("entitlements")
        indexes = [models.Index(fields=["program", "period", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "trainee", "kind", "period", "sequence"], name="entitlement_once_per_month"
            ),
            models.UniqueConstraint(
                fields=["program", "trainee", "kind", "period"],
                condition=Q(kind="stipend"),
                name="stipend_once_per_trainee_month",
            ),
            models.CheckConstraint(
                condition=Q(trainee__isnull=False) | Q(firm__isnull=False), name="entitlement_has_beneficiary"
            ),
            models.CheckConstraint(
                condition=Q(kind="stipend_adjustment") | Q(amount_kurus__gte=0), name="entitlement_not_negative"
            ),
            models.CheckConstraint(condition=~Q(reason="") | Q(amount_kurus__gt=0), name="entitlement_zero_has_reason"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period:%Y-%m} · {self.amount_kurus / 100:.2f}"

    @property
    def payable(self) -> bool:
        return self.amount_kurus > 0 and not self.reason

    @property
    def explanation(self) -> str:
        """Why salary support cut the stipend, from the snapshot ('' when it did not)."""
        from stipends.funding import explanation

        return explanation(self.snapshot or {})


class FirmBankAccount(ProgramOwned):
    """Where a firm's salary support is paid. The IBAN is personal-data-grade: encrypted, hashed, masked."""

    firm = models.OneToOneField("firms.Firm", on_delete=models.PROTECT, related_name="bank_account")
    iban = EncryptedTextField(_("IBAN"))
    iban_hash = models.CharField(max_length=64, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("firm bank account")
        verbose_name_plural = _("firm bank accounts")

    @property
    def iban_masked(self) -> str:
        return mask_iban(self.iban)


class SupportClaim(ProgramOwned):
    """A firm's monthly claim of salary support for one ambassador's employment."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    employment = models.ForeignKey("matching.Employment", on_delete=models.PROTECT, related_name="support_claims")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="support_claims")
    trainee = models.ForeignKey("training.Trainee", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("month"))
    month_index = models.PositiveSmallIntegerField(_("month of employment"))
    gross_salary_kurus = models.PositiveBigIntegerField(_("gross salary (kuruş)"))
    days_employed = models.PositiveSmallIntegerField(_("days employed in the month"))
    days_in_month = models.PositiveSmallIntegerField()
    supported_kurus = models.PositiveBigIntegerField(_("supported amount (kuruş)"))
    rule = models.ForeignKey(SupportRule, on_delete=models.PROTECT, related_name="+")
    payroll_document = models.FileField(_("payroll document"), upload_to="claims/%Y/", storage=encrypted_storage)
    sgk_proof = models.FileField(_("SGK proof for the month"), upload_to="claims/%Y/", storage=encrypted_storage)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    decision_reason = models.TextField(_("reason"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period", "pk"]
        verbose_name = _("salary support claim")
        verbose_name_plural = _("salary support claims")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "employment", "period"],
                condition=~Q(status="rejected"),
                name="claim_once_per_employment_month",
            ),
            models.UniqueConstraint(
                fields=["program", "employment", "month_index"],
                condition=~Q(status="rejected"),
                name="claim_month_index_once",
            ),
            # at most 12 months of support per employment
            models.CheckConstraint(
                condition=Q(month_index__gte=1, month_index__lte=12), name="claim_at_most_12_months"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""), name="claim_reject_reason"
            ),
        ]

    def __str__(self):
        return f"{self.firm} · {self.period:%Y-%m}"


# --- payment runs, payments, bank files -----------------------------------------------------------------------


class PaymentRun(ProgramOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for approval")
        APPROVED = "approved", _("Approved")
        EXPORTED = "exported", _("Sent to the bank")
        RECONCILING = "reconciling", _("Reconciling")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")

    # The workflow: one table of allowed transitions, one service per transition (stipends.services).
    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED, Status.CANCELLED},
        Status.SUBMITTED: {Status.APPROVED, Status.REJECTED, Status.CANCELLED},
        Status.APPROVED: {Status.EXPORTED, Status.CANCELLED},
        Status.EXPORTED: {Status.RECONCILING},
        Status.RECONCILING: {Status.CLOSED},
    }

    period = models.DateField(_("month"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=BudgetLine.Purpose.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    digest = models.CharField(_("digest of the lines"), max_length=64, blank=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    total_kurus = models.BigIntegerField(_("total (kuruş)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("payment run")
        verbose_name_plural = _("payment runs")
        constraints = [
            # four eyes: the preparer never approves her own run
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("prepared_by")), name="run_four_eyes"
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.period:%Y-%m} ({self.get_status_display()})"


class PaymentRunTransition(ProgramOwned):
    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=PaymentRun.Status.choices)
    to_status = models.CharField(max_length=12, choices=PaymentRun.Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    why = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]


class Payment(ProgramOwned):
    """One attempt to pay one entitlement. An entitlement may have several attempts; only one is active."""

    class Status(models.TextChoices):
        PENDING = "pending", _("In a run")
        APPROVED = "approved", _("Approved")
        EXPORTED = "exported", _("Sent to the bank")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE = (Status.PENDING, Status.APPROVED, Status.EXPORTED, Status.PAID)

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="payments")
    entitlement = models.ForeignKey(Entitlement, on_delete=models.PROTECT, related_name="payments")
    attempt = models.PositiveSmallIntegerField(default=1)
    reference = models.CharField(_("reference"), max_length=30)
    amount_kurus = models.PositiveBigIntegerField(_("amount (kuruş)"))
    # what the payee owed the programme (a receivable), taken from this payment: amount = entitlement − netted
    netted_kurus = models.PositiveBigIntegerField(_("netted against a receivable (kuruş)"), default=0)
    payee_name = models.CharField(_("payee"), max_length=200)
    payee_id_number = EncryptedTextField(_("TCKN / VKN"), blank=True, default="")
    iban = EncryptedTextField(_("IBAN"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    failure_reason = models.CharField(_("failure reason"), max_length=300, blank=True)
    accrual = models.ForeignKey(Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    export = models.ForeignKey(Transaction, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "entitlement"],
                condition=Q(status__in=["pending", "approved", "exported", "paid"]),
                name="payment_one_active_per_entitlement",
            ),
            models.UniqueConstraint(fields=["program", "reference"], name="payment_reference_unique"),
            models.UniqueConstraint(fields=["program", "entitlement", "attempt"], name="payment_attempt_unique"),
            # zero only when the whole entitlement settles a receivable (never sent to the bank)
            models.CheckConstraint(condition=Q(amount_kurus__gt=0) | Q(netted_kurus__gt=0), name="payment_positive"),
        ]

    def __str__(self):
        return self.reference

    @property
    def iban_masked(self) -> str:
        return mask_iban(self.iban)


class BankFileFormat(ProgramOwned):
    """One bank's bulk-payment template: which columns, in which order, and how the file is written."""

    class FileType(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (xlsx)"

    class Encoding(models.TextChoices):
        UTF8 = "utf-8", "UTF-8"
        CP1254 = "cp1254", "Windows-1254"

    COLUMN_CHOICES = ("payee_name", "id_number", "iban", "amount", "value_date", "reference", "description")

    name = models.CharField(_("name"), max_length=100)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    file_type = models.CharField(_("file type"), max_length=4, choices=FileType.choices, default=FileType.CSV)
    columns = models.JSONField(_("columns"), default=list)
    headers = models.JSONField(_("column headings"), default=list, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1, default=";")
    decimal_separator = models.CharField(_("decimal separator"), max_length=1, default=",")
    encoding = models.CharField(_("encoding"), max_length=8, choices=Encoding.choices, default=Encoding.UTF8)
    date_format = models.CharField(_("date format"), max_length=20, default="%d.%m.%Y")
    include_header = models.BooleanField(_("heading row"), default=True)
    control_row = models.BooleanField(_("control totals row"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bank file format")
        verbose_name_plural = _("bank file formats")
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="bank_format_name_unique")]

    def __str__(self):
        return self.name


class BankFile(ProgramOwned):
    """An exported file, kept as written. A re-export is a new version; a stored file never changes."""

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="bank_files")
    format = models.ForeignKey(BankFileFormat, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(upload_to="bank_files/%Y/", storage=encrypted_storage)
    filename = models.CharField(max_length=120)
    checksum = models.CharField(_("SHA-256"), max_length=64)
    line_count = models.PositiveIntegerField()
    total_kurus = models.BigIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("bank file")
        verbose_name_plural = _("bank files")
        constraints = [models.UniqueConstraint(fields=["program", "run", "version"], name="bank_file_version_unique")]

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerImmutable("an exported bank file is never changed: export a new version")
        return super().save(*args, **kwargs)


class StatementUpload(ProgramOwned):
    """A bank result file or statement (CSV, XLSX or MT940) and what reconciling it did."""

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="statements")
    file = models.FileField(upload_to="statements/%Y/", storage=encrypted_storage)
    filename = models.CharField(max_length=200)
    file_kind = models.CharField(max_length=8)
    checksum = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    paid_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    exception_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["program", "run", "checksum"], name="statement_once")]


class StatementLine(ProgramOwned):
    class Outcome(models.TextChoices):
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        UNMATCHED = "unmatched", _("Unknown reference")
        WRONG_AMOUNT = "wrong_amount", _("Amount differs")
        DUPLICATE = "duplicate", _("Duplicate line")

    upload = models.ForeignKey(StatementUpload, on_delete=models.PROTECT, related_name="lines")
    line_number = models.PositiveIntegerField()
    reference = models.CharField(max_length=60)
    amount_kurus = models.BigIntegerField()
    bank_status = models.CharField(max_length=20)
    bank_reason = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="statement_line"
    )

    class Meta:
        ordering = ["upload", "line_number"]

    @property
    def is_exception(self) -> bool:
        return self.outcome in (self.Outcome.UNMATCHED, self.Outcome.WRONG_AMOUNT, self.Outcome.DUPLICATE)
