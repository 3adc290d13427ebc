"""The knowledge platform: guides, toolkits and research the programme publishes, grouped in collections.

A resource is written in Turkish (and English where it exists), goes draft -> review -> published through
`services.resource_transition` (every move recorded in ResourceTransition), and says who may read it: anyone
(the public site), or the programme's firms, trainees or stakeholders once logged in. Staff see everything.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized


class Topic(models.TextChoices):
    DIGITAL = "digital", _("Digital transition")
    GREEN = "green", _("Green transition")
    GENDER = "gender", _("Gender equality")
    WORK_LIFE = "work_life", _("Work/life balance")
    STEM = "stem", _("STEM careers")
    HR = "hr", _("HR policies")


class Kind(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TOOLKIT = "toolkit", _("Toolkit")
    TEMPLATE = "template", _("Template")
    CASE_STUDY = "case_study", _("Case study")
    RESEARCH = "research", _("Research report")
    VIDEO = "video", _("Video")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


# from -> {to}: the publication workflow (services.resource_transition is the only way through it)
TRANSITIONS = {
    Status.DRAFT: {Status.REVIEW},
    Status.REVIEW: {Status.DRAFT, Status.PUBLISHED},
    Status.PUBLISHED: {Status.ARCHIVED, Status.DRAFT},
    Status.ARCHIVED: {Status.DRAFT},
}


class Resource(ProgramOwned):
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.GUIDE)
    title_tr = models.CharField(_("title (Turkish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_tr = models.CharField(_("summary (Turkish)"), max_length=500)
    summary_en = models.CharField(_("summary (English)"), max_length=500, blank=True)
    # plain text, paragraphs separated by blank lines: shown escaped, so it can never carry markup or script
    body_tr = models.TextField(_("text (Turkish)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    file = models.FileField(_("file (PDF, Excel or image)"), upload_to="knowledge/%Y/", blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    for_public = models.BooleanField(_("everyone (public site)"), default=False)
    for_firms = models.BooleanField(_("firms"), default=False)
    for_trainees = models.BooleanField(_("ambassadors and operators"), default=False)
    for_stakeholders = models.BooleanField(_("stakeholder organisations"), default=False)
    featured = models.BooleanField(_("featured on home pages"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # knowledge.search.fold of the titles, summaries and texts: the same search on PostgreSQL and SQLite
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [models.Index(fields=["program", "status", "-published_at"], name="knowledge_res_listing")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False), name="knowledge_published_dated"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return localized(self, "title")

    @property
    def summary(self):
        return localized(self, "summary")

    @property
    def body(self):
        return localized(self, "body")

    @property
    def topic_codes(self) -> list[str]:
        return [t.topic for t in self.topics.all()]

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(code, code)) for code in self.topic_codes]

    def refresh_search_text(self):
        from knowledge.search import fold

        parts = [self.title_tr, self.title_en, self.summary_tr, self.summary_en, self.body_tr, self.body_en]
        self.search_text = fold(" ".join(p for p in parts if p))


class ResourceTopic(ProgramOwned):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="topics")
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)

    class Meta:
        verbose_name = _("resource topic")
        constraints = [models.UniqueConstraint(fields=["program", "resource", "topic"], name="knowledge_topic_once")]


class ResourceTransition(ProgramOwned):
    """One move of the publication workflow: who, when, from, to, why."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=10, choices=Status.choices)
    to_status = models.CharField(max_length=10, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ResourceHit(ProgramOwned):
    """A view or a download, counted once per person (or anonymous session) per day."""

    class Kind(models.TextChoices):
        VIEW = "view", _("view")
        DOWNLOAD = "download", _("download")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="hits")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    visitor = models.CharField(max_length=64)  # "user:<id>" or a hash of the session key: never an IP address
    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "resource", "kind", "visitor", "day"], name="knowledge_hit_once")
        ]


class Collection(ProgramOwned):
    """A curated set of resources, e.g. "SIRI roadmap toolkit" or "Green transition for SMEs"."""

    title_tr = models.CharField(_("title (Turkish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_tr = models.CharField(_("description (Turkish)"), max_length=500, blank=True)
    description_en = models.CharField(_("description (English)"), max_length=500, blank=True)
    resources = models.ManyToManyField(Resource, blank=True, related_name="collections", verbose_name=_("resources"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")

    def __str__(self):
        return self.title

    @property
    def title(self):
        return localized(self, "title")

    @property
    def description(self):
        return localized(self, "description")
