from django.contrib import admin

# Money changes only through the services (ledger, runs, claims); the admin shows it, and keeps the bank layouts.
from portal.admin import ReadOnlyAdmin
from stipends.models import (
    Account,
    BankFile,
    BankFileFormat,
    BudgetLine,
    Entitlement,
    Entry,
    Payment,
    PaymentRun,
    StatementLine,
    StatementUpload,
    StipendRule,
    SupportClaim,
    SupportRule,
    Transaction,
)


@admin.register(BankFileFormat)
class BankFileFormatAdmin(admin.ModelAdmin):
    """Each bank's bulk-payment template (columns, delimiter, decimal separator, encoding)."""

    list_display = ["name", "bank_name", "file_type", "encoding", "delimiter", "decimal_separator", "program"]
    list_filter = ["program", "file_type", "encoding"]


@admin.register(StipendRule, SupportRule)
class RuleAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "effective_from", "budget_line", "program"]
    list_filter = ["program"]


@admin.register(BudgetLine, Account)
class LedgerSetupAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "program"]
    list_filter = ["program"]


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = ["idempotency_key", "kind", "posted_at", "posted_by", "reverses", "program"]
    list_filter = ["program", "kind"]
    search_fields = ["idempotency_key"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["transaction", "account", "amount_kurus"]
    list_select_related = ["transaction", "account"]


@admin.register(Entitlement)
class EntitlementAdmin(ReadOnlyAdmin):
    list_display = ["period", "kind", "trainee", "firm", "amount_kurus", "reason", "program"]
    list_filter = ["program", "kind", "reason", "period"]
    list_select_related = ["trainee__user", "firm", "program"]


@admin.register(PaymentRun)
class PaymentRunAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "purpose", "line_count", "total_kurus", "prepared_by", "approved_by", "program"]
    list_filter = ["program", "status", "purpose"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["reference", "payee_name", "amount_kurus", "status", "attempt", "run"]
    list_filter = ["status"]
    search_fields = ["reference"]
    exclude = ["iban", "payee_id_number"]


@admin.register(BankFile, StatementUpload, StatementLine)
class BankDocumentAdmin(ReadOnlyAdmin):
    pass


@admin.register(SupportClaim)
class SupportClaimAdmin(ReadOnlyAdmin):
    list_display = ["period", "firm", "trainee", "month_index", "supported_kurus", "status", "program"]
    list_filter = ["program", "status"]
