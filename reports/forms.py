from django import forms
from django.utils.translation import gettext_lazy as _

from reports.models import Indicator, NarrativeSection, ReportingPeriod

LANGUAGE_CHOICES = [("tr", _("Turkish")), ("en", _("English"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("Figures as of"), required=False, widget=DateInput())


class PeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportingPeriod.Kind.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())


class NarrativeForm(forms.Form):
    key = forms.ChoiceField(label=_("Section"), choices=NarrativeSection.Key.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)


class ReportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)


class ManualValueForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), widget=DateInput())
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=2)
    evidence = forms.FileField(label=_("Evidence (PDF, image or spreadsheet)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class TargetForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    value = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=2)


class IndicatorForm(forms.ModelForm):
    """What staff may change of an indicator: its words, unit, how it is computed, baseline and owner."""

    calculator = forms.ChoiceField(label=_("Calculator"), required=False)

    class Meta:
        model = Indicator
        fields = [
            "name_tr",
            "name_en",
            "definition_tr",
            "definition_en",
            "unit",
            "method",
            "calculator",
            "baseline",
            "means_of_verification",
            "owner",
        ]
        widgets = {
            "definition_tr": forms.Textarea(attrs={"rows": 2}),
            "definition_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        from reports.calculators import calculators

        super().__init__(*args, **kwargs)
        choices = sorted((code, f"{code} · {c.label}") for code, c in calculators.items())
        self.fields["calculator"].choices = [("", "—"), *choices]

    def clean(self):
        data = super().clean()
        if data.get("method") == Indicator.Method.CALCULATED and not data.get("calculator"):
            self.add_error("calculator", _("Choose the calculator that computes this indicator."))
        if data.get("method") == Indicator.Method.MANUAL:
            data["calculator"] = ""
        return data
