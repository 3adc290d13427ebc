"""What operators holds about a person (her application's details, her profile) and how it is erased."""

from django.db.models import Q
from django.utils.translation import gettext as _

from operators.models import OperatorApplication
from portal.personal_data import Item, Outcome, PersonalDataProvider, Section
from portal.pii import mask_tckn


def _details(user, program_id):
    return OperatorApplication.objects.filter(
        Q(application__user=user) | Q(application__email__iexact=user.email), program_id=program_id
    ).select_related("employer")


def sections(*, user, program_id):
    result = []
    for d in _details(user, program_id):
        result += [
            Section(
                "identity",
                _("Operator application"),
                [Item(_("Full name"), d.full_name), Item(_("T.C. identity number"), mask_tckn(d.tckn or ""))],
                [{"full_name": d.full_name, "tckn": d.tckn}],
            ),
            Section("contact", _("Operator application"), [Item(_("Mobile phone"), d.phone)], [{"phone": d.phone}]),
            Section(
                "education",
                _("Operator application"),
                [
                    Item(_("Education"), d.get_education_display()),
                    Item(_("Years of work experience"), str(d.experience_years or "")),
                    Item(_("Employer"), d.employer.name if d.employer_id else "—"),
                ],
                [
                    {
                        "education": d.education,
                        "experience_years": d.experience_years,
                        "employment": d.employment,
                        "employer": d.employer.name if d.employer_id else None,
                        "shifts": d.shifts,
                        "care": d.care,
                        "care_note": d.care_note,
                    }
                ],
            ),
        ]
    return result


def erase(*, user, program_id, pseudonym: str, held: bool):
    n = _details(user, program_id).update(full_name=pseudonym, tckn="", phone="", care_note="")
    return [Outcome("identity", "operators.operatorapplication: name, tckn, phone, care note", "pseudonymised", n)]


provider = PersonalDataProvider(sections=sections, erase=erase)
