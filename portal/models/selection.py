"""The selection engine: calls, applications, eligibility, rubric reviews, interviews, decisions, quotas.

One engine for the three groups. Each group's app (firms, ambassadors, operators) keeps its own application
details in a model with a one-to-one link to `Application`, and registers an `ApplicationKind`
(portal.selection.kinds) that tells the engine its form, eligibility rules, quota keys and what happens on
selection.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized


class Group(models.TextChoices):
    FIRM = "firm", _("Firms")
    AMBASSADOR = "ambassador", _("Change ambassadors")
    OPERATOR = "operator", _("Operators")


class Call(ProgramOwned):
    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    title_tr = models.CharField(_("title (Turkish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    text_tr = models.TextField(_("text (Turkish)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    quota = models.PositiveIntegerField(_("quota"), help_text=_("How many applicants may be selected in all."))
    # codes of the group's eligibility rules applied to this call (registered by the group's app)
    rules = models.JSONField(_("eligibility rules"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening")
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return localized(self, "title")

    @property
    def text(self):
        return localized(self, "text")

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.opens_at <= at < self.closes_at


class CallQuota(ProgramOwned):
    """A quota inside a call for a sub-group: a province (`province:34`) or a group's own key (`employed`)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="quotas")
    key = models.CharField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=100)
    limit = models.PositiveIntegerField(_("limit"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("sub-quota")
        verbose_name_plural = _("sub-quotas")
        constraints = [models.UniqueConstraint(fields=["program", "call", "key"], name="call_quota_key_unique")]

    def __str__(self):
        return f"{self.label}: {self.limit}"


class RubricCriterion(ProgramOwned):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name_tr = models.CharField(_("name (Turkish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gte=1), name="criterion_scale_at_least_one"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return localized(self, "name")


class Application(ProgramOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INELIGIBLE = "ineligible", _("Not eligible")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEW = "interview", _("Interview")
        SELECTED = "selected", _("Selected")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    group = models.CharField(_("group"), max_length=12, choices=Group.choices)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=2, default="tr")
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # what staff see in lists; filled from the group's details when saved
    display_name = models.CharField(_("name"), max_length=200, blank=True)
    province = models.ForeignKey("portal.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    sector = models.ForeignKey("portal.Sector", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    size_class = models.CharField(_("size"), max_length=10, blank=True)
    quota_key = models.CharField(_("sub-quota"), max_length=40, blank=True)
    # keyed hash of what makes an applicant unique in a call (a firm's VKN, a person's TCKN)
    dedupe_hash = models.CharField(max_length=64, blank=True)
    eligible = models.BooleanField(_("eligible"), null=True)
    eligibility = models.JSONField(_("eligibility check"), default=list, blank=True)
    needs_case_review = models.BooleanField(_("needs case-by-case review"), default=False)
    # kept in step with the reviews by the review service, so lists sort and filter by it in SQL
    score = models.DecimalField(_("weighted score"), max_digits=6, decimal_places=2, null=True, blank=True)
    score_spread = models.DecimalField(_("spread between reviewers"), max_digits=6, decimal_places=2, null=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["program", "call", "status"]),
            models.Index(fields=["program", "email"]),
            # the staff list's default order: a page of 50 is read off the index, not sorted from every row
            models.Index(fields=["program", "call", "-submitted_at", "id"], name="application_call_newest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "call", "dedupe_hash"],
                condition=~Q(dedupe_hash=""),
                name="application_once_per_call",
            )
        ]

    @property
    def reference(self) -> str:
        return f"B-{self.pk:05d}"

    def __str__(self):
        return self.display_name or self.email


class Transition(ProgramOwned):
    """Every change of an application's status: who, when, from, to, why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=12, choices=Application.Status.choices)
    to_status = models.CharField(max_length=12, choices=Application.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    quota_override = models.BooleanField(_("quota overridden"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class Review(ProgramOwned):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    conflict_of_interest = models.BooleanField(_("I have a conflict of interest"), default=False)
    conflict_note = models.CharField(_("conflict of interest"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["program", "application", "reviewer"], name="review_once_per_reviewer")
        ]

    def __str__(self):
        return f"{self.reviewer} · {self.application}"


class ReviewScore(ProgramOwned):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("review score")
        verbose_name_plural = _("review scores")
        constraints = [
            models.UniqueConstraint(fields=["program", "review", "criterion"], name="review_score_once_per_criterion")
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class Interview(ProgramOwned):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    scheduled_at = models.DateTimeField(_("date and time"))
    panel = models.CharField(_("panel"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["scheduled_at"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self):
        return f"{self.application} @ {self.scheduled_at:%Y-%m-%d %H:%M}"
