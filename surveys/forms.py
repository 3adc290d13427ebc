from django import forms
from django.utils.translation import gettext_lazy as _

from surveys.models import Campaign, Measure, Question, QuestionType

MAX_XLSFORM_BYTES = 2 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class QuestionnaireForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Letters, digits, - and _: e.g. baseline_skills")
    )
    title_tr = forms.CharField(label=_("Title (Turkish)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)


class ImportForm(forms.Form):
    workbook = forms.FileField(label=_("XLSForm workbook (.xlsx)"))
    code = forms.SlugField(
        label=_("Code"), max_length=40, required=False, help_text=_("Empty: the form_id of the settings sheet.")
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_XLSFORM_BYTES:
            raise forms.ValidationError(_("The workbook is larger than 2 MB."))
        return upload


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label=_("Choices, one a line: code | Turkish | English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )

    class Meta:
        model = Question
        fields = [
            "name", "type", "label_tr", "label_en", "hint_tr", "hint_en", "required",
            "min_value", "max_value", "show_if", "show_if_operator", "show_if_value",
        ]  # fmt: skip

    def clean(self):
        data = super().clean()
        rows = []
        for line in (data.get("choices_text") or "").splitlines():
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                continue
            if len(parts) < 2 or not parts[1] or len(parts[0]) > 60:
                self.add_error("choices_text", _("Write each choice as code | Turkish | English."))
                break
            rows.append((parts[0], parts[1][:300], (parts[2] if len(parts) > 2 else "")[:300]))
        if data.get("type") in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE) and not rows:
            self.add_error("choices_text", _("A choice question needs its choices."))
        if len({r[0] for r in rows}) != len(rows):
            self.add_error("choices_text", _("Each choice needs its own code."))
        data["choices"] = rows
        return data


class CampaignForm(forms.ModelForm):
    # the program's cohorts, given by the view (a scoped manager cannot be read when the form class is made)
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=None, required=False)

    class Meta:
        model = Campaign
        fields = [
            "title_tr", "title_en", "phase", "audience", "months_employed", "opens_on", "closes_on",
            "anonymous",
        ]  # fmt: skip
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}

    def __init__(self, *args, cohorts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.order_fields(["title_tr", "title_en", "phase", "audience", "cohort"])

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["opens_on"] > data["closes_on"]:
            self.add_error("closes_on", _("The survey closes after it opens."))
        return data


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["label_tr", "label_en", "phase", "kind", "question", "value"]
