"""Matching and employment: program matching settings, positions, proposals (scored, explainable), offers,
employment records, retention checkpoints and the peer space.

For reports and stipends (stable names):
- **employed**: an `Employment` row; `status == "active"` means employed now; `start_date` / `planned_end_date`
  (start + 12 months − 1 day) / `terminated_on` give the period. `gross_salary_kurus` is the monthly gross
  salary in kuruş. Ambassadors' employments (`trainee.track == "ambassador"`) get firm salary support
  (claims in `stipends`); operators' do not. Nothing here means "paid": money lives in the stipends ledger.
- **retained**: a `RetentionCheckpoint` (months 3, 6, 12 by default) with `firm_confirmed_at` set and
  `still_employed` true; `person_confirmed_at` is the person's own confirmation.
- A proposal is `locked` once staff fix it; its lines become `Offer`s; an offer accepted by both sides becomes an
  `Employment` (`Employment.offer`).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from portal.files import encrypted_storage
from portal.models.base import ProgramOwned
from training.models import Track


def add_months(day: date, months: int) -> date:
    """The same day `months` later (clamped to the month's last day)."""
    import calendar

    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class MatchingSettings(ProgramOwned):
    """Program facts for matching and employment. Staff change them; nothing here is a constant in code."""

    ambassadors_per_firm = models.PositiveSmallIntegerField(_("ambassadors per firm (default)"), default=2)
    operators_per_firm = models.PositiveSmallIntegerField(_("operators per firm (default)"), default=2)
    offer_deadline_days = models.PositiveSmallIntegerField(_("days to answer an offer"), default=7)
    employment_months = models.PositiveSmallIntegerField(_("employment length (months)"), default=12)
    checkpoint_months = models.CharField(
        _("retention checkpoints (months, comma separated)"), max_length=40, default="3,6,12"
    )
    checkpoint_grace_days = models.PositiveSmallIntegerField(_("days to confirm a checkpoint"), default=14)
    mentoring_checkin_days = models.PositiveSmallIntegerField(_("mentoring check-in every (days)"), default=31)
    weight_province = models.PositiveSmallIntegerField(_("weight: province fit"), default=30)
    weight_specialisation = models.PositiveSmallIntegerField(_("weight: specialisation fit"), default=30)
    weight_sector = models.PositiveSmallIntegerField(_("weight: sector interest"), default=10)
    weight_training = models.PositiveSmallIntegerField(_("weight: training results"), default=15)
    weight_preference = models.PositiveSmallIntegerField(_("weight: both sides' preferences"), default=15)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
        constraints = [
            models.UniqueConstraint(fields=["program"], name="matching_settings_once_per_program"),
            models.CheckConstraint(condition=Q(offer_deadline_days__gte=1), name="matching_deadline_positive"),
            models.CheckConstraint(condition=Q(employment_months__gte=1), name="matching_employment_months"),
        ]

    def __str__(self):
        return str(_("matching settings"))

    @property
    def checkpoints(self) -> list[int]:
        months = []
        for part in self.checkpoint_months.split(","):
            part = part.strip()
            if part.isdigit() and int(part) > 0:
                months.append(int(part))
        return sorted(set(months))

    @property
    def weights(self) -> dict:
        return {
            "province": self.weight_province,
            "specialisation": self.weight_specialisation,
            "sector": self.weight_sector,
            "training": self.weight_training,
            "preference": self.weight_preference,
        }


class Position(ProgramOwned):
    """How many people of one track a firm hosts, and where."""

    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="positions")
    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    count = models.PositiveSmallIntegerField(_("places"))
    province = models.ForeignKey("portal.Province", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("what the work involves"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["firm__name", "track"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["program", "firm", "track"], name="position_once_per_firm_track"),
            models.CheckConstraint(condition=Q(count__gte=1), name="position_count_positive"),
        ]

    def __str__(self):
        return f"{self.firm} · {self.get_track_display()} × {self.count}"


class PositionRanking(ProgramOwned):
    """The firm's ranking of candidates after interviews (1 = first choice). Optional."""

    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="rankings")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    trainee = models.ForeignKey("training.Trainee", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["position", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["program", "position", "trainee"], name="ranking_once_per_trainee"),
            models.UniqueConstraint(fields=["program", "position", "rank"], name="ranking_rank_unique"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="ranking_rank_positive"),
        ]


