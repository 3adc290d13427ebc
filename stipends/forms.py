from django import forms
from django.utils.translation import gettext_lazy as _

from portal.filters import FilterForm, MonthField
from stipends import calc
from stipends.models import BudgetLine, FundingPolicy
from training.models import Track


class DateInput(forms.DateInput):
    input_type = "date"


def lira_to_kurus(value) -> int:
    try:
        return calc.kurus_from_text(str(value).replace("₺", ""))
    except ValueError:
        raise forms.ValidationError(_("Write the amount in lira, e.g. 5.000,00.")) from None


class LiraField(forms.Field):
    """An amount typed in lira ('1.000,50', '1000') → integer kuruş; bounded, so nothing odd reaches the ledger."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 20, "autocomplete": "off"})
    max_kurus = 100_000_000_000  # 1 billion lira: far above any budget line, far below what the columns hold

    def to_python(self, value):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in (None, ""):
            return None
        if len(str(value)) > 20:
            raise forms.ValidationError(_("Write the amount in lira, e.g. 5.000,00."))
        kurus = lira_to_kurus(value)
        if kurus <= 0:
            raise forms.ValidationError(_("The amount must be positive."))
        if kurus > self.max_kurus:
            raise forms.ValidationError(_("The amount is larger than the portal accepts."))
        return kurus


class StipendRunForm(forms.Form):
    period = MonthField(label=_("Month"))


class RunPrepareForm(forms.Form):
    period = MonthField(label=_("Pay everything owed up to the month"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=BudgetLine.Purpose.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class BankFileReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need this file?"),
        min_length=5,
        max_length=300,
        help_text=_("It holds every payee's identity number and IBAN; the download is recorded with this reason."),
    )


class ExportForm(forms.Form):
    format = forms.ModelChoiceField(label=_("Bank file format"), queryset=None, empty_label=None)
    value_date = forms.DateField(label=_("Value date"), widget=DateInput, required=False)

    def __init__(self, *args, formats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].queryset = formats


class StatementForm(forms.Form):
    file = forms.FileField(label=_("Bank result file or statement (CSV, Excel or MT940)"))


class BudgetLineForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=BudgetLine.Purpose.choices)


class FundForm(forms.Form):
    budget_line = forms.ModelChoiceField(label=_("Budget line"), queryset=None, empty_label=None)
    amount = LiraField(label=_("Amount (₺)"))
    reference = forms.CharField(label=_("Reference (e.g. the grant tranche)"), max_length=60)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines


class StipendRuleForm(forms.Form):
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    monthly_amount = LiraField(label=_("Monthly stipend (₺)"))
    attendance_threshold_percent = forms.IntegerField(label=_("Attendance needed (%)"), min_value=0, max_value=100)
    prorate_partial_months = forms.BooleanField(label=_("Prorate partial months"), required=False, initial=True)
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput)
    budget_line = forms.ModelChoiceField(label=_("Budget line"), queryset=None, empty_label=None)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines


class SupportRuleForm(forms.Form):
    share_percent = forms.DecimalField(
        label=_("Share of gross salary (%)"), min_value=1, max_value=100, decimal_places=2
    )
    cap = LiraField(label=_("Monthly cap (₺)"))
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput)
    budget_line = forms.ModelChoiceField(label=_("Budget line"), queryset=None, empty_label=None)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines


class ClaimForm(forms.Form):
    period = MonthField(label=_("Month claimed"))
    payroll_document = forms.FileField(label=_("Payroll for the month (PDF, PNG or JPEG)"))
    sgk_proof = forms.FileField(label=_("SGK proof for the month (PDF, PNG or JPEG)"))
    iban = forms.CharField(
        label=_("IBAN the support is paid to"),
        max_length=40,
        required=False,
        help_text=_("Only needed the first time, or to change it."),
    )


class EntitlementFilterForm(FilterForm):
    month = MonthField(label=_("Month"), required=False)


class SettleForm(forms.Form):
    """Money a firm or trainee paid back by bank transfer."""

    amount = LiraField(label=_("Amount received (₺)"))
    reference = forms.CharField(label=_("Bank transfer reference"), max_length=60)
    budget_line = forms.ModelChoiceField(label=_("Budget line it returns to"), queryset=BudgetLine.objects.none())

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = lines


class FundingPolicyForm(forms.ModelForm):
    class Meta:
        model = FundingPolicy
        fields = ["stipend_overlap", "claim_current_month_from_day", "netting_allowed"]
        widgets = {"stipend_overlap": forms.RadioSelect}
