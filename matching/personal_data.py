"""What matching holds about a person (offers, employment, its SGK proof) and how it is erased."""

from django.utils.translation import gettext as _

from matching.models import Employment, Offer
from portal.files import file_destroy
from portal.personal_data import Document, Item, Outcome, PersonalDataProvider, Section


def sections(*, user, program_id):
    offers = Offer.objects.filter(program_id=program_id, trainee__user=user).select_related("firm")
    employments = Employment.objects.filter(program_id=program_id, trainee__user=user).select_related("firm")
    return [
        Section(
            "employment",
            _("Offers and employment"),
            [Item(_("Offer from %(firm)s") % {"firm": o.firm.name}, o.get_status_display()) for o in offers]
            + [Item(e.firm.name, f"{e.start_date:%d.%m.%Y} · {e.get_status_display()}") for e in employments],
            [{"offer_firm": o.firm.name, "status": o.status} for o in offers]
            + [
                {
                    "employer": e.firm.name,
                    "start_date": e.start_date.isoformat(),
                    "gross_salary_kurus": e.gross_salary_kurus,
                    "status": e.status,
                    "ended_on": e.terminated_on.isoformat() if e.terminated_on else None,
                }
                for e in employments
            ],
        )
    ]


def documents(*, user, program_id):
    return [
        Document("employment", _("SGK registration proof"), e.sgk_proof)
        for e in Employment.objects.filter(program_id=program_id, trainee__user=user)
        if e.sgk_proof
    ]


def erase(*, user, program_id, pseudonym: str, held: bool):
    employments = Employment.objects.filter(program_id=program_id, trainee__user=user)
    n = sum(file_destroy(e.sgk_proof) for e in employments)
    employments.update(sgk_proof="", termination_reason="")
    return [Outcome("documents", "matching.employment: SGK proof, reason it ended", "destroyed", n)]


provider = PersonalDataProvider(sections=sections, documents=documents, erase=erase)
