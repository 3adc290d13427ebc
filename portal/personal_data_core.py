"""What the core holds about a person (account, roles, notice and consents, applications, invitations), and how
it is erased, and the core's periods of the retention schedule (unselected applicants, expired invitations)."""

from datetime import timedelta

from django.db.models import Max, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.models import Application, Consent, Invitation, Membership, NoticeAcknowledgement
from portal.personal_data import Item, Outcome, PersonalDataProvider, RetentionRule, Section

UNSELECTED = (
    Application.Status.INELIGIBLE,
    Application.Status.REJECTED,
    Application.Status.WITHDRAWN,
    Application.Status.WAITLISTED,
    Application.Status.DRAFT,
)


def pseudonym_email(user) -> str:
    # .invalid is reserved (RFC 2606): no mail can ever reach it, and it is unique per account
    return f"silinmis-{user.pk}@kisi.invalid"


def _applications(user, program_id):
    return Application.objects.filter(Q(user=user) | Q(email__iexact=user.email), program_id=program_id)


def sections(*, user, program_id):
    memberships = Membership.objects.filter(program_id=program_id, user=user).select_related("role", "firm")
    acks = NoticeAcknowledgement.objects.filter(program_id=program_id, user=user).select_related("notice")
    consents = Consent.objects.filter(program_id=program_id, user=user)
    applications = _applications(user, program_id).select_related("call")
    return [
        Section(
            "identity",
            _("Your account"),
            [Item(_("Full name"), user.full_name or "—"), Item(_("Joined"), f"{user.date_joined:%d.%m.%Y}")]
            + [Item(_("Role"), f"{m.role.name}{' · ' + m.firm.name if m.firm else ''}") for m in memberships],
            [{"full_name": user.full_name, "joined": user.date_joined.isoformat()}]
            + [
                {"role": m.role.code, "firm": m.firm.name if m.firm else None, "active": m.is_active}
                for m in memberships
            ],
        ),
        Section("contact", _("Your account"), [Item(_("Email"), user.email)], [{"email": user.email}]),
        Section(
            "consents",
            _("Privacy notice and consents"),
            [Item(_("Read the privacy notice"), f"v{a.notice.version} · {a.acknowledged_at:%d.%m.%Y}") for a in acks]
            + [
                Item(
                    c.get_purpose_display(),
                    _("given %(given)s, withdrawn %(withdrawn)s")
                    % {"given": f"{c.given_at:%d.%m.%Y}", "withdrawn": f"{c.withdrawn_at:%d.%m.%Y}"}
                    if c.withdrawn_at
                    else _("given %(given)s") % {"given": f"{c.given_at:%d.%m.%Y}"},
                )
                for c in consents
            ],
            [{"notice_version": a.notice.version, "acknowledged_at": a.acknowledged_at.isoformat()} for a in acks]
            + [
                {
                    "consent": c.purpose,
                    "given_at": c.given_at.isoformat(),
                    "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
                }
                for c in consents
            ],
        ),
        Section(
            "selection",
            _("Applications"),
            [Item(a.call.title, a.get_status_display()) for a in applications],
            [
                {
                    "call": a.call.title_tr,
                    "status": a.status,
                    "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
                    "province": a.province.name if a.province_id else None,
                }
                for a in applications
            ],
        ),
    ]


def erase(*, user, program_id, pseudonym: str, held: bool):
    """The account keeps its row (money and training records point at it) under a pseudonym, and cannot log in."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    outcomes = []
    apps = _applications(user, program_id)
    n_apps = apps.update(email=pseudonym_email(user), display_name=pseudonym, dedupe_hash="", user=user)
    outcomes.append(Outcome("selection", "portal.application: email, name, duplicate index", "pseudonymised", n_apps))
    n_inv = Invitation.objects.filter(program_id=program_id, email__iexact=user.email).update(
        email=pseudonym_email(user)
    )
    outcomes.append(Outcome("contact", "portal.invitation: email", "pseudonymised", n_inv))
    n_acks = NoticeAcknowledgement.objects.filter(user=user).update(ip_address=None, user_agent="")
    Consent.objects.filter(user=user).update(ip_address=None)
    outcomes.append(
        Outcome("consents", "notice acknowledgements and consents: IP address, browser", "destroyed", n_acks)
    )
    # what she was told (her inbox, and each channel's address and outcome): the events themselves are kept where
    # they happened (payments, offers), so the copies sent to her go
    from portal.models.notifications import Notification

    n_told, _by_model = (
        Notification.objects.filter(program_id=program_id)
        .filter(Q(recipient=user) | Q(email__iexact=user.email))
        .delete()
    )
    outcomes.append(Outcome("contact", "portal.notification and deliveries: what she was sent", "destroyed", n_told))
    Membership.objects.filter(program_id=program_id, user=user).update(is_active=False)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.full_name = pseudonym
    user.email = pseudonym_email(user)
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["full_name", "email", "is_active", "password"])
    outcomes.append(Outcome("identity", "portal.user: name, email, password, second factor", "pseudonymised", 1))
    return outcomes


provider = PersonalDataProvider(sections=sections, erase=erase)


# --- retention rules ------------------------------------------------------------------------------------------


def _unselected_applications(program_id, policy, now):
    """Applications not selected whose decision (last transition) is older than the period, with no account."""
    cutoff = now - timedelta(days=30 * policy.unselected_applicant_months)
    return (
        Application.objects.filter(program_id=program_id, status__in=UNSELECTED, user__isnull=True)
        .annotate(decided_at=Max("transitions__created_at"))
        .filter(Q(decided_at__lt=cutoff) | Q(decided_at__isnull=True, call__closes_at__lt=cutoff))
    )


def _destroy_detail_files(application) -> None:
    """Each group's details (a one-to-one row of its app) may hold files, e.g. a CV: destroy them with the row,
    found through the model's relations so the core names no app."""
    from portal.files import file_destroy

    for relation in Application._meta.related_objects:
        if not relation.one_to_one:
            continue
        details = getattr(application, relation.get_accessor_name(), None)
        for field in details._meta.fields if details is not None else ():
            if field.get_internal_type() == "FileField":
                file_destroy(getattr(details, field.name))


def retain_applications(*, program_id, policy, now, dry_run):
    rows = _unselected_applications(program_id, policy, now)
    count = rows.count()
    if not dry_run and count:
        doomed = Application.objects.filter(pk__in=list(rows.values_list("pk", flat=True)))
        for application in doomed:
            _destroy_detail_files(application)
        doomed.delete()  # details, reviews, interviews and transitions cascade
    return [Outcome("selection", "portal.application (not selected) with its details", "destroyed", count)]


def retain_invitations(*, program_id, policy, now, dry_run):
    cutoff = now - timedelta(days=policy.expired_invitation_days)
    rows = Invitation.objects.filter(program_id=program_id, accepted_at__isnull=True).filter(
        Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff)
    )
    count = rows.count()
    if not dry_run and count:
        rows.delete()
    return [Outcome("contact", "portal.invitation (expired or revoked, never accepted)", "destroyed", count)]


RULES = {
    "portal.applications": RetentionRule(
        "selection",
        gettext_lazy("Applicants who were not selected"),
        lambda p: _("%(n)s months after the call's decision") % {"n": p.unselected_applicant_months},
        retain_applications,
        order=20,
    ),
    "portal.invitations": RetentionRule(
        "contact",
        gettext_lazy("Expired or revoked invitations"),
        lambda p: _("%(n)s days after they expired") % {"n": p.expired_invitation_days},
        retain_invitations,
        order=10,
    ),
}
