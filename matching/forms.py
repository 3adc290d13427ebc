from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from matching.models import Employment, MatchingSettings, Proposal
from training.models import Track


class DateInput(forms.DateInput):
    input_type = "date"


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MatchingSettings
        fields = [
            "ambassadors_per_firm",
            "operators_per_firm",
            "offer_deadline_days",
            "employment_months",
            "checkpoint_months",
            "checkpoint_grace_days",
            "mentoring_checkin_days",
            "weight_province",
            "weight_specialisation",
            "weight_sector",
            "weight_training",
            "weight_preference",
        ]


class PositionForm(forms.Form):
    count = forms.IntegerField(label=_("Places"), min_value=1, max_value=50)
    province = forms.ModelChoiceField(label=_("Province"), queryset=None)
    note = forms.CharField(label=_("What the work involves"), max_length=300, required=False)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces


class RankingForm(forms.Form):
    """The firm's order of candidates: one number per candidate (1 = first); empty = not ranked."""

    def __init__(self, *args, trainees, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.trainees = list(trainees)
        for t in self.trainees:
            self.fields[f"rank-{t.pk}"] = forms.IntegerField(
                label=t.user.full_name,
                min_value=1,
                max_value=len(self.trainees),
                required=False,
                initial=current.get(t.pk),
            )

    def clean(self):
        data = super().clean()
        ranks = {t.pk: data.get(f"rank-{t.pk}") for t in self.trainees if data.get(f"rank-{t.pk}")}
        if len(set(ranks.values())) != len(ranks):
            raise forms.ValidationError(_("Give each candidate a different number."))
        data["ordered"] = [pk for pk, _rank in sorted(ranks.items(), key=lambda kv: kv[1])]
        return data


class RunForm(forms.Form):
    track = forms.ChoiceField(
        label=_("Track"), choices=Track.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    method = forms.ChoiceField(
        label=_("Method"), choices=Proposal.Method.choices, widget=forms.Select(attrs={"class": "form-select"})
    )


class AdjustForm(forms.Form):
    position = forms.ModelChoiceField(
        label=_("Move to"), queryset=None, required=False, empty_label=_("— the waitlist —")
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, positions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions
        self.fields["position"].label_from_instance = lambda p: f"{p.firm.name} · {p.province.name} ({p.count})"


def parse_lira(value) -> int | None:
    """'32.500,50' or '32500.50' → kuruş; None when it is not an amount."""
    text = str(value or "").strip().replace(" ", "").replace("₺", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    # NaN and the infinities are Decimals too; the bound comes before quantize, which refuses huge exponents
    if not amount.is_finite() or not Decimal(0) < amount <= Decimal("10000000"):
        return None
    if amount != amount.quantize(Decimal("0.01")):
        return None
    return int(amount * 100)


class FirmAcceptForm(forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    contract_type = forms.ChoiceField(label=_("Contract type"), choices=Employment.ContractType.choices)
    gross_salary = forms.CharField(label=_("Monthly gross salary (₺)"), max_length=20)

    def clean_gross_salary(self):
        kurus = parse_lira(self.cleaned_data["gross_salary"])
        if kurus is None:
            raise forms.ValidationError(_("Write the amount in lira, e.g. 32.500,00."))
        return kurus


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why do you decline?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class SgkForm(forms.Form):
    file = forms.FileField(label=_("SGK registration proof (PDF, PNG or JPEG)"))


class TerminateForm(forms.Form):
    on = forms.DateField(label=_("Last day of employment"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class PeerPostForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class StartCorrectionForm(forms.Form):
    start_date = forms.DateField(label=_("Correct start date"), widget=DateInput)
    reason = forms.CharField(label=_("Why does it change?"), max_length=500)
