"""Who to tell, in one query per group: a firm's active users, a trainee with her phone, the program office."""

from portal import roles
from portal.models import Membership, User
from portal.notifications.service import Recipient


def firm_users(*, program_id: int, firm_ids) -> dict[int, list]:
    """firm id → the firm's active users (each once), one query."""
    out: dict[int, list] = {}
    seen = set()
    for m in (
        Membership.objects.filter(program_id=program_id, firm_id__in=set(firm_ids), is_active=True)
        .select_related("user")
        .order_by("pk")
    ):
        if (m.firm_id, m.user_id) not in seen and m.user.is_active:
            seen.add((m.firm_id, m.user_id))
            out.setdefault(m.firm_id, []).append(m.user)
    return out


def trainee(record) -> Recipient:
    """A trainee (ambassador or operator): her account, and the mobile number on her trainee record."""
    return Recipient(user=record.user, phone=getattr(record, "phone", ""))


def role_users(*, program_id: int, codes=(roles.STAFF,)) -> list:
    return list(
        User.objects.filter(
            memberships__program_id=program_id, memberships__role__code__in=codes, memberships__is_active=True
        )
        .filter(is_active=True)
        .distinct()
        .order_by("pk")
    )
