from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import DataRequest, PrivacySettings, ProcessingActivity


class ProcessingActivityForm(forms.ModelForm):
    class Meta:
        model = ProcessingActivity
        fields = [
            "category",
            "data_subjects_tr",
            "data_subjects_en",
            "data_tr",
            "data_en",
            "purpose_tr",
            "purpose_en",
            "legal_basis",
            "recipients_tr",
            "recipients_en",
            "retention_tr",
            "retention_en",
            "transfer_abroad",
            "measures_tr",
            "measures_en",
            "order",
        ]
        widgets = {"purpose_tr": forms.Textarea(attrs={"rows": 2}), "purpose_en": forms.Textarea(attrs={"rows": 2})}


class PrivacySettingsForm(forms.ModelForm):
    class Meta:
        model = PrivacySettings
        fields = [
            "unselected_applicant_months",
            "cv_months",
            "expired_invitation_days",
            "bank_file_days",
            "export_days",
            "request_deadline_days",
            "retention_every_days",
            "audit_period_ends",
            "hold_payments",
            "hold_ledger",
            "hold_agreements",
        ]
        widgets = {"audit_period_ends": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class DataRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"), choices=DataRequest.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Tell us more"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For a correction, say which data is wrong and what is right."),
    )


class OnBehalfForm(DataRequestForm):
    email = forms.EmailField(label=_("Email of the person (as in the portal)"))
    channel = forms.ChoiceField(
        label=_("How did the request arrive?"),
        choices=[c for c in DataRequest.Channel.choices if c[0] != DataRequest.Channel.PORTAL],
    )
    field_order = ["email", "channel", "kind", "text"]


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Handled by"), queryset=None, required=False)

    def __init__(self, *args, handlers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = handlers


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DataRequest.Outcome.choices)
    answer = forms.CharField(label=_("Answer"), max_length=8000, widget=forms.Textarea(attrs={"rows": 8}))


class RevealOwnForm(forms.Form):
    key = forms.CharField(max_length=120)
