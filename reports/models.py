"""Monitoring and evaluation: the logframe, its indicators and targets, reporting periods frozen at close,
narrative sections and the monitoring reports built from them.

Figures are never typed in twice: an indicator is either computed by a registered calculator over the live
records (reports/calculators.py) or entered by hand with its evidence (ManualValue). Closing a period freezes
what every indicator said at its end, with the disaggregations and the ids of the records behind each figure.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized


class Result(ProgramOwned):
    """One box of the logframe: the impact, an outcome under it, or an output under an outcome."""

    class Level(models.TextChoices):
        IMPACT = "impact", _("Impact")
        OUTCOME = "outcome", _("Outcome")
        OUTPUT = "output", _("Output")

    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    code = models.CharField(_("code"), max_length=20)
    name_tr = models.CharField(_("statement (Turkish)"), max_length=300)
    name_en = models.CharField(_("statement (English)"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("logframe result")
        verbose_name_plural = _("logframe results")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="result_code_unique"),
            models.CheckConstraint(
                condition=Q(level="impact", parent__isnull=True) | (~Q(level="impact") & Q(parent__isnull=False)),
                name="result_only_impact_without_parent",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self):
        return localized(self, "name")


class Indicator(ProgramOwned):
    class Method(models.TextChoices):
        CALCULATED = "calculated", _("Calculated from the records")
        MANUAL = "manual", _("Entered by hand with evidence")

    class Unit(models.TextChoices):
        FIRMS = "firms", _("firms")
        PEOPLE = "people", _("people")
        PERCENT = "percent", _("per cent")
        KURUS = "kurus", _("Turkish lira")
        ITEMS = "items", _("items")

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name_tr = models.CharField(_("name (Turkish)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    definition_tr = models.TextField(_("definition (Turkish)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    method = models.CharField(_("how it is computed"), max_length=10, choices=Method.choices)
    # the code of a calculator registered in reports.calculators (blank for manual indicators)
    calculator = models.CharField(_("calculator"), max_length=60, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2, default=0)
    means_of_verification = models.CharField(_("means of verification"), max_length=300, blank=True)
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=Q(method="calculated", calculator__gt="") | Q(method="manual", calculator=""),
                name="indicator_calculator_iff_calculated",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self):
        return localized(self, "name")

    @property
    def definition(self):
        return localized(self, "definition")


class IndicatorTarget(ProgramOwned):
    """What the indicator should reach by a date (the end of a reporting period, or of the program)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    due_on = models.DateField(_("by"))
    value = models.DecimalField(_("target"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.UniqueConstraint(fields=["program", "indicator", "due_on"], name="target_unique")]


class ManualValue(ProgramOwned):
    """A hand-entered figure of a manual indicator, with the document that proves it. Later entries win."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="manual_values")
    as_of = models.DateField(_("as of"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    evidence = models.FileField(_("evidence"), upload_to="reports/evidence/%Y/")
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-pk"]
        verbose_name = _("manual value")
        verbose_name_plural = _("manual values")


class ReportingPeriod(ProgramOwned):
    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    # frozen at close: {"as_of", "indicators": {code: {value, target, disaggregations, records}}}
    snapshot = models.JSONField(_("data snapshot"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-ends_on", "kind"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.UniqueConstraint(fields=["program", "kind", "starts_on"], name="period_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="period_dates_ordered"),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | Q(status="closed", closed_at__isnull=False),
                name="period_closed_iff_closed_at",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class NarrativeSection(ProgramOwned):
    """Text staff write for a period's monitoring report, per section and language."""

    class Key(models.TextChoices):
        SUMMARY = "summary", _("Summary")
        PROGRESS = "progress", _("Progress and results")
        CHALLENGES = "challenges", _("Challenges and risks")
        NEXT_STEPS = "next_steps", _("Next steps")

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="narratives")
    key = models.CharField(_("section"), max_length=12, choices=Key.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    text = models.TextField(_("text"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("narrative section")
        verbose_name_plural = _("narrative sections")
        constraints = [
            models.UniqueConstraint(fields=["program", "period", "key", "language"], name="narrative_unique")
        ]


class MonitoringReport(ProgramOwned):
    """A generated monitoring report: kept with its period, language and the data snapshot it was built from."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    job = models.OneToOneField("portal.Job", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(_("PDF"), upload_to="reports/monitoring/%Y/")
    snapshot = models.JSONField(_("data snapshot"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("monitoring report")
        verbose_name_plural = _("monitoring reports")


class FiguresSnapshot(ProgramOwned):
    """The latest figures of the program (every indicator, the funnel and the province table, without the record
    ids), computed in the background so the dashboards read them instead of recomputing. One per language: the
    disaggregation labels are translated when the figures are computed. Pages say how old the figures are."""

    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    # the moment the figures describe: the records as they stood when the computation began
    computed_at = models.DateTimeField(_("figures as of"))
    duration_ms = models.PositiveIntegerField(_("computation time (ms)"), default=0)
    figures = models.JSONField(_("figures"), default=dict)
    # a refresh asked for and not yet done (a second click does not queue a second one)
    refresh_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("figures snapshot")
        verbose_name_plural = _("figures snapshots")
        constraints = [models.UniqueConstraint(fields=["program", "language"], name="figures_snapshot_unique")]

    def __str__(self):
        return f"{self.language} {self.computed_at:%d.%m.%Y %H:%M}"

    @property
    def refresh_pending(self) -> bool:
        return self.refresh_requested_at is not None and self.refresh_requested_at > self.computed_at
