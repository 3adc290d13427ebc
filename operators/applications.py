"""The operator application: employed in a programme firm (the firm confirms) or job seeker."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from firms.models import Firm
from operators.models import Employment, OperatorApplication
from portal import roles
from portal.pii import normalize_tckn, pii_hash
from portal.selection.forms import ApplicationDetailsForm
from portal.selection.kinds import ApplicationKind, Described, Rule
from portal.selection.selectors import provinces_of_program
from training.enrolment import trainee_enrol_selected
from training.models import Trainee


class OperatorApplicationForm(ApplicationDetailsForm):
    # declared here: a form built at import time must not query a program-owned table outside a scope
    employer = forms.ModelChoiceField(queryset=Firm.objects.none(), label=_("Employer"), required=False)
    optional_on_submit = ("employer", "experience_years", "care_note")
    required_checkboxes = ("privacy_consent",)

    class Meta:
        model = OperatorApplication
        fields = [
            "full_name",
            "tckn",
            "phone",
            "employment",
            "employer",
            "province",
            "education",
            "experience_years",
            "shifts",
            "care",
            "care_note",
            "privacy_consent",
        ]
        widgets = {
            "tckn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "employment": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Firm.objects.filter(program_id=self.call.program_id).order_by("name")
        self.fields["province"].queryset = provinces_of_program(self.call.program)

    def clean_tckn(self):
        value = self.cleaned_data.get("tckn", "")
        return normalize_tckn(value) if value else ""

    def clean(self):
        data = super().clean()
        if self.submitting and data.get("employment") == Employment.EMPLOYED and not data.get("employer"):
            self.add_error("employer", _("Choose the firm you work in."))
        if data.get("employment") == Employment.JOB_SEEKER:
            data["employer"] = None
        return data


def _in_program_province(details, call):
    ok = details.province_id and provinces_of_program(call.program).filter(pk=details.province_id).exists()
    return bool(ok), details.province.name if details.province_id else ""


def _employer_confirmed(details, call):
    """Not a reason to refuse at submission: the firm confirms afterwards. Staff see whether it has."""
    if details.employment != Employment.EMPLOYED:
        return True, ""
    return details.employer_confirmed_at is not None, details.employer.name if details.employer_id else ""


def _consented(details, call):
    return bool(details.privacy_consent), ""


RULES = {
    "province": Rule(
        _("Lives in one of the programme's provinces"),
        _in_program_province,
        hint=_("Your province of residence is one of the programme's provinces."),
    ),
    "employer_confirmed": Rule(
        _("Employment confirmed by the firm"), _employer_confirmed, tell_applicant=False, decides_at_submission=False
    ),
    "consent": Rule(_("Accepted the privacy notice"), _consented, hint=_("Tick the privacy notice box.")),
}


def describe(details: OperatorApplication) -> Described:
    return Described(
        display_name=details.full_name,
        province_id=details.province_id,
        quota_key=details.employment,
        dedupe_hash=pii_hash("tckn", details.tckn) if details.tckn else "",
    )


def export_columns(details: OperatorApplication):
    return [
        (_("Full name"), details.full_name),
        (_("Employment"), details.get_employment_display()),
        (_("Employer"), details.employer.name if details.employer_id else ""),
        (_("Confirmed by the firm"), bool(details.employer_confirmed_at)),
        (_("Province"), details.province.name if details.province_id else ""),
        (_("Education"), details.get_education_display()),
        (_("Shifts"), details.get_shifts_display()),
        (_("Care responsibilities"), details.get_care_display()),
    ]


KIND = ApplicationKind(
    group="operator",
    details_model=OperatorApplication,
    form_class=OperatorApplicationForm,
    describe=describe,
    on_selected=partial(trainee_enrol_selected, track=Trainee.Track.OPERATOR, role_code=roles.OPERATOR),
    rules=RULES,
    applicant_template="operators/application_details.html",
    staff_template="operators/application_details.html",
    export_columns=export_columns,
    dedupe_label=_("identity number"),
    quota_keys=tuple(Employment.choices),
)
