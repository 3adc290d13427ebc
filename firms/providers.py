from django.utils.translation import gettext_lazy as _

from firms import (
    applications,
    notifications,  # noqa: F401  (registers the firms app's notification kinds)
)
from firms.models import Firm
from firms.selectors import firm_list_for_user
from firms.services import firm_create
from portal import roles
from portal.demo import demo_extensions
from portal.pii import pii_hash
from portal.registry import firm_progress, role_homes, scale_seeders, selectors
from portal.selection.kinds import application_kinds

role_homes.register(roles.FIRM, "firms:home")
selectors.register("firms_for_audience", lambda audience: firm_list_for_user(audience=audience))


def demo_firms(program, users):
    """Two demo firms; the demo firm user works at the first."""
    from portal.models import Membership, Province, Role, Sector

    def firm(name, vkn, plate, division):
        found = Firm.objects.filter(program=program, tax_number_hash=pii_hash("vkn", vkn)).first()
        return found or firm_create(
            program_id=program.pk,
            actor=None,
            name=name,
            tax_number=vkn,
            province=Province.objects.get(plate=plate),
            sector=Sector.objects.get(division=division),
        )

    first = firm("Anadolu Metal Sanayi A.Ş.", "1234567890", 41, "25")
    firm("Ege Tekstil Ltd. Şti.", "9876543217", 35, "13")
    Membership.objects.get_or_create(
        program=program, user=users[roles.FIRM], role=Role.objects.get(code=roles.FIRM), firm=first
    )


demo_extensions.register("firms", demo_firms)


application_kinds.register("firm", applications.KIND)


def _step_selected(firm):
    return (10, _("Selected for the programme"), True)


def _step_agreement(firm):
    return (15, _("Participation agreement uploaded"), bool(firm.agreement))


def _step_workforce(firm):
    from firms.models import WorkforceSnapshot

    return (20, _("Workforce baseline recorded"), WorkforceSnapshot.objects.filter(firm=firm).exists())


firm_progress.register("selected", _step_selected)
firm_progress.register("agreement", _step_agreement)
firm_progress.register("workforce", _step_workforce)


def demo_firm_call(program, users):
    """A firm call with applications in every state (the selected one becomes a firm with an invitation)."""
    from stdnum.tr import vkn as vkn_numbers

    from portal.models import Province, Sector
    from portal.selection.demo import S, demo_call

    def vkn(n):
        base = f"{555_000_000 + n}"
        return next(base + d for d in "0123456789" if vkn_numbers.is_valid(base + d))

    names = [
        ("Bosphorus Otomotiv Yan Sanayi A.Ş.", S.SELECTED, 41, "29"),
        ("Ankara Savunma Elektronik Ltd.", S.INTERVIEW, 6, "26"),
        ("İzmir Gıda Makine A.Ş.", S.SHORTLISTED, 35, "28"),
        ("Manisa Beyaz Eşya Parça A.Ş.", S.WAITLISTED, 45, "27"),
        ("Kocaeli Kimya Ltd.", S.SUBMITTED, 41, "20"),
        ("Hatay Tekstil Konfeksiyon A.Ş.", S.SUBMITTED, 31, "14"),
        ("Antalya Turizm Hizmetleri Ltd.", S.INELIGIBLE, 7, "25"),
        ("İstanbul Plastik Ambalaj A.Ş.", S.REJECTED, 34, "22"),
        ("Gebze Metal İşleme Ltd.", S.DRAFT, 41, "25"),
    ]
    applicants = []
    for i, (name, status, plate, division) in enumerate(names):
        slug = f"firma{i + 1}"
        applicants.append(
            (
                f"{slug}@basvuru.kadinimalat.test",
                status,
                {
                    "trade_name": name,
                    "tax_number": vkn(i),
                    "province": Province.objects.get(plate=plate),
                    "district": "Merkez",
                    "sector": Sector.objects.get(division=division),
                    "white_collar_total": 30 + 10 * i,
                    "white_collar_women": 8 + i,
                    "blue_collar_total": 120 + 20 * i,
                    "blue_collar_women": 10 + 2 * i,
                    "turnover_band": "lt100m",
                    "digital_interest": i % 2 == 0,
                    "green_interest": i % 3 == 0,
                    "contact_name": f"İletişim Kişisi {i + 1}",
                    "contact_email": f"iletisim@{slug}.kadinimalat.test",
                    "contact_phone": "05320000000",
                    "privacy_consent": True,
                },
            )
        )
    demo_call(
        program,
        users[roles.STAFF],
        group="firm",
        title_tr="İmalat firmaları ön başvuru çağrısı 2026",
        title_en="Call for manufacturers' pre-applications 2026",
        quota=100,
        rules=["province", "manufacturing", "workforce", "consent"],
        applicants=applicants,
    )


demo_extensions.register("firm_call", demo_firm_call)


def _scale_seed(ctx):
    from firms import scale

    scale.seed(ctx)


scale_seeders.register("firms", _scale_seed)


def _register_api():
    from firms.api import routes
    from portal.api.router import register

    for name, route in routes().items():
        register(name, route)


_register_api()
