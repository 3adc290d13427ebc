"""The demo program: one program, the five pilot provinces, one login per role. Later apps add to it."""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.db import transaction
from django.utils import timezone

from portal import roles
from portal.models import Membership, PrivacyNotice, Program, Province, Role, User
from portal.registry import Registry
from portal.tenancy import program_scope

DEMO_PROGRAM_CODE = "kadin-imalat-pilot"
DEMO_PASSWORD = "Demo-Parola-2026"
DEMO_DOMAIN = "demo.kadinimalat.test"
PILOT_PLATES = [34, 6, 35, 45, 41]  # İstanbul, Ankara, İzmir, Manisa, Kocaeli

# Base32 TOTP secrets for the demo accounts that must use a second factor: fixed, so the demo is repeatable.
DEMO_TOTP_SECRETS = {
    "admin": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    roles.STAFF: "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU",
    roles.FINANCE: "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
    "approver": "OBQXS3LFNZ2GC4DQOJXXMZLSOBQXS3LF",
    roles.ME: "NBSWY3DPNBSWY3DPNBSWY3DPNBSWY3DP",
    roles.ASSESSOR: "ORSXG5DJNZTXIZLTORSXG5DJNZTXIZLT",
}

# name -> callable(program, users) that adds an app's demo data (users: role code -> demo User);
# apps register in their providers, in INSTALLED_APPS order.
demo_extensions = Registry("demo data extensions")

PRIVACY_NOTICE_TR = (
    "Kişisel verileriniz, 6698 sayılı Kişisel Verilerin Korunması Kanunu uyarınca, İmalat Sanayinde Kadınların "
    "Güçlenmesine Yönelik Model Geliştirme Projesi kapsamında başvuru, seçim, eğitim, eşleştirme, ödeme ve "
    "izleme-değerlendirme amaçlarıyla işlenir. Verileriniz proje ortakları dışında paylaşılmaz; haklarınız için "
    "program ofisine başvurabilirsiniz. (Örnek metin: program ofisi kendi aydınlatma metnini yayımlar.)"
)
PRIVACY_NOTICE_EN = (
    "Your personal data is processed under Turkish Law No. 6698 on the Protection of Personal Data for the "
    "purposes of application, selection, training, matching, payments and monitoring of the Model Development "
    "for the Empowerment of Women in Manufacturing programme. It is not shared outside the programme partners; "
    "contact the programme office to exercise your rights. (Sample text: the programme office publishes its own.)"
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: str
    totp_secret: str | None


PEOPLE = [
    # key, role code, full name
    (roles.STAFF, roles.STAFF, "Ayşe Yılmaz"),
    (roles.FINANCE, roles.FINANCE, "Fatma Kaya"),
    ("approver", roles.FINANCE_APPROVER, "Canan Yıldız"),
    (roles.ME, roles.ME, "Zeynep Demir"),
    (roles.ASSESSOR, roles.ASSESSOR, "Elif Şahin"),
    (roles.TRAINER, roles.TRAINER, "Merve Çelik"),
    (roles.MENTOR, roles.MENTOR, "Hülya Arslan"),
    (roles.FIRM, roles.FIRM, "Selin Öztürk"),
    (roles.AMBASSADOR, roles.AMBASSADOR, "Büşra Aydın"),
    (roles.OPERATOR, roles.OPERATOR, "Gül Koç"),
    (roles.STAKEHOLDER, roles.STAKEHOLDER, "Derya Kurt"),
]


def _user(key: str, full_name: str, *, superuser: bool = False) -> User:
    email = f"{key}@{DEMO_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
    if superuser and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    secret = DEMO_TOTP_SECRETS.get(key)
    if secret:
        existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if existing is None:
            TOTP.activate(user, secret)
        elif decrypt(existing.data["secret"]) != secret:
            existing.delete()
            TOTP.activate(user, secret)
    return user


@transaction.atomic
def seed_demo() -> tuple[Program, list[DemoLogin]]:
    """Create or complete the demo program. Idempotent: a second run changes nothing."""
    program, _ = Program.objects.get_or_create(
        code=DEMO_PROGRAM_CODE,
        defaults={
            "name_tr": "İmalat Sanayinde Kadınların Güçlenmesine Yönelik Model Geliştirme Projesi",
            "name_en": "Model Development for the Empowerment of Women in Manufacturing",
        },
    )
    program.pilot_provinces.set(Province.objects.filter(plate__in=PILOT_PLATES))
    program.case_by_case_provinces.set(Province.objects.filter(earthquake_2023=True))
    logins = [DemoLogin(f"admin@{DEMO_DOMAIN}", DEMO_PASSWORD, "admin", DEMO_TOTP_SECRETS["admin"])]
    _user("admin", "Platform Yöneticisi", superuser=True)
    with program_scope(program.pk):
        PrivacyNotice.objects.get_or_create(
            program=program,
            version=1,
            defaults={"text_tr": PRIVACY_NOTICE_TR, "text_en": PRIVACY_NOTICE_EN, "published_at": timezone.now()},
        )
        role_by_code = {r.code: r for r in Role.objects.all()}
        users = {}
        for key, role_code, full_name in PEOPLE:
            users[role_code] = user = _user(key, full_name)
            if not role_by_code[role_code].needs_firm:  # firm users join with their firm (firms' extension)
                Membership.objects.get_or_create(program=program, user=user, role=role_by_code[role_code])
            logins.append(DemoLogin(user.email, DEMO_PASSWORD, role_code, DEMO_TOTP_SECRETS.get(key)))
        for _name, extend in demo_extensions.items():
            extend(program, users)
    return program, logins
