from django import forms
from django.utils.translation import gettext_lazy as _

from training.models import Attendance, Cohort, CompletionRule


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CheckinForm(forms.Form):
    code = forms.CharField(
        label=_("Check-in code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "inputmode": "text",
                "class": "form-control form-control-lg text-uppercase font-monospace",
            }
        ),
    )


class CohortForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=120)
    curriculum = forms.ModelChoiceField(label=_("Curriculum"), queryset=None)
    mode = forms.ChoiceField(label=_("Mode"), choices=Cohort.Mode.choices)
    province = forms.ModelChoiceField(label=_("Province"), queryset=None, required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500)

    def __init__(self, *args, curricula, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curriculum"].queryset = curricula
        self.fields["province"].queryset = provinces


class SessionForm(forms.Form):
    module = forms.ModelChoiceField(label=_("Module"), queryset=None)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=None, required=False)

    def __init__(self, *args, modules, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules
        self.fields["trainer"].queryset = trainers

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


class SessionCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it cancelled? (the trainees read it)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=300
    )


class TrainerAssignForm(forms.Form):
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=None)

    def __init__(self, *args, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers


class EnrolForm(forms.Form):
    trainee = forms.ModelChoiceField(label=_("Trainee"), queryset=None)
    enrolled_on = forms.DateField(label=_("Enrolled on"), widget=DateInput, required=False)

    def __init__(self, *args, trainees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainee"].queryset = trainees
        self.fields["trainee"].label_from_instance = lambda t: t.user.get_full_name()


class TransferForm(forms.Form):
    to_cohort = forms.ModelChoiceField(label=_("New cohort"), queryset=None)
    on = forms.DateField(label=_("From"), widget=DateInput, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_cohort"].queryset = cohorts


class WithdrawForm(forms.Form):
    on = forms.DateField(label=_("From"), widget=DateInput, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class PersonalDataForm(forms.Form):
    """Blank means unchanged: the stored values are never sent to the page (they show masked as placeholders), and
    removing one is its own ticked box with a reason."""

    tckn = forms.CharField(label=_("T.C. identity number"), max_length=20, required=False)
    remove_tckn = forms.BooleanField(label=_("Remove the identity number"), required=False)
    iban = forms.CharField(label=_("IBAN"), max_length=40, required=False)
    remove_iban = forms.BooleanField(label=_("Remove the IBAN"), required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=30, required=False)
    removal_reason = forms.CharField(label=_("Why is a value removed?"), max_length=300, required=False)

    def __init__(self, *args, trainee=None, **kwargs):
        super().__init__(*args, **kwargs)
        if trainee is not None:
            blank = _("empty: unchanged")
            self.fields["tckn"].widget.attrs["placeholder"] = f"{trainee.tckn_masked or '–'} ({blank})"
            self.fields["iban"].widget.attrs["placeholder"] = f"{trainee.iban_masked or '–'} ({blank})"
            self.fields["phone"].widget.attrs["placeholder"] = f"{trainee.phone or '–'} ({blank})"

    def clean(self):
        data = super().clean()
        for name in ("tckn", "iban"):
            if data.get(f"remove_{name}") and (data.get(name) or "").strip():
                self.add_error(name, _("Either type a new value or tick removal, not both."))
        if (data.get("remove_tckn") or data.get("remove_iban")) and not (data.get("removal_reason") or "").strip():
            self.add_error("removal_reason", _("Say why the value is removed."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "tckn": data["tckn"],
            "iban": data["iban"],
            "phone": data["phone"],
            "remove": tuple(name for name in ("tckn", "iban") if data.get(f"remove_{name}")),
            "removal_reason": data["removal_reason"],
        }


class OwnIbanForm(forms.Form):
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=40,
        help_text=_("TR and 24 digits, as on your bank card or banking app. Spaces are fine."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "autocapitalize": "characters"}),
    )
    attested = forms.BooleanField(
        label=_("The account is in my own name, and I want my stipend paid to it."), required=False
    )


class RevealForm(forms.Form):
    field = forms.ChoiceField(choices=[("tckn", _("T.C. identity number")), ("iban", _("IBAN"))])
    reason = forms.CharField(label=_("Why do you need to see it?"), max_length=300)


class CompletionRuleForm(forms.ModelForm):
    class Meta:
        model = CompletionRule
        fields = [
            "min_attendance_percent",
            "pass_mark",
            "late_counts_as_attended",
            "at_risk_attendance_percent",
            "at_risk_window_weeks",
        ]


class GradeUploadForm(forms.Form):
    workbook = forms.FileField(label=_("Filled-in roster sheet (.xlsx)"))


ATTENDANCE_CHOICES = Attendance.Status.choices
