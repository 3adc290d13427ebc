from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from knowledge.models import Collection, Kind, Resource, Topic
from portal.filters import BoundedIntegerField, FilterForm
from portal.uploads import JPEG, PDF, PNG, XLSX, validate_upload

FILE_KINDS = (PDF, XLSX, PNG, JPEG)
MAX_FILE_BYTES = 25 * 1024 * 1024


class ResourceFilterForm(FilterForm):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    topic = forms.ChoiceField(
        label=_("Topic"),
        choices=[("", _("All topics")), *Topic.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("All types")), *Kind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    year = BoundedIntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)


class ResourceForm(forms.ModelForm):
    video_url = forms.URLField(label=_("video link"), required=False, assume_scheme="https")
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Resource
        fields = [
            "kind", "title_tr", "title_en", "summary_tr", "summary_en", "body_tr", "body_en", "file", "video_url",
            "year", "topics", "for_public", "for_firms", "for_trainees", "for_stakeholders", "featured",
        ]  # fmt: skip
        widgets = {
            "summary_tr": forms.Textarea(attrs={"rows": 2}),
            "summary_en": forms.Textarea(attrs={"rows": 2}),
            "body_tr": forms.Textarea(attrs={"rows": 8}),
            "body_en": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "body_tr": _("Plain text; leave an empty line between paragraphs. Markup is shown as typed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["topics"] = self.instance.topic_codes

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload (not the file already stored)
            validate_upload(upload, kinds=FILE_KINDS, max_bytes=MAX_FILE_BYTES)
        return upload

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "")
        if url and not url.lower().startswith(("https://", "http://")):
            raise ValidationError(_("Give a web address starting with https://."))
        return url

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "file"}
        upload = self.cleaned_data.get("file")
        if upload is False:
            data["file"] = False
        elif upload and hasattr(upload, "content_type"):
            data["file"] = upload
        return data


class TransitionForm(forms.Form):
    to_status = forms.CharField(max_length=10)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CollectionForm(forms.ModelForm):
    resources = forms.ModelMultipleChoiceField(
        label=_("resources"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Collection
        fields = ["title_tr", "title_en", "description_tr", "description_en", "order", "resources"]

    def __init__(self, *args, resources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resources"].queryset = resources
