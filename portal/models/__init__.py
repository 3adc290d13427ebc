from portal.models.api import ApiToken, IdempotentRequest, WebhookDelivery, WebhookEndpoint
from portal.models.audit import AuditEvent, PlatformAuditEvent
from portal.models.geo import Province, Sector
from portal.models.jobs import Job
from portal.models.notifications import Channel, Delivery, Notification, Preference
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
    "ApiToken",
    "Application",
    "AuditEvent",
    "Call",
    "CallQuota",
    "Channel",
    "Consent",
    "Delivery",
    "Group",
    "IdempotentRequest",
    "Interview",
    "Invitation",
    "Job",
    "Membership",
    "NoticeAcknowledgement",
    "Notification",
    "PiiAccessLog",
    "PiiCanary",
    "PlatformAuditEvent",
    "Preference",
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
    "WebhookDelivery",
    "WebhookEndpoint",
]
