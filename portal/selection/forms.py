from django import forms
from django.utils.translation import gettext_lazy as _


class ApplicationDetailsForm(forms.ModelForm):
    """Base of each group's application form: optional while a draft is saved, complete when submitted."""

    # fields that may stay empty even on submission
    optional_on_submit: tuple = ()

    def __init__(self, *args, call, submitting: bool, **kwargs):
        self.call = call
        self.submitting = submitting
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.BooleanField):
                field.required = submitting and name in self.required_checkboxes
            else:
                field.required = submitting and name not in self.optional_on_submit

    # checkboxes that must be ticked to submit (consent to the privacy notice)
    required_checkboxes: tuple = ()


class StartApplicationForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"))
