"""Scale seeder of the core (portal.scale): the program office, trainers, assessors and the three calls.

Office people (staff, finance, M&E, assessors) need a second factor: each gets a TOTP authenticator with the
secret in `SCALE_TOTP_SECRET`, so the load test can compute codes. Everyone else logs in with the password only.
"""

from datetime import timedelta
from decimal import Decimal

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from portal import roles
from portal.models import Call, RubricCriterion, User

# Base32, shared by the seeded office accounts of every scale program (test data, printed by the command).
SCALE_TOTP_SECRET = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"

CALLS = [
    ("firm", "İmalat firmaları çağrısı (ölçek)", "Manufacturers' call (scale)", ["province", "manufacturing"]),
    ("ambassador", "Değişim elçisi çağrısı (ölçek)", "Change ambassadors' call (scale)", []),
    ("operator", "Operatör çağrısı (ölçek)", "Operators' call (scale)", []),
]
CRITERIA = [
    ("Motivasyon ve uyum", "Motivation and fit", Decimal(2)),
    ("Deneyim ve kapasite", "Experience and capacity", Decimal(1)),
    ("Kadın istihdamı potansiyeli", "Potential for women's employment", Decimal("1.5")),
]


def seed(ctx) -> None:
    office = {
        roles.STAFF: max(2, ctx.size("reviewers", 2)),
        roles.FINANCE: 2,
        roles.ME: 2,
        roles.STAKEHOLDER: 2,
        roles.MENTOR: max(2, ctx.size("trainers", 2) // 10),
        roles.ASSESSOR: ctx.size("assessors", 2),
        roles.TRAINER: ctx.size("trainers", 2),
    }
    logins = ctx.people.setdefault("logins", {})
    for role, count in office.items():
        ctx.people[role] = ctx.make_users(role, count, role, login=True)
        logins[role] = ctx.email(role, 1)
    mfa_roles = (roles.STAFF, roles.FINANCE, roles.ME, roles.ASSESSOR)
    for user in User.objects.filter(pk__in=[pk for r in mfa_roles for pk in ctx.people[r]]):
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, SCALE_TOTP_SECRET)
    ctx.people["totp_secret"] = SCALE_TOTP_SECRET

    calls = ctx.bulk(
        Call,
        [
            Call(
                group=group,
                title_tr=title_tr,
                title_en=title_en,
                text_tr="Ölçek testi için oluşturulmuş çağrı.",
                text_en="A call made for the scale test.",
                opens_at=ctx.now - timedelta(days=400),
                closes_at=ctx.now + timedelta(days=60),
                quota=max(ctx.size("firms"), ctx.size("trainees")) * 2,
                rules=rules,
                created_by_id=ctx.actor_id,
                created_at=ctx.now - timedelta(days=410),
            )
            for group, title_tr, title_en, rules in CALLS
        ],
    )
    ctx.shared["calls"] = {call.group: call.pk for call in calls}
    ctx.bulk(
        RubricCriterion,
        [
            RubricCriterion(call_id=call.pk, name_tr=tr, name_en=en, weight=weight, max_score=5, order=i)
            for call in calls
            for i, (tr, en, weight) in enumerate(CRITERIA)
        ],
    )
