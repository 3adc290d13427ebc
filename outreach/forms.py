from django import forms
from django.utils.translation import gettext_lazy as _

from outreach.models import Event, Gender, Organisation


class RegistrationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.RegexField(
        label=_("Mobile phone"), regex=r"^\+?[0-9 ()-]{10,20}$", max_length=20, required=False,
        error_messages={"invalid": _("Give a phone number such as 0555 111 22 33.")},
    )  # fmt: skip
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=None, required=False, empty_label=_("— not listed —")
    )
    organisation_name = forms.CharField(label=_("Organisation (if not listed)"), max_length=200, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    consent = forms.BooleanField(
        label=_(
            "I agree that the programme records my name, contact details, organisation and gender for this event and "
            "its reporting (KVKK)."
        )
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        if not (data.get("email") or data.get("phone")):
            raise forms.ValidationError(_("Give an email address or a mobile phone number."))
        return data


class CheckinForm(forms.Form):
    code = forms.CharField(label=_("Check-in code"), max_length=6)


class EventForm(forms.ModelForm):
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")
    partners = forms.ModelMultipleChoiceField(
        label=_("partner organisations"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Event
        fields = [
            "kind", "title_tr", "title_en", "description_tr", "description_en", "starts_at", "ends_at", "province",
            "place", "online_url", "capacity", "registration_closes_at", "is_public", "partners", "cancelled",
        ]  # fmt: skip
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "registration_closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "description_tr": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = organisations


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "province", "contact_name", "contact_email", "contact_phone"]
