"""The change-ambassador application: form, eligibility rules and what selection makes of it."""

from functools import partial

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ambassadors.models import AmbassadorApplication, Gender, StemField
from portal import roles
from portal.models import Province
from portal.pii import normalize_tckn, pii_hash
from portal.selection.forms import ApplicationDetailsForm
from portal.selection.kinds import ApplicationKind, Described, Rule
from portal.selection.selectors import provinces_of_program
from portal.uploads import validate_upload
from training.enrolment import trainee_enrol_selected
from training.models import Trainee


class AmbassadorApplicationForm(ApplicationDetailsForm):
    optional_on_submit = ("languages", "work_provinces")
    required_checkboxes = ("privacy_consent",)

    class Meta:
        model = AmbassadorApplication
        fields = [
            "full_name",
            "gender",
            "tckn",
            "phone",
            "degree_field",
            "university",
            "graduation_year",
            "province",
            "work_provinces",
            "digital_interest",
            "green_interest",
            "languages",
            "cv",
            "motivation",
            "earthquake_affected",
            "privacy_consent",
        ]
        widgets = {
            "tckn": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "work_provinces": forms.CheckboxSelectMultiple,
            "motivation": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_provinces"].queryset = provinces_of_program(self.call.program)
        self.fields["province"].queryset = Province.objects.all()

    def clean_tckn(self):
        value = self.cleaned_data.get("tckn", "")
        return normalize_tckn(value) if value else ""

    def clean_graduation_year(self):
        year = self.cleaned_data.get("graduation_year")
        if year and not 1960 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Give the year you graduated (or will graduate this year)."))
        return year

    def clean_cv(self):
        cv = self.cleaned_data.get("cv")
        if cv and hasattr(cv, "content_type"):  # a new upload, not the stored file
            validate_upload(cv)
        return cv


def _woman(details, call):
    return details.gender == Gender.WOMAN, ""


def _stem(details, call):
    return bool(details.degree_field) and details.degree_field != StemField.NOT_STEM, details.degree_field


def _graduated(details, call):
    year = details.graduation_year
    return bool(year) and year <= timezone.localdate().year, str(year or "")


def _can_work_in_program(details, call):
    provinces = provinces_of_program(call.program)
    ok = details.work_provinces.filter(pk__in=provinces).exists() or (
        details.province_id and provinces.filter(pk=details.province_id).exists()
    )
    return bool(ok), ""


def _consented(details, call):
    return bool(details.privacy_consent), ""


RULES = {
    "woman": Rule(_("A woman (the programme is for women)"), _woman, hint=_("The programme is open to women.")),
    "stem": Rule(_("A degree in a STEM field"), _stem, hint=_("A degree field other than “not STEM”.")),
    "graduated": Rule(_("Graduated"), _graduated, hint=_("A graduation year up to this year.")),
    "work_province": Rule(
        _("Can work in one of the programme's provinces"),
        _can_work_in_program,
        hint=_("Live in, or choose as a place to work, at least one of the programme's provinces."),
    ),
    "consent": Rule(_("Accepted the privacy notice"), _consented, hint=_("Tick the privacy notice box.")),
}


def describe(details: AmbassadorApplication) -> Described:
    return Described(
        display_name=details.full_name,
        province_id=details.province_id,
        quota_key=f"province:{details.province.plate}" if details.province_id else "",
        dedupe_hash=pii_hash("tckn", details.tckn) if details.tckn else "",
        needs_case_review=details.earthquake_affected,
    )


def export_columns(details: AmbassadorApplication):
    return [
        (_("Full name"), details.full_name),
        (_("Degree field"), details.get_degree_field_display()),
        (_("University"), details.university),
        (_("Graduation year"), details.graduation_year),
        (_("Province"), details.province.name if details.province_id else ""),
        (_("Digital"), details.digital_interest),
        (_("Green"), details.green_interest),
        (_("Earthquake-affected"), details.earthquake_affected),
    ]


KIND = ApplicationKind(
    group="ambassador",
    details_model=AmbassadorApplication,
    form_class=AmbassadorApplicationForm,
    describe=describe,
    on_selected=partial(trainee_enrol_selected, track=Trainee.Track.AMBASSADOR, role_code=roles.AMBASSADOR),
    rules=RULES,
    applicant_template="ambassadors/application_details.html",
    staff_template="ambassadors/application_details.html",
    export_columns=export_columns,
    dedupe_label=_("identity number"),
)
