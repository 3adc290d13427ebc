"""The shapes apps use to tell the privacy app what they hold about a person (KVKK articles 10-11).

Each app registers one `PersonalDataProvider` in `portal.registry.personal_data` and its periods of the retention
schedule as `RetentionRule`s in `portal.registry.retention_rules` (from its providers.py). The privacy app (the top
layer) reads only these, so "My data", the export, erasure and the retention job never import an app upwards, and a
new app that stores personal data adds its provider beside its models.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

# The categories of the processing inventory and of "My data" (VERBİS asks for data by category).
CATEGORIES = {
    "identity": _("Identity"),
    "contact": _("Contact"),
    "selection": _("Applications and selection"),
    "education": _("Education and work history"),
    "training": _("Training"),
    "attendance": _("Attendance"),
    "money": _("Payments and bank details"),
    "employment": _("Employment"),
    "consents": _("Notice and consents"),
    "documents": _("Documents"),
    "health": _("Health (special category)"),
}


@dataclass(frozen=True)
class Item:
    """One line a person reads on "My data": a label and a display value (identifiers already masked)."""

    label: str
    value: str


@dataclass
class Section:
    """What one app holds about her in one category: lines to read and rows for the machine-readable export."""

    category: str
    title: str
    items: list[Item] = field(default_factory=list)
    # rows for JSON/CSV: plain dicts of str/int/bool/None, full values (the export is hers alone)
    records: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Identifier:
    """A masked identifier she may reveal to herself after re-authenticating; `obj.<field>` holds the plaintext."""

    key: str  # stable key for the reveal URL, e.g. "training.trainee.12.tckn"
    label: str
    masked: str
    obj: object
    field: str


@dataclass(frozen=True)
class Document:
    """A file about her; `file` is a FieldFile (opened through its storage, decrypted when encrypted)."""

    category: str
    label: str
    file: object


@dataclass(frozen=True)
class Outcome:
    """What erasure or retention did to one kind of record: for the destruction record (no personal values)."""

    category: str
    what: str  # e.g. "training.trainee: tckn, iban, phone"
    method: str  # "destroyed" | "pseudonymised" | "kept"
    count: int
    note: str = ""


@dataclass(frozen=True)
class RetentionPolicy:
    """The program's retention periods and legal holds (privacy settings), handed down as plain values."""

    unselected_applicant_months: int = 12
    expired_invitation_days: int = 90
    cv_months: int = 12
    bank_file_days: int = 180
    audit_period_ends: date | None = None  # payments, ledger and proofs are held until then
    hold_payments: bool = True
    hold_ledger: bool = True
    hold_agreements: bool = True

    def audit_hold_active(self, today: date) -> bool:
        return self.audit_period_ends is None or today <= self.audit_period_ends


@dataclass(frozen=True)
class PersonalDataProvider:
    """Callables take keyword arguments; `user` is the data subject, `program_id` the program being asked.

    - sections(user, program_id) -> list[Section]
    - identifiers(user, program_id) -> list[Identifier]
    - documents(user, program_id) -> list[Document]
    - holds(user, program_id, policy, today) -> list[str]: why some of her data must be kept (empty: none)
    - erase(user, program_id, pseudonym, held) -> list[Outcome]: destroy what may go, pseudonymise what is held
    """

    sections: Callable
    identifiers: Callable | None = None
    documents: Callable | None = None
    holds: Callable | None = None
    erase: Callable | None = None


@dataclass(frozen=True)
class RetentionRule:
    """One period of the retention schedule.

    `apply(program_id, policy, now, dry_run) -> list[Outcome]` finds what is past its period, leaves whatever a legal
    hold covers, and (unless dry_run) destroys or pseudonymises it; with dry_run it only counts.
    """

    category: str
    label: str
    period: Callable  # policy -> human text of the period, e.g. "12 months after the call's decision"
    apply: Callable
    order: int = 50
