"""SIRI and COSIRI: framework definitions (shared reference data) and each program's assessments and roadmaps.

Framework rows (versions, building blocks, pillars, dimensions, band labels, prioritisation tables) are shared by
every program and never owned by one. A version is immutable once loaded: new content (a changed structure or
the licensed INCIT descriptors and tables, imported by staff) always makes a new version, so a finished
assessment keeps the matrix it was scored on. Everything an assessment produces is program-owned.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized

BAND_MIN, BAND_MAX = 0, 5


class Named(models.Model):
    name_tr = models.CharField(_("name (Turkish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")


# --- Framework definitions: reference data, not program-owned ---------------------------------


class Framework(Named):
    code = models.CharField(_("code"), max_length=20, unique=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")


class ContentImport(models.Model):
    """Provenance of licensed content (band descriptors, degree-of-relevance tables, best-in-class bands).

    Shared reference data like the versions it creates; the importing program gets an audit event too.
    """

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="imports")
    based_on = models.ForeignKey("FrameworkVersion", on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64)
    licence_reference = models.CharField(_("licence reference"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    counts = models.JSONField(_("rows imported"), default=dict)

    class Meta:
        ordering = ["-imported_at"]
        verbose_name = _("licensed content import")
        verbose_name_plural = _("licensed content imports")

    def __str__(self):
        return f"{self.framework.code} · {self.original_name}"


class FrameworkVersion(models.Model):
    class Source(models.TextChoices):
        PLACEHOLDER = "placeholder", _("Placeholder content (licensed descriptors not imported)")
        LICENSED = "licensed", _("Licensed content imported by programme staff")

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    content_source = models.CharField(_("content"), max_length=12, choices=Source.choices, default=Source.PLACEHOLDER)
    is_current = models.BooleanField(_("used for new assessments"), default=False)
    band_min = models.PositiveSmallIntegerField(default=BAND_MIN)
    band_max = models.PositiveSmallIntegerField(default=BAND_MAX)
    structure_sha256 = models.CharField(max_length=64, help_text=_("Fingerprint of the structure it was built from."))
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    content_import = models.OneToOneField(
        ContentImport, on_delete=models.PROTECT, null=True, blank=True, related_name="version"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["framework__order", "-number"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="framework_version_unique"),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(is_current=True), name="framework_one_current_version"
            ),
            models.CheckConstraint(condition=Q(band_min__lt=F("band_max")), name="framework_band_range"),
        ]

    def __str__(self):
        return f"{self.framework.code} v{self.number}"

    @property
    def is_placeholder(self) -> bool:
        return self.content_source == self.Source.PLACEHOLDER

    @property
    def bands(self) -> range:
        return range(self.band_min, self.band_max + 1)


class BandLabel(Named):
    """The generic name of a band (own wording from the YAML), used where no licensed descriptor exists."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="band_labels")
    band = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["band"]
        constraints = [models.UniqueConstraint(fields=["version", "band"], name="band_label_unique")]


class BuildingBlock(Named):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="building_blocks")
    code = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="building_block_unique")]


class Pillar(Named):
    building_block = models.ForeignKey(BuildingBlock, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["building_block", "code"], name="pillar_unique")]


class Dimension(Named):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="dimensions")
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="dimensions")
    code = models.CharField(_("code"), max_length=20)
    short = models.CharField(max_length=10, blank=True)
    description_tr = models.TextField(blank=True)
    description_en = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="dimension_unique")]

    @property
    def description(self) -> str:
        return localized(self, "description")


