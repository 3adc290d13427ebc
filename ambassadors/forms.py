from django import forms
from django.utils.translation import gettext_lazy as _

from ambassadors.models import AmbassadorProfile


class DateInput(forms.DateInput):
    input_type = "date"


class ProfileForm(forms.ModelForm):
    first_choice = forms.ModelChoiceField(label=_("First choice of firm"), queryset=None, required=False)
    second_choice = forms.ModelChoiceField(label=_("Second choice"), queryset=None, required=False)
    third_choice = forms.ModelChoiceField(label=_("Third choice"), queryset=None, required=False)

    class Meta:
        model = AmbassadorProfile
        fields = [
            "stem_field",
            "specialisation",
            "skills",
            "languages",
            "work_provinces",
            "willing_to_relocate",
            "sectors",
        ]
        widgets = {"work_provinces": forms.CheckboxSelectMultiple, "sectors": forms.CheckboxSelectMultiple}

    def __init__(self, *args, firms, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_choice", "second_choice", "third_choice"):
            self.fields[name].queryset = firms
        self.fields["stem_field"].required = True

    def firm_ids(self) -> list[int]:
        return [
            firm.pk
            for firm in (self.cleaned_data.get(n) for n in ("first_choice", "second_choice", "third_choice"))
            if firm
        ]


class MentorAssignForm(forms.Form):
    trainee = forms.ModelChoiceField(label=_("Change ambassador"), queryset=None)
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None)

    def __init__(self, *args, trainees, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainee"].queryset = trainees
        self.fields["mentor"].queryset = mentors
        self.fields["trainee"].label_from_instance = lambda t: t.user.full_name


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    topics = forms.CharField(label=_("Topics"), max_length=500)
    agreed_actions = forms.CharField(
        label=_("Agreed actions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    notes = forms.CharField(
        label=_("Notes (seen by the mentor, the mentee and programme staff only)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
