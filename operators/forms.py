from django import forms
from django.utils.translation import gettext_lazy as _

from operators.models import OperatorProfile


class OperatorProfileForm(forms.ModelForm):
    employer = forms.ModelChoiceField(label=_("employer"), queryset=None, required=False)

    class Meta:
        model = OperatorProfile
        fields = ["employment", "employer", "wants_other_firm", "shifts", "care", "work_provinces"]
        widgets = {"work_provinces": forms.CheckboxSelectMultiple, "employment": forms.RadioSelect}

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = firms