class BandDescriptor(models.Model):
    """A licensed band text for one dimension; only ever created by a content import (with provenance)."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="descriptors")
    band = models.PositiveSmallIntegerField()
    text_tr = models.TextField()
    text_en = models.TextField(blank=True)

    class Meta:
        ordering = ["band"]
        constraints = [models.UniqueConstraint(fields=["dimension", "band"], name="band_descriptor_unique")]

    def __str__(self):
        return f"{self.dimension_id}/{self.band}"

    @property
    def text(self) -> str:
        return localized(self, "text")


class InputCategory(Named):
    """A prioritisation input: a cost category (the firm gives its share of cost) or a KPI (the firm picks)."""

    class Kind(models.TextChoices):
        COST = "cost", _("Cost category")
        KPI = "kpi", _("KPI category")

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="input_categories")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    code = models.CharField(max_length=10)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "kind", "code"], name="input_category_unique")]


class IndustryGroup(Named):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="industry_groups")
    code = models.CharField(max_length=40)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="industry_group_unique")]


class Relevance(models.Model):
    """Degree of relevance of a dimension to a cost or KPI category (licensed; 0, 1 or 3 in SIRI)."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="relevances")
    category = models.ForeignKey(InputCategory, on_delete=models.CASCADE, related_name="relevances")
    degree = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dimension", "category"], name="relevance_unique")]

    def __str__(self):
        return f"{self.dimension_id}/{self.category_id}: {self.degree}"


class BestInClass(models.Model):
    """Best-in-class band of a dimension for an industry group (blank group: any industry). Licensed."""

    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="best_in_class")
    industry_group = models.ForeignKey(IndustryGroup, on_delete=models.CASCADE, null=True, blank=True)
    band = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "industry_group"], name="best_in_class_unique"),
            models.UniqueConstraint(
                fields=["dimension"], condition=Q(industry_group__isnull=True), name="best_in_class_one_default"
            ),
        ]

    def __str__(self):
        return f"{self.dimension_id}/{self.industry_group_id or '-'}: {self.band}"


class PlanningHorizon(models.TextChoices):
    STRATEGIC = "strategic", _("Strategic (long term)")
    TACTICAL = "tactical", _("Tactical (medium term)")
    OPERATIONAL = "operational", _("Operational (short term)")


class HorizonWeights(models.Model):
    """Weights of the prioritisation factors for one planning horizon, e.g. {"cost": .3, "kpi": .4, ...}."""

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="horizon_weights")
    horizon = models.CharField(max_length=12, choices=PlanningHorizon.choices)
    weights = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["version", "horizon"], name="horizon_weights_unique")]

    def __str__(self):
        return f"{self.version_id}/{self.horizon}"


# --- Assessments: program-owned ------------------------------------------------------------------


class SizeClass(models.TextChoices):
    """Size class of the firm when assessed (benchmark filter). Same codes as the KOBİ size classes."""

    MICRO = "micro", _("Micro (under 10 employees)")
    SMALL = "small", _("Small (10–49)")
    MEDIUM = "medium", _("Medium (50–249)")
    LARGE = "large", _("Large (250 or more)")


