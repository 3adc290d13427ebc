from portal.models.audit import AuditEvent, PlatformAuditEvent
from portal.models.geo import Province, Sector
from portal.models.jobs import Job
from portal.models.pii import PiiAccessLog, PiiCanary
from portal.models.privacy import Consent, NoticeAcknowledgement, PrivacyNotice
from portal.models.programs import Invitation, Membership, Program, Role
from portal.models.selection import (
    Application,
    Call,
    CallQuota,
    Group,
    Interview,
    Review,
    ReviewScore,
    RubricCriterion,
    Transition,
)
from portal.models.users import User

__all__ = [
    "Application",
    "AuditEvent",
    "Call",
    "CallQuota",
    "Consent",
    "Group",
    "Interview",
    "Invitation",
    "Job",
    "Membership",
    "NoticeAcknowledgement",
    "PiiAccessLog",
    "PiiCanary",
    "PlatformAuditEvent",
    "PrivacyNotice",
    "Program",
    "Province",
    "Review",
    "ReviewScore",
    "Role",
    "RubricCriterion",
    "Sector",
    "Transition",
    "User",
]
