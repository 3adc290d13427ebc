"""Questionnaires (built in the portal or imported from XLSForm), campaigns that send one to an audience,
invitations (who is asked, whether she has answered, her unfinished answers) and responses.

Anonymous campaigns keep no link from a response to a person by construction: the "has answered" flag and the
answers saved on the way live on the invitation; the submitted response carries no respondent, no invitation and
only the day it was submitted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized


class Questionnaire(ProgramOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class Source(models.TextChoices):
        PORTAL = "portal", _("Built in the portal")
        XLSFORM = "xlsform", _("Imported from XLSForm")

    code = models.SlugField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title_tr = models.CharField(_("title (Turkish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PORTAL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(fields=["program", "code", "version"], name="questionnaire_version_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="questionnaire_published_at"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def title(self):
        return localized(self, "title")

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED


class QuestionType(models.TextChoices):
    TEXT = "text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Number with decimals")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes / no")
    SELECT_ONE = "select_one", _("Single choice")
    SELECT_MULTIPLE = "select_multiple", _("Multiple choice")
    LIKERT = "likert", _("Likert scale (1–5)")


CHOICE_TYPES = {QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE, QuestionType.LIKERT, QuestionType.YES_NO}
NUMBER_TYPES = {QuestionType.INTEGER, QuestionType.DECIMAL, QuestionType.LIKERT}


class Question(ProgramOwned):
    class Operator(models.TextChoices):
        EQUALS = "equals", _("equals")
        CONTAINS = "contains", _("contains")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.SlugField(_("name (column)"), max_length=60, allow_unicode=False)
    type = models.CharField(_("type"), max_length=16, choices=QuestionType.choices)
    label_tr = models.CharField(_("question (Turkish)"), max_length=500)
    label_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    hint_tr = models.CharField(_("hint (Turkish)"), max_length=300, blank=True)
    hint_en = models.CharField(_("hint (English)"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    min_value = models.DecimalField(_("smallest"), max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("largest"), max_digits=12, decimal_places=2, null=True, blank=True)
    # simple skip logic: shown only if the earlier question `show_if` equals (or, multiple choice, contains) a value
    show_if = models.SlugField(_("show only if question"), max_length=60, blank=True)
    show_if_operator = models.CharField(max_length=8, choices=Operator.choices, default=Operator.EQUALS)
    show_if_value = models.CharField(_("has the answer"), max_length=60, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["program", "questionnaire", "name"], name="question_name_unique"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="question_range_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return localized(self, "label")

    @property
    def hint(self):
        return localized(self, "hint")

    @property
    def has_choices(self) -> bool:
        return self.type in CHOICE_TYPES


class Choice(ProgramOwned):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    value = models.CharField(_("value (code)"), max_length=60)
    label_tr = models.CharField(_("label (Turkish)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["program", "question", "value"], name="choice_value_unique")]

    def __str__(self):
        return self.value

    @property
    def label(self):
        return localized(self, "label")


class Campaign(ProgramOwned):
    """A published questionnaire sent to an audience between two dates."""

    class Phase(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        ENDLINE = "endline", _("Endline")
        TRACER_6 = "tracer_6", _("Tracer, 6 months")
        TRACER_12 = "tracer_12", _("Tracer, 12 months")
        FEEDBACK = "feedback", _("Feedback")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        AMBASSADORS = "ambassadors", _("Change ambassadors")
        OPERATORS = "operators", _("Operators")
        TRAINEES = "trainees", _("All trainees (both tracks)")
        EMPLOYED = "employed", _("Women employed through the programme")
        FIRMS = "firms", _("Firm contacts")

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="campaigns")
    title_tr = models.CharField(_("title (Turkish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    cohort = models.ForeignKey(
        "training.Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("cohort")
    )
    # employed audience: only women whose employment started at least this many months before the opening
    months_employed = models.PositiveSmallIntegerField(_("months since employment started"), null=True, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("Answers cannot be linked back to the person.")
    )
    launched_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "pk"]
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(opens_on__lte=models.F("closes_on")), name="campaign_dates_ordered"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return localized(self, "title")

    def is_open_on(self, day) -> bool:
        return self.launched_at is not None and self.opens_on <= day <= self.closes_on


class SurveyInvitation(ProgramOwned):
    """One person asked to answer one campaign: the "has answered" flag and her answers saved on the way."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations")
    draft = models.JSONField(default=dict, blank=True)
    answered = models.BooleanField(default=False)
    # snapshot for breakdowns, copied to the response (track, province) when she submits
    attrs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "campaign", "user"], name="invitation_unique")]
        indexes = [models.Index(fields=["program", "user", "answered"], name="invitation_waiting")]


class SurveyResponse(ProgramOwned):
    """Submitted answers. `respondent` is set only in identified campaigns (one response per person)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="survey_responses"
    )
    answers = models.JSONField(default=dict)
    track = models.CharField(max_length=12, blank=True)
    province = models.CharField(max_length=80, blank=True)
    submitted_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "campaign", "respondent"],
                condition=Q(respondent__isnull=False),
                name="response_one_per_person",
            )
        ]


class Measure(ProgramOwned):
    """A survey figure a logframe indicator can be computed from ("share answering yes in the 12-month tracer"):
    the reports calculator `survey:<id>` reads it."""

    class Kind(models.TextChoices):
        SHARE = "share", _("Share of respondents answering a value (%)")
        MEAN = "mean", _("Average answer")
        COUNT = "count", _("Number of respondents answering a value")

    label_tr = models.CharField(_("name (Turkish)"), max_length=200)
    label_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    questionnaire_code = models.SlugField(_("questionnaire code"), max_length=40)
    question = models.SlugField(_("question name"), max_length=60)
    phase = models.CharField(_("phase"), max_length=10, choices=Campaign.Phase.choices)
    kind = models.CharField(_("figure"), max_length=6, choices=Kind.choices)
    value = models.CharField(_("answer counted"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("survey measure")

    def __str__(self):
        return self.label

    @property
    def label(self):
        return localized(self, "label")
