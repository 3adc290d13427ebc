from firms.models import Firm
from firms.selectors import firm_list_for_user
from portal import roles
from portal.demo import demo_extensions
from portal.registry import role_homes, selectors

role_homes.register(roles.FIRM, "firms:home")
selectors.register("firms_for_audience", lambda audience: firm_list_for_user(audience=audience))


def demo_firms(program, users):
    """Two demo firms; the demo firm user works at the first."""
    from portal.models import Membership, Province, Role, Sector

    firm, _ = Firm.objects.get_or_create(
        program=program,
        tax_number="1234567890",
        defaults={
            "name": "Anadolu Metal Sanayi A.Ş.",
            "province": Province.objects.get(plate=41),
            "sector": Sector.objects.get(division="25"),
        },
    )
    Firm.objects.get_or_create(
        program=program,
        tax_number="9876543217",
        defaults={
            "name": "Ege Tekstil Ltd. Şti.",
            "province": Province.objects.get(plate=35),
            "sector": Sector.objects.get(division="13"),
        },
    )
    Membership.objects.get_or_create(
        program=program, user=users[roles.FIRM], role=Role.objects.get(code=roles.FIRM), firm=firm
    )


demo_extensions.register("firms", demo_firms)
