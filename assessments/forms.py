from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import PlanningHorizon, RoadmapItem, SizeClass

DATE = forms.DateInput(attrs={"type": "date"})


class ScheduleForm(forms.Form):
    firm = forms.ModelChoiceField(label=_("Firm"), queryset=None)
    version = forms.ModelChoiceField(label=_("Framework and version"), queryset=None, empty_label=None)
    lead = forms.ModelChoiceField(label=_("Lead assessor"), queryset=None)
    co_assessors = forms.ModelMultipleChoiceField(
        label=_("Co-assessors"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    site = forms.CharField(label=_("Site"), max_length=200, required=False, help_text=_("Plant or site assessed."))
    size_class = forms.ChoiceField(label=_("Size class"), choices=[("", "—"), *SizeClass.choices], required=False)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)

    def __init__(self, *args, firms, versions, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = firms
        self.fields["version"].queryset = versions
        self.fields["lead"].queryset = assessors
        self.fields["co_assessors"].queryset = assessors
        self.fields["lead"].label_from_instance = self.fields["co_assessors"].label_from_instance = lambda u: (
            u.full_name or u.email
        )


class MoveForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def band_choices(version, labels: dict) -> list:
    return [(b, f"{b} · {labels[b].name}" if b in labels else str(b)) for b in version.bands]


class BandsForm(forms.Form):
    """One band (radio) and one note per dimension: the firm's self-assessment or the assessor's entry."""

    def __init__(self, *args, dimensions, version, labels, initial_scores, note_label, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        choices = band_choices(version, labels)
        for d in dimensions:
            score = initial_scores.get(d.pk)
            self.fields[f"band_{d.pk}"] = forms.TypedChoiceField(
                label=d.name,
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
                initial=score.band if score else None,
            )
            self.fields[f"note_{d.pk}"] = forms.CharField(
                label=note_label,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
                initial=score.note if score else "",
            )

    def entries(self) -> dict:
        return {
            d.pk: (self.cleaned_data.get(f"band_{d.pk}"), self.cleaned_data.get(f"note_{d.pk}", ""))
            for d in self.dimensions
        }

    def band_field(self, dimension):
        return self[f"band_{dimension.pk}"]

    def note_field(self, dimension):
        return self[f"note_{dimension.pk}"]


class EvidenceForm(forms.Form):
    dimension = forms.ModelChoiceField(
        label=_("Dimension"), queryset=None, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    file = forms.FileField(
        label=_("File or photo (PDF, PNG, JPEG)"), widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].queryset = dimensions


class PriorityInputsForm(forms.Form):
    industry_group = forms.ModelChoiceField(
        label=_("Industry group"), queryset=None, required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    planning_horizon = forms.ChoiceField(
        label=_("Planning horizon"),
        choices=PlanningHorizon.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kpi_codes = forms.MultipleChoiceField(
        label=_("KPIs the firm prioritises"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, groups, cost_categories, kpi_categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry_group"].queryset = groups
        self.fields["kpi_codes"].choices = [(c.code, c.name) for c in kpi_categories]
        self.cost_codes = [c.code for c in cost_categories]
        for c in cost_categories:
            self.fields[f"cost_{c.code}"] = forms.IntegerField(
                label=c.name,
                min_value=0,
                max_value=100,
                required=False,
                widget=forms.NumberInput(attrs={"data-cost-share": "1", "class": "form-control"}),
            )

    def cost_fields(self):
        return [self[f"cost_{code}"] for code in self.cost_codes]

    def cost_profile(self) -> dict:
        return {code: self.cleaned_data.get(f"cost_{code}") or 0 for code in self.cost_codes}


class RoadmapItemForm(forms.Form):
    QUARTERS = [(q, f"Q{q}") for q in range(1, 5)]

    dimension = forms.ModelChoiceField(label=_("Dimension"), queryset=None, empty_label=None)
    target_band = forms.TypedChoiceField(label=_("Target band"), choices=(), coerce=int)
    initiative = forms.CharField(
        label=_("Initiative"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    start_quarter = forms.TypedChoiceField(label=_("From quarter"), choices=QUARTERS, coerce=int, initial=1)
    end_quarter = forms.TypedChoiceField(label=_("To quarter"), choices=QUARTERS, coerce=int, initial=4)
    owner = forms.CharField(
        label=_("Owner"), max_length=200, required=False, help_text=_("For example the firm's change ambassador.")
    )
    kpis = forms.CharField(label=_("KPIs"), max_length=300, required=False, help_text=_("How progress is measured."))
    status = forms.ChoiceField(
        label=_("Status"), choices=RoadmapItem.Status.choices, initial=RoadmapItem.Status.PLANNED
    )
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)

    def __init__(self, *args, dimensions, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dimension"].queryset = dimensions
        self.fields["target_band"].choices = [(b, b) for b in version.bands]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_quarter"), data.get("end_quarter")
        if start and end and start > end:
            self.add_error("end_quarter", _("The last quarter cannot come before the first."))
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("tr", "Türkçe"), ("en", "English")],
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class UploadForm(forms.Form):
    version = forms.ModelChoiceField(label=_("Framework and version"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("Filled-in template (xlsx or csv)"))

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions


class ContentImportForm(forms.Form):
    base_version = forms.ModelChoiceField(label=_("Version to extend"), queryset=None, empty_label=None)
    file = forms.FileField(label=_("Licensed content workbook (xlsx)"))
    licence_reference = forms.CharField(
        label=_("Licence reference"),
        max_length=300,
        help_text=_("The agreement under which MEXT holds this INCIT content."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["base_version"].queryset = versions
