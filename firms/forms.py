from django import forms
from django.utils.translation import gettext_lazy as _

from firms.models import Firm, WorkforceSnapshot
from portal.uploads import PDF, validate_upload

PROFILE_FIELDS = [
    "address",
    "district",
    "osb",
    "sector",
    "turnover_band",
    "digital_interest",
    "green_interest",
    "agreement",
]


class FirmProfileForm(forms.ModelForm):
    """What a firm may change itself; name, tax number and province stay with staff (they decided selection).

    Staff choose which of these a firm's own users may change (Program.firm_editable_fields); staff change all.
    """

    class Meta:
        model = Firm
        fields = PROFILE_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, editable: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if editable:
            for name in set(self.fields) - set(editable):
                del self.fields[name]

    def clean_agreement(self):
        agreement = self.cleaned_data.get("agreement")
        if agreement and hasattr(agreement, "content_type"):
            validate_upload(agreement, kinds=(PDF,))
        return agreement


class WorkforceSnapshotForm(forms.ModelForm):
    class Meta:
        model = WorkforceSnapshot
        fields = [
            "as_of",
            "white_collar_women",
            "white_collar_men",
            "blue_collar_women",
            "blue_collar_men",
            "technical_women",
        ]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}

    def clean(self):
        data = super().clean()
        women = (data.get("white_collar_women") or 0) + (data.get("blue_collar_women") or 0)
        if data.get("technical_women") is not None and data["technical_women"] > women:
            self.add_error("technical_women", _("Cannot be more than the women employees."))
        return data


class ColleagueInvitationForm(forms.Form):
    email = forms.EmailField(label=_("Colleague's email"))