class Proposal(ProgramOwned):
    """One run of the matching for a track: draft until staff lock it; a locked proposal produces offers."""

    class Method(models.TextChoices):
        OPTIMAL = "optimal", _("Optimal (highest total score)")
        STABLE = "stable", _("Stable (deferred acceptance)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        LOCKED = "locked", _("Locked")
        DISCARDED = "discarded", _("Discarded")

    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    total_score = models.DecimalField(_("total score"), max_digits=12, decimal_places=2, default=0)
    weights = models.JSONField(_("weights used"), default=dict)
    exclusions = models.JSONField(_("hard-constraint exclusions"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("match proposal")
        verbose_name_plural = _("match proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "track"], condition=Q(status="locked"), name="proposal_one_locked_per_track"
            ),
        ]

    def __str__(self):
        return f"{self.get_track_display()} · {self.get_method_display()} #{self.pk}"


class ProposalLine(ProgramOwned):
    """One candidate in a proposal: placed at a firm (with the score's explanation) or on the waitlist."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    trainee = models.ForeignKey("training.Trainee", on_delete=models.PROTECT, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, default=0)
    components = models.JSONField(_("score components"), default=list)
    adjusted_reason = models.CharField(_("reason for the adjustment"), max_length=300, blank=True)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["firm__name", "-score", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "proposal", "trainee"], name="proposal_line_once"),
            models.CheckConstraint(
                condition=Q(position__isnull=True, firm__isnull=True) | Q(position__isnull=False, firm__isnull=False),
                name="proposal_line_position_and_firm",
            ),
        ]

    @property
    def is_waitlisted(self) -> bool:
        return self.position_id is None


class Offer(ProgramOwned):
    """An offer of a position to a candidate. Both the firm and the candidate answer; both yes → employment."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for answers")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="offers")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="offers")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="offers")
    trainee = models.ForeignKey("training.Trainee", on_delete=models.PROTECT, related_name="offers")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, default=0)
    components = models.JSONField(_("score components"), default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateTimeField(_("answer by"))
    firm_answer = models.CharField(_("firm's answer"), max_length=10, choices=Answer.choices, default="pending")
    firm_answered_at = models.DateTimeField(null=True, blank=True)
    firm_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    candidate_answer = models.CharField(
        _("candidate's answer"), max_length=10, choices=Answer.choices, default="pending"
    )
    candidate_answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # what the firm offers, given when it accepts; the employment starts from these
    start_date = models.DateField(_("start date"), null=True, blank=True)
    contract_type = models.CharField(_("contract type"), max_length=12, blank=True)
    gross_salary_kurus = models.PositiveBigIntegerField(_("monthly gross salary (kuruş)"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("replaces")
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        indexes = [models.Index(fields=["program", "status", "deadline"])]
        constraints = [
            # a candidate holds at most one live (open or accepted) offer in a program
            models.UniqueConstraint(
                fields=["program", "trainee"],
                condition=Q(status__in=["open", "accepted"]),
                name="offer_one_live_per_trainee",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(firm_answer="accepted", candidate_answer="accepted"),
                name="offer_accepted_by_both",
            ),
        ]

    def __str__(self):
        return f"{self.trainee} → {self.firm}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Employment(ProgramOwned):
    """A person employed at a firm after an accepted offer (or recorded by staff). Ambassadors' employments get
    firm salary support (stipends); operators' do not."""

    class ContractType(models.TextChoices):
        PERMANENT = "permanent", _("Permanent (indefinite term)")
        FIXED_TERM = "fixed_term", _("Fixed term")
        PART_TIME = "part_time", _("Part time")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Employed")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Ended early")

    trainee = models.ForeignKey("training.Trainee", on_delete=models.PROTECT, related_name="employments")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="employments")
    offer = models.OneToOneField(
        Offer, on_delete=models.PROTECT, null=True, blank=True, related_name="employment", verbose_name=_("offer")
    )
    start_date = models.DateField(_("start date"))
    planned_end_date = models.DateField(_("planned end"))
    contract_type = models.CharField(
        _("contract type"), max_length=12, choices=ContractType.choices, default=ContractType.PERMANENT
    )
    gross_salary_kurus = models.PositiveBigIntegerField(_("monthly gross salary (kuruş)"))
    sgk_proof = models.FileField(
        _("SGK registration proof"), upload_to="matching/sgk/%Y/", blank=True, storage=encrypted_storage
    )
    terminated_on = models.DateField(_("ended on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason it ended"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["firm__name", "start_date", "pk"]
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        indexes = [
            models.Index(fields=["program", "status", "start_date"]),
            # the employment list, newest first: a page is read off the index (no sort of every employment)
            models.Index(fields=["program", "start_date", "id"], name="employment_list_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "trainee"], condition=Q(status="active"), name="employment_one_active_per_trainee"
            ),
            models.CheckConstraint(condition=Q(planned_end_date__gte=F("start_date")), name="employment_end_after"),
            models.CheckConstraint(
                condition=Q(status="terminated", terminated_on__isnull=False)
                | (~Q(status="terminated") & Q(terminated_on__isnull=True)),
                name="employment_terminated_has_date",
            ),
            models.CheckConstraint(
                condition=Q(terminated_on__isnull=True) | Q(terminated_on__gte=F("start_date")),
                name="employment_terminated_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.trainee} · {self.firm}"

    @property
    def gross_salary_lira(self):
        from decimal import Decimal

        return Decimal(self.gross_salary_kurus) / 100

    @property
    def end_date(self) -> date:
        """The last day worked or planned."""
        return self.terminated_on or self.planned_end_date

    @staticmethod
    def planned_end_for(start: date, months: int = 12) -> date:
        from datetime import timedelta

        return add_months(start, months) - timedelta(days=1)


class RetentionCheckpoint(ProgramOwned):
    """At 3, 6 and 12 months the firm (and the person) confirm she is still employed."""

    employment = models.ForeignKey(Employment, on_delete=models.CASCADE, related_name="checkpoints")
    firm = models.ForeignKey("firms.Firm", on_delete=models.PROTECT, related_name="+")
    trainee = models.ForeignKey("training.Trainee", on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField(_("month"))
    due_on = models.DateField(_("due on"))
    still_employed = models.BooleanField(_("still employed"), null=True, blank=True)
    firm_confirmed_at = models.DateTimeField(_("confirmed by the firm"), null=True, blank=True)
    firm_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person_confirmed_at = models.DateTimeField(_("confirmed by the person"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("retention checkpoint")
        verbose_name_plural = _("retention checkpoints")
        indexes = [
            models.Index(fields=["program", "due_on"]),
            # the overdue list walks only the checkpoints still waiting for a confirmation
            models.Index(
                fields=["program", "due_on", "id"],
                condition=Q(firm_confirmed_at__isnull=True) | Q(person_confirmed_at__isnull=True),
                name="checkpoint_unconfirmed_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["program", "employment", "month"], name="checkpoint_once_per_month"),
        ]

    @property
    def is_complete(self) -> bool:
        return bool(self.firm_confirmed_at and self.person_confirmed_at)


class PeerPost(ProgramOwned):
    """The peer space: ambassadors (and, separately, operators) share experience; staff moderate."""

    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    cohort = models.ForeignKey("training.Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("message"), max_length=5000)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("peer post")
        verbose_name_plural = _("peer posts")
        indexes = [models.Index(fields=["program", "track", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""), name="peer_post_hidden_with_reason"
            ),
        ]
