"""Training: the trainee record both tracks share, curricula and their modules, cohorts and sessions,
enrolments, attendance (with its correction history), check-ins, grades, completion rules and certificates.

Program facts (curriculum lengths, the minimum attendance share, pass marks, the at-risk threshold) are rows
staff change (Curriculum, CurriculumModule, CompletionRule), never constants in code.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized
from portal.pii import EncryptedTextField, mask_iban, mask_tckn


class Track(models.TextChoices):
    AMBASSADOR = "ambassador", _("Change ambassador")
    OPERATOR = "operator", _("Operator")


class Trainee(ProgramOwned):
    """The record both tracks share: a change ambassador or an operator in training."""

    Track = Track

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainee_records")
    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    province = models.ForeignKey("portal.Province", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ENROLLED)
    # Personal data (KVKK): encrypted at rest, found and deduplicated through a keyed hash, shown masked.
    tckn = EncryptedTextField(_("T.C. identity number"), blank=True, default="")
    tckn_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    iban = EncryptedTextField(_("IBAN"), blank=True, default="")
    iban_hash = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    # the payment run flags a payee whose account changed since she was last paid
    iban_changed_at = models.DateTimeField(_("IBAN changed at"), null=True, blank=True, editable=False)
    phone = models.CharField(_("mobile phone"), max_length=16, blank=True, default="")
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__full_name"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")
        # the trainee list filters by track and counts the result for its pages
        indexes = [models.Index(fields=["program", "track"], name="trainee_program_track")]
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="trainee_once_per_program"),
            models.UniqueConstraint(
                fields=["program", "tckn_hash"], condition=~Q(tckn_hash=""), name="trainee_tckn_once_per_program"
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def tckn_masked(self) -> str:
        return mask_tckn(self.tckn)

    @property
    def iban_masked(self) -> str:
        return mask_iban(self.iban)


class Curriculum(ProgramOwned):
    """One version of a track's curriculum. A cohort follows one version; a new version never changes old cohorts."""

    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_tr = models.TextField(_("description (Turkish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    planned_weeks = models.PositiveSmallIntegerField(_("planned length (weeks)"))
    is_current = models.BooleanField(_("current version"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["track", "-version"]
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")
        constraints = [
            models.UniqueConstraint(fields=["program", "track", "version"], name="curriculum_version_unique"),
            models.CheckConstraint(condition=Q(planned_weeks__gt=0), name="curriculum_has_weeks"),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def name(self):
        return localized(self, "name")

    @property
    def description(self):
        return localized(self, "description")


class CurriculumModule(ProgramOwned):
    class Domain(models.TextChoices):
        DIGITAL = "digital", _("Digital transformation")
        GREEN = "green", _("Green transformation")
        SOFT = "soft", _("Soft skills")
        EQUALITY = "equality", _("Gender equality and work/life balance")

    class Assessment(models.TextChoices):
        NONE = "none", _("Attendance only")
        EXAM = "exam", _("Written exam")
        PROJECT = "project", _("Project work")
        PRACTICAL = "practical", _("Practical task")
        PRESENTATION = "presentation", _("Presentation")

    curriculum = models.ForeignKey(Curriculum, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20)
    title_tr = models.CharField(_("title (Turkish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_tr = models.TextField(_("description (Turkish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    outcomes_tr = models.TextField(_("learning outcomes (Turkish)"), blank=True)
    outcomes_en = models.TextField(_("learning outcomes (English)"), blank=True)
    domain = models.CharField(_("domain"), max_length=10, choices=Domain.choices)
    planned_hours = models.PositiveSmallIntegerField(_("planned hours"))
    assessment = models.CharField(_("assessed by"), max_length=14, choices=Assessment.choices, default=Assessment.NONE)
    pass_mark = models.DecimalField(
        _("pass mark"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the curriculum's completion rule."),
    )

    class Meta:
        ordering = ["curriculum", "order", "code"]
        verbose_name = _("curriculum module")
        verbose_name_plural = _("curriculum modules")
        constraints = [
            models.UniqueConstraint(fields=["program", "curriculum", "code"], name="module_code_unique"),
            models.CheckConstraint(
                condition=Q(pass_mark__isnull=True) | Q(pass_mark__gte=0, pass_mark__lte=100),
                name="module_pass_mark_0_100",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def title(self):
        return localized(self, "title")

    @property
    def description(self):
        return localized(self, "description")

    @property
    def outcomes(self):
        return localized(self, "outcomes")

    @property
    def is_assessed(self) -> bool:
        return self.assessment != self.Assessment.NONE


class CompletionRule(ProgramOwned):
    """What completing a curriculum takes, and when a trainee counts as at risk. Staff change it."""

    curriculum = models.OneToOneField(Curriculum, on_delete=models.CASCADE, related_name="completion_rule")
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), default=80, help_text=_("Excused absences do not count against it.")
    )
    pass_mark = models.DecimalField(_("pass mark (0–100)"), max_digits=5, decimal_places=2, default=60)
    late_counts_as_attended = models.BooleanField(_("late arrival counts as attended"), default=True)
    at_risk_attendance_percent = models.PositiveSmallIntegerField(
        _("at risk below (%)"), default=80, help_text=_("Attendance share over the recent weeks.")
    )
    at_risk_window_weeks = models.PositiveSmallIntegerField(_("recent weeks looked at"), default=3)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")
        constraints = [
            models.UniqueConstraint(fields=["program", "curriculum"], name="completion_rule_once_per_curriculum"),
            models.CheckConstraint(condition=Q(min_attendance_percent__lte=100), name="rule_min_attendance_le_100"),
            models.CheckConstraint(condition=Q(at_risk_attendance_percent__lte=100), name="rule_at_risk_le_100"),
            models.CheckConstraint(condition=Q(pass_mark__gte=0, pass_mark__lte=100), name="rule_pass_mark_0_100"),
            models.CheckConstraint(condition=Q(at_risk_window_weeks__gte=1), name="rule_window_at_least_1"),
        ]

    def __str__(self):
        return f"{self.curriculum}: {self.min_attendance_percent}% / {self.pass_mark}"

    def pass_mark_for(self, module: CurriculumModule):
        return module.pass_mark if module.pass_mark is not None else self.pass_mark


class Cohort(ProgramOwned):
    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=120)
    track = models.CharField(_("track"), max_length=12, choices=Track.choices)
    curriculum = models.ForeignKey(Curriculum, on_delete=models.PROTECT, related_name="cohorts")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    province = models.ForeignKey("portal.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CohortTrainer",
        through_fields=("cohort", "trainer"),
        related_name="+",
        verbose_name=_("trainers"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="cohort_code_unique"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_dates_ordered"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="cohort_capacity_positive"),
            models.CheckConstraint(
                condition=Q(mode="online") | Q(province__isnull=False), name="cohort_in_person_has_province"
            ),
        ]

    def __str__(self):
        return self.name


class CohortTrainer(ProgramOwned):
    """Assignment row: this trainer teaches this cohort, so she sees it, its sessions and its trainees."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="trainer_assignments")
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("cohort trainer")
        verbose_name_plural = _("cohort trainers")
        constraints = [
            models.UniqueConstraint(fields=["program", "cohort", "trainer"], name="cohort_trainer_once"),
        ]

    def __str__(self):
        return f"{self.trainer} → {self.cohort}"


class Session(ProgramOwned):
    """One meeting of a cohort on one module. Also holds the current self check-in code (as a nonce: the code
    itself is derived with a server secret, so it is never stored) and the attendance sheet's version."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="sessions")
    module = models.ForeignKey(CurriculumModule, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checkin_nonce = models.CharField(max_length=32, blank=True, editable=False)
    checkin_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    attendance_version = models.PositiveIntegerField(default=0, editable=False)
    attendance_saved_at = models.DateTimeField(null=True, blank=True, editable=False)
    attendance_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [
            models.Index(fields=["program", "cohort", "starts_at"]),
            # the at-risk list's "modules taught": the last session's end per cohort and module, from the index
            models.Index(fields=["program", "cohort", "module", "ends_at"], name="session_module_ends"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.cohort} · {self.starts_at:%Y-%m-%d %H:%M}"


class Enrolment(ProgramOwned):
    """A trainee in a cohort. Transfers and withdrawals end it with a reason; nothing is deleted."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        TRANSFERRED = "transferred", _("Transferred")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    # The workflow: one table of allowed transitions, one service per transition (training.services).
    TRANSITIONS = {
        Status.ACTIVE: {Status.TRANSFERRED, Status.WITHDRAWN, Status.COMPLETED},
    }

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="enrolments")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    enrolled_on = models.DateField(_("enrolled on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    transferred_to = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["trainee__user__full_name", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "trainee"], condition=Q(status="active"), name="enrolment_one_active_per_trainee"
            ),
            models.CheckConstraint(
                condition=(Q(status="active") & Q(ended_on__isnull=True))
                | (~Q(status="active") & Q(ended_on__isnull=False)),
                name="enrolment_ended_iff_not_active",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("enrolled_on")),
                name="enrolment_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.trainee} · {self.cohort} ({self.status})"

    def covers(self, day) -> bool:
        return self.enrolled_on <= day and (self.ended_on is None or day <= self.ended_on)


class Attendance(ProgramOwned):
    """A trainee at one session. Written only through training.services, which keeps every change in
    AttendanceChange (who, when, old → new, why): attendance decides stipends."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    class Source(models.TextChoices):
        SHEET = "sheet", _("Attendance sheet")
        CHECKIN = "checkin", _("Confirmed self check-in")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.SHEET)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["session__starts_at", "pk"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        # the at-risk list counts the recent sessions' marks from the index alone (PostgreSQL: index-only scan)
        indexes = [models.Index(fields=["program", "session"], include=["trainee", "status"], name="attendance_counts")]
        constraints = [
            models.UniqueConstraint(fields=["program", "session", "trainee"], name="attendance_once_per_session"),
            models.CheckConstraint(condition=~Q(status="excused") | ~Q(reason=""), name="attendance_excused_reason"),
        ]

    def __str__(self):
        return f"{self.trainee} · {self.session} · {self.status}"


class AttendanceChange(ProgramOwned):
    """Append-only history of attendance: the first recording (old status empty) and every correction."""

    attendance = models.ForeignKey(Attendance, on_delete=models.PROTECT, related_name="changes")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="+")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="+")
    old_status = models.CharField(_("before"), max_length=8, blank=True, choices=Attendance.Status.choices)
    new_status = models.CharField(_("after"), max_length=8, choices=Attendance.Status.choices)
    old_reason = models.CharField(max_length=300, blank=True)
    new_reason = models.CharField(max_length=300, blank=True)
    why = models.CharField(_("why it was changed"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(_("when"))
    session_version = models.PositiveIntegerField(_("sheet version saved"))

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        indexes = [models.Index(fields=["program", "session", "changed_at"])]

    def __str__(self):
        return f"{self.trainee}: {self.old_status or '—'} → {self.new_status}"


class CheckIn(ProgramOwned):
    """A trainee checked herself in with the session's code; it counts once her trainer confirms it."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="checkins")
    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="checkins")
    checked_in_at = models.DateTimeField(_("checked in at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["checked_in_at", "pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["program", "session", "trainee"], name="checkin_once_per_session"),
        ]

    def __str__(self):
        return f"{self.trainee} @ {self.session}"


class Grade(ProgramOwned):
    """A trainee's score (0–100) in one assessed module."""

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="grades")
    module = models.ForeignKey(CurriculumModule, on_delete=models.PROTECT, related_name="grades")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="grades")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    graded_at = models.DateTimeField(_("graded at"))

    class Meta:
        ordering = ["module__order", "pk"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [
            models.UniqueConstraint(fields=["program", "trainee", "module"], name="grade_once_per_module"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="grade_score_0_100"),
        ]

    def __str__(self):
        return f"{self.trainee} · {self.module.code}: {self.score}"


class Certificate(ProgramOwned):
    """Issued when a trainee meets her curriculum's completion rule; the PDF is built in the background.

    The verification code is unique across programs: the public verification page needs nothing else.
    """

    trainee = models.ForeignKey(Trainee, on_delete=models.PROTECT, related_name="certificates")
    curriculum = models.ForeignKey(Curriculum, on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    code = models.CharField(_("verification code"), max_length=20)
    issued_on = models.DateField(_("issued on"))
    file = models.FileField(_("PDF"), upload_to="certificates/%Y/", blank=True)
    job = models.ForeignKey("portal.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="certificate_code_unique"),
            models.UniqueConstraint(fields=["program", "trainee", "curriculum"], name="certificate_once_per_trainee"),
        ]

    def __str__(self):
        return f"{self.code} · {self.trainee}"

    @property
    def is_ready(self) -> bool:
        return bool(self.file)