class Assessment(ProgramOwned):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        EVALUATION = "evaluation", _("Evaluation")
        REVIEW = "review", _("Review")
        PUBLISHED = "published", _("Published")
        REVISION = "revision", _("Revision")

    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="assessments")
    site = models.CharField(_("site"), max_length=200, blank=True)
    size_class = models.CharField(_("size class"), max_length=8, choices=SizeClass.choices, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    baseline = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups", verbose_name=_("T0")
    )
    # prioritisation inputs, captured by the assessor
    industry_group = models.ForeignKey(
        IndustryGroup, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("industry group")
    )
    planning_horizon = models.CharField(
        _("planning horizon"), max_length=12, choices=PlanningHorizon.choices, default=PlanningHorizon.TACTICAL
    )
    cost_profile = models.JSONField(_("cost profile (% of operating cost)"), default=dict, blank=True)
    kpi_codes = models.JSONField(_("prioritised KPIs"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["program", "status"]), models.Index(fields=["program", "firm", "framework"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="assessment_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.framework.code} · {self.firm}"


class AssessorAssignment(ProgramOwned):
    """An assessor on an assessment: one lead, any number of co-assessors."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessor_assignments")
    is_lead = models.BooleanField(_("lead assessor"), default=False)

    class Meta:
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "assessment", "user"], name="assignment_unique"),
            models.UniqueConstraint(
                fields=["program", "assessment"], condition=Q(is_lead=True), name="assignment_one_lead"
            ),
        ]


class AssessmentTransition(ProgramOwned):
    """Every move of the workflow: who, when, from, to, why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=16, choices=Assessment.Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Assessment.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class ScoreUpload(ProgramOwned):
    """A workbook of bands an assessor uploaded: validated as a whole, previewed, then applied once."""

    class Status(models.TextChoices):
        PROCESSING = "processing", _("Being checked")
        INVALID = "invalid", _("Has errors")
        VALID = "valid", _("Ready to apply")
        APPLIED = "applied", _("Applied")

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to="assessments/uploads/%Y/%m/", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROCESSING)
    errors = models.JSONField(default=list, blank=True)  # [{sheet, row, column, message}]
    preview = models.JSONField(default=list, blank=True)  # [{assessment, firm, bands: {code: band}, changes}]
    job = models.ForeignKey("portal.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "version", "sha256"],
                condition=Q(status="applied"),
                name="score_upload_applied_once",
            )
        ]


class Score(ProgramOwned):
    """The band of one dimension: the firm's own view (self) or the assessor's."""

    class Source(models.TextChoices):
        SELF = "self", _("Self-assessment")
        ASSESSOR = "assessor", _("Assessor")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices)
    band = models.PositiveSmallIntegerField(_("band"))
    note = models.TextField(_("note or justification"), blank=True)
    upload = models.ForeignKey(ScoreUpload, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "assessment", "dimension", "source"], name="score_unique"),
            models.CheckConstraint(condition=Q(band__gte=BAND_MIN, band__lte=BAND_MAX), name="score_band_range"),
        ]


class Evidence(ProgramOwned):
    """A file or photo supporting the assessor's band of one dimension."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    file = models.FileField(upload_to="assessments/evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Publication(ProgramOwned):
    """A frozen copy of the assessor's bands, made at publication. A revision publishes a new one; earlier
    publications stay readable. `is_current` marks the firm's latest result per framework: the benchmark pool."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="publications")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    reason = models.TextField(blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "assessment", "number"], name="publication_number_unique"),
            models.UniqueConstraint(
                fields=["program", "firm", "framework"], condition=Q(is_current=True), name="publication_one_current"
            ),
        ]


class PublishedScore(ProgramOwned):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="scores")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    band = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "publication", "dimension"], name="published_score_unique"),
            models.CheckConstraint(
                condition=Q(band__gte=BAND_MIN, band__lte=BAND_MAX), name="published_score_band_range"
            ),
        ]


class Roadmap(ProgramOwned):
    """The firm's plan for the 12-month pilot. Every change raises `revision`; PDFs are kept per revision."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="roadmap")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "assessment"], name="roadmap_unique")]


class RoadmapItem(ProgramOwned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="items")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    dimension = models.ForeignKey(Dimension, on_delete=models.PROTECT, related_name="+")
    target_band = models.PositiveSmallIntegerField(_("target band"))
    initiative = models.CharField(_("initiative"), max_length=300, blank=True)
    start_quarter = models.PositiveSmallIntegerField(_("from quarter"), default=1)
    end_quarter = models.PositiveSmallIntegerField(_("to quarter"), default=4)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    kpis = models.CharField(_("KPIs"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_quarter__gte=1, end_quarter__lte=4, start_quarter__lte=F("end_quarter")),
                name="roadmap_item_quarters",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="roadmap_item_progress"),
            models.CheckConstraint(
                condition=Q(target_band__gte=BAND_MIN, target_band__lte=BAND_MAX), name="roadmap_item_target_band"
            ),
        ]


class RoadmapDocument(ProgramOwned):
    """A roadmap PDF as built for one revision and language. Earlier ones are kept."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="documents")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField()
    language = models.CharField(max_length=5, choices=settings.LANGUAGES)
    file = models.FileField(upload_to="assessments/roadmaps/%Y/%m/")
    built_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    built_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-revision", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "roadmap", "revision", "language"], name="roadmap_document_unique"
            )
        ]
