from django import forms
from django.utils.translation import gettext_lazy as _

from portal.filters import BoundedIntegerField, FilterForm
from portal.models import Application, Call, Group
from portal.selection.workflow import STAFF_TARGETS

S = Application.Status


class CallForm(forms.ModelForm):
    criteria = forms.CharField(
        label=_("Scoring rubric"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One criterion a line: weight; highest score; Turkish name; English name. E.g. 2; 5; Motivasyon; Motivation"
        ),
    )
    sub_quotas = forms.CharField(
        label=_("Sub-quotas"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, one a line: key; label; limit. E.g. employed; Employed in a selected firm; 100"),
    )

    class Meta:
        model = Call
        fields = ["group", "title_tr", "title_en", "text_tr", "text_en", "opens_at", "closes_at", "quota", "rules"]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "rules": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, rule_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = Group.choices
        self.fields["rules"] = forms.MultipleChoiceField(
            label=_("Eligibility rules"),
            choices=rule_choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Rules of the chosen group; others are ignored."),
        )

    def clean_criteria(self):
        return _parse_lines(self.cleaned_data["criteria"], 4, self._criterion)

    def clean_sub_quotas(self):
        return _parse_lines(self.cleaned_data.get("sub_quotas", ""), 3, self._quota)

    @staticmethod
    def _criterion(parts):
        weight, max_score, name_tr, name_en = parts
        return {"weight": weight.replace(",", "."), "max_score": int(max_score), "name_tr": name_tr, "name_en": name_en}

    @staticmethod
    def _quota(parts):
        key, label, limit = parts
        return {"key": key, "label": label, "limit": int(limit)}


def _parse_lines(text, width, build):
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        try:
            if len(parts) != width or not all(parts):
                raise ValueError
            rows.append(build(parts))
        except (ValueError, TypeError):
            raise forms.ValidationError(
                _("Line %(n)s: expected %(width)s values separated by “;”.") % {"n": number, "width": width}
            ) from None
    return rows


class QuotasForm(forms.Form):
    """Each sub-quota's label and limit, and one new sub-quota (its key chosen from the group's sub-groups)."""

    new_key = forms.ChoiceField(label=_("New sub-quota for"), required=False)
    new_label = forms.CharField(label=_("Label"), max_length=100, required=False)
    new_limit = forms.IntegerField(label=_("Limit"), min_value=0, max_value=100_000, required=False)
    reason = forms.CharField(label=_("Why the change?"), max_length=300)

    def __init__(self, *args, call, quota_keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.quotas = list(call.quotas.all())
        for quota in self.quotas:
            self.fields[f"limit_{quota.pk}"] = forms.IntegerField(
                label=quota.label, min_value=0, max_value=100_000, initial=quota.limit
            )
        existing = {q.key for q in self.quotas}
        self.fields["new_key"].choices = [("", "—")] + [(k, v) for k, v in quota_keys if k not in existing]
        if len(self.fields["new_key"].choices) == 1:
            for name in ("new_key", "new_label", "new_limit"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("new_key") and (data.get("new_limit") is None or not (data.get("new_label") or "").strip()):
            self.add_error("new_limit", _("A new sub-quota needs a label and a limit."))
        return data

    def changes(self) -> dict:
        data = self.cleaned_data
        out = {"limits": {q.pk: data[f"limit_{q.pk}"] for q in self.quotas}, "new": None}
        if data.get("new_key"):
            out["new"] = {"key": data["new_key"], "label": data["new_label"].strip(), "limit": data["new_limit"]}
        return out


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("New status"), choices=[(s, S(s).label) for s in S.values if s in STAFF_TARGETS]
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    quota_override = forms.BooleanField(label=_("Select even past the quota"), required=False)


class BulkTransitionForm(TransitionForm):
    applications = forms.ModelMultipleChoiceField(queryset=Application.objects.none())

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        del self.fields["quota_override"]


class ReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers


class InterviewForm(forms.Form):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    panel = forms.CharField(label=_("Panel"), max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    conflict_of_interest = forms.BooleanField(
        label=_("I have a conflict of interest with this applicant"), required=False
    )
    conflict_note = forms.CharField(label=_("Describe the conflict"), required=False, max_length=300)

    def __init__(self, *args, criteria, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        initial_scores = initial_scores or {}
        for criterion in criteria:
            score, comment = initial_scores.get(criterion.pk, (None, ""))
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (0–{criterion.max_score}, ×{criterion.weight})",
                min_value=0,
                max_value=criterion.max_score,
                required=False,
                initial=score,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}), initial=comment
            )

    def clean(self):
        data = super().clean()
        if not data.get("conflict_of_interest"):
            for criterion in self.criteria:
                if data.get(f"score_{criterion.pk}") is None:
                    self.add_error(f"score_{criterion.pk}", _("Score every criterion, or declare a conflict."))
        return data

    def scores(self):
        return {c.pk: self.cleaned_data.get(f"score_{c.pk}") for c in self.criteria}

    def comments(self):
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


class ApplicationFilterForm(FilterForm):
    """The staff list's filters (and the export's): a value that does not parse filters nothing."""

    status = forms.ChoiceField(label=_("Status"), choices=S.choices, required=False)
    province = BoundedIntegerField(label=_("Province (plate)"), min_value=1, max_value=99, required=False)
    sector = BoundedIntegerField(label=_("Sector (NACE)"), min_value=1, max_value=99, required=False)
    size = forms.ChoiceField(
        label=_("Size"), choices=[(s, s) for s in ("micro", "small", "medium", "large")], required=False
    )
    min_score = BoundedIntegerField(label=_("Score at least"), max_value=1000, required=False)
    order = forms.ChoiceField(
        label=_("Order by"), choices=[(o, o) for o in ("score", "name", "submitted")], required=False
    )
