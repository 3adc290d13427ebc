from django.utils.translation import gettext_lazy as _

from firms import applications
from firms.models import Firm
from firms.selectors import firm_list_for_user
from firms.services import firm_create
from portal import roles
from portal.demo import demo_extensions
from portal.pii import pii_hash
from portal.registry import firm_progress, role_homes, selectors
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
