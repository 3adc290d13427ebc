"""The firm's application to a call: its form, eligibility rules and what selection makes of it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from firms.models import FirmApplication, SizeClass
from firms.services import firm_create_from_application
from portal import roles
from portal.models import Role
from portal.pii import normalize_vkn, pii_hash
from portal.selection.forms import ApplicationDetailsForm
from portal.selection.kinds import ApplicationKind, Described, Rule
from portal.selection.selectors import provinces_of_program
from portal.services.invitations import invitation_create


class FirmApplicationForm(ApplicationDetailsForm):
    optional_on_submit = ("osb", "contact_title", "turnover_band")
    required_checkboxes = ("privacy_consent",)

    class Meta:
        model = FirmApplication
        fields = [
            "trade_name",
            "tax_number",
            "province",
            "district",
            "osb",
            "sector",
            "white_collar_total",
            "white_collar_women",
            "blue_collar_total",
            "blue_collar_women",
            "turnover_band",
            "digital_interest",
            "green_interest",
            "contact_name",
            "contact_title",
            "contact_email",
            "contact_phone",
            "privacy_consent",
        ]
        widgets = {"tax_number": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.call.program
        self.fields["province"].queryset = provinces_of_program(program)

    def clean_tax_number(self):
        value = self.cleaned_data.get("tax_number", "")
        return normalize_vkn(value) if value else ""

    def clean(self):
        data = super().clean()
        for collar in ("white_collar", "blue_collar"):
            total, women = data.get(f"{collar}_total"), data.get(f"{collar}_women")
            if total is not None and women is not None and women > total:
                self.add_error(f"{collar}_women", _("Cannot be more than the total."))
        return data


def _in_provinces_of_program(details, call):
    program = call.program
    if details.province_id is None:
        return False, ""
    ok = program.pilot_provinces.filter(pk=details.province_id).exists() or (
        program.case_by_case_provinces.filter(pk=details.province_id).exists()
    )
    return ok, details.province.name


def _manufacturing(details, call):
    ok = details.sector is not None and 10 <= int(details.sector.division) <= 33
    return ok, details.sector.division if details.sector else ""


def _has_workforce(details, call):
    return details.employees > 0, str(details.employees)


def _consented(details, call):
    return bool(details.privacy_consent), ""


RULES = {
    "province": Rule(
        _("Located in one of the programme's provinces"),
        _in_provinces_of_program,
        hint=_("The province of the firm's address is one of the programme's provinces."),
    ),
    "manufacturing": Rule(
        _("Manufacturing sector (NACE 10–33)"),
        _manufacturing,
        hint=_("The firm's main activity is in a NACE division from 10 to 33."),
    ),
    "workforce": Rule(_("Has employees"), _has_workforce, hint=_("At least 1 employee.")),
    "consent": Rule(_("Accepted the privacy notice"), _consented, hint=_("Tick the privacy notice box.")),
}


def describe(details: FirmApplication) -> Described:
    program = details.application.program
    return Described(
        display_name=details.trade_name,
        province_id=details.province_id,
        sector_id=details.sector_id,
        size_class=details.size_class if details.employees else "",
        quota_key=f"province:{details.province.plate}" if details.province_id else "",
        dedupe_hash=pii_hash("vkn", details.tax_number) if details.tax_number else "",
        needs_case_review=bool(
            details.province_id and program.case_by_case_provinces.filter(pk=details.province_id).exists()
        ),
    )


def on_selected(*, application, details, actor, audience):
    firm = firm_create_from_application(application=application, details=details, actor=actor)
    if details.contact_email:
        invitation_create(
            audience=audience,
            actor=actor,
            email=details.contact_email,
            role=Role.objects.get(code=roles.FIRM),
            firm=firm,
        )


def export_columns(details: FirmApplication):
    return [
        (_("Trade name"), details.trade_name),
        (_("Province"), details.province.name if details.province_id else ""),
        (_("District"), details.district),
        (_("Sector"), details.sector.division if details.sector_id else ""),
        (_("Employees"), details.employees),
        (_("Women employees"), (details.white_collar_women or 0) + (details.blue_collar_women or 0)),
        (_("Size"), SizeClass(details.size_class).label),
    ]


KIND = ApplicationKind(
    group="firm",
    details_model=FirmApplication,
    form_class=FirmApplicationForm,
    describe=describe,
    on_selected=on_selected,
    rules=RULES,
    applicant_template="firms/application_details.html",
    staff_template="firms/application_details.html",
    export_columns=export_columns,
    dedupe_label=_("tax number"),
)
