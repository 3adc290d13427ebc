from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from firms import permissions
from firms.models import Firm, WorkforceSnapshot
from portal.pii import normalize_vkn, pii_hash
from portal.services.audit import audit_record


def firm_create(*, program_id: int, actor, name: str, tax_number: str, province, **facts) -> Firm:
    vkn = normalize_vkn(tax_number)
    firm = Firm.objects.create(
        program_id=program_id,
        name=name,
        tax_number=vkn,
        tax_number_hash=pii_hash("vkn", vkn),
        province=province,
        **facts,
    )
    audit_record(program_id=program_id, actor=actor, action="firm.create", target=firm)
    return firm


@transaction.atomic
def firm_create_from_application(*, application, details, actor) -> Firm:
    """The selected application becomes the firm record, with its workforce baseline. Idempotent."""
    existing = Firm.objects.filter(application=application).first()
    if existing:
        return existing
    firm = firm_create(
        program_id=application.program_id,
        actor=actor,
        name=details.trade_name,
        tax_number=details.tax_number,
        province=details.province,
        application=application,
        district=details.district,
        osb=details.osb,
        sector=details.sector,
        turnover_band=details.turnover_band,
        digital_interest=details.digital_interest,
        green_interest=details.green_interest,
    )
    WorkforceSnapshot.objects.create(
        program_id=firm.program_id,
        firm=firm,
        as_of=timezone.localdate(),
        white_collar_women=details.white_collar_women or 0,
        white_collar_men=(details.white_collar_total or 0) - (details.white_collar_women or 0),
        blue_collar_women=details.blue_collar_women or 0,
        blue_collar_men=(details.blue_collar_total or 0) - (details.blue_collar_women or 0),
    )
    return firm


@transaction.atomic
def firm_profile_update(*, audience, actor, firm: Firm, form) -> Firm:
    if not permissions.firm_can_edit_profile(audience, firm):
        raise PermissionDenied
    changed = form.changed_data
    form.save()
    audit_record(program_id=firm.program_id, actor=actor, action="firm.profile", target=firm, data={"fields": changed})
    return firm


@transaction.atomic
def workforce_snapshot_record(*, audience, actor, firm: Firm, form) -> WorkforceSnapshot:
    if not permissions.firm_can_edit_profile(audience, firm):
        raise PermissionDenied
    snapshot = form.save(commit=False)
    if snapshot.as_of > timezone.localdate():
        raise ValidationError({"as_of": _("The date cannot be in the future.")})
    snapshot.firm = firm
    snapshot.program_id = firm.program_id
    existing = WorkforceSnapshot.objects.filter(firm=firm, as_of=snapshot.as_of).first()
    if existing:  # one figure per date: a second entry for the same date corrects it
        snapshot.pk = existing.pk
        snapshot.created_at = existing.created_at
    snapshot.save()
    audit_record(program_id=firm.program_id, actor=actor, action="firm.workforce", target=snapshot)
    return snapshot


def firm_colleague_invite(*, audience, actor, firm: Firm, email: str):
    """A firm user brings in a colleague of her own firm (staff may do it for any firm of the program)."""
    from portal import roles
    from portal.models import Role
    from portal.services.invitations import invitation_create

    if not permissions.firm_can_edit_profile(audience, firm):
        raise PermissionDenied
    return invitation_create(
        audience=audience, actor=actor, email=email, role=Role.objects.get(code=roles.FIRM), firm=firm, by_firm=True
    )


def workforce_reminders_send(*, program_id: int) -> int:
    """Email the users of every firm whose latest workforce figures are older than the program's interval
    (and who were not reminded within it). Returns how many firms were reminded. Safe to run daily."""
    from datetime import timedelta

    from django.db.models import Max, Q
    from django.urls import reverse

    from portal.models import Program
    from portal.notifications import recipients
    from portal.notifications.service import notify

    program = Program.objects.get(pk=program_id)
    cutoff = timezone.now() - timedelta(days=program.workforce_update_days)
    due = list(
        Firm.objects.filter(program_id=program_id)
        .annotate(latest=Max("workforce__as_of"))
        .filter(Q(latest__isnull=True) | Q(latest__lt=cutoff.date()))
        .filter(Q(workforce_reminded_at__isnull=True) | Q(workforce_reminded_at__lt=cutoff))
    )
    users = recipients.firm_users(program_id=program_id, firm_ids=[f.pk for f in due])
    reminded = 0
    for firm in due:
        if users.get(firm.pk):
            notify(
                kind="firms.workforce_reminder",
                recipients=users[firm.pk],
                obj=firm,
                key=timezone.localdate().isoformat(),
                context={"firm": firm.name, "days": program.workforce_update_days},
                link=reverse("firms:home"),
            )
            reminded += 1
        Firm.objects.filter(pk=firm.pk).update(workforce_reminded_at=timezone.now())
    return reminded
