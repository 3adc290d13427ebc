from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import encrypted_storage
from portal.models.base import ProgramOwned
from portal.pii import EncryptedTextField


class StemField(models.TextChoices):
    MECHANICAL = "mechanical", _("Mechanical engineering")
    ELECTRICAL = "electrical", _("Electrical and electronics engineering")
    INDUSTRIAL = "industrial", _("Industrial engineering")
    COMPUTER = "computer", _("Computer / software engineering")
    CHEMICAL = "chemical", _("Chemical engineering")
    MATERIALS = "materials", _("Materials and metallurgical engineering")
    ENVIRONMENTAL = "environmental", _("Environmental engineering")
    MECHATRONICS = "mechatronics", _("Mechatronics engineering")
    ENERGY = "energy", _("Energy engineering")
    OTHER_ENGINEERING = "other_engineering", _("Other engineering")
    MATHEMATICS = "mathematics", _("Mathematics / statistics")
    PHYSICS = "physics", _("Physics")
    CHEMISTRY = "chemistry", _("Chemistry")
    BIOLOGY = "biology", _("Biology / molecular biology")
    NOT_STEM = "not_stem", _("Another field (not STEM)")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    UNDISCLOSED = "undisclosed", _("I prefer not to say")


class AmbassadorApplication(ProgramOwned):
    """A STEM graduate's application to become a change ambassador (the engine's Application holds the rest)."""

    application = models.OneToOneField(
        "portal.Application", on_delete=models.CASCADE, related_name="ambassador_details"
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    tckn = EncryptedTextField(_("T.C. identity number"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    degree_field = models.CharField(_("degree field"), max_length=20, choices=StemField.choices, blank=True)
    university = models.CharField(_("university"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    province = models.ForeignKey(
        "portal.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province of residence"),
    )
    work_provinces = models.ManyToManyField(
        "portal.Province", blank=True, related_name="+", verbose_name=_("provinces where I can work")
    )
    digital_interest = models.BooleanField(_("interested in the digital transformation"), default=False)
    green_interest = models.BooleanField(_("interested in the green transformation"), default=False)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    cv = models.FileField(
        _("CV (PDF, PNG or JPEG)"), upload_to="applications/cv/%Y/", blank=True, storage=encrypted_storage
    )
    motivation = models.TextField(_("why do you want to be a change ambassador?"), blank=True)
    earthquake_affected = models.BooleanField(_("I was affected by the February 2023 earthquakes"), default=False)
    privacy_consent = models.BooleanField(_("I have read the privacy notice and agree to the processing described"))

    class Meta:
        verbose_name = _("ambassador application")
        verbose_name_plural = _("ambassador applications")

    def __str__(self):
        return self.full_name


class Specialisation(models.TextChoices):
    DIGITAL = "digital", _("Digital transformation")
    GREEN = "green", _("Green transformation")
    BOTH = "both", _("Both digital and green")


class AmbassadorProfile(ProgramOwned):
    """The ambassador's profile on top of her trainee record: what matching reads about her."""

    trainee = models.OneToOneField("training.Trainee", on_delete=models.CASCADE, related_name="ambassador_profile")
    stem_field = models.CharField(_("STEM field"), max_length=20, choices=StemField.choices, blank=True)
    specialisation = models.CharField(
        _("specialisation"), max_length=10, choices=Specialisation.choices, default=Specialisation.BOTH
    )
    skills = models.CharField(_("skills"), max_length=500, blank=True, help_text=_("Separate them with commas."))
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    work_provinces = models.ManyToManyField(
        "portal.Province", blank=True, related_name="+", verbose_name=_("provinces where I can work")
    )
    willing_to_relocate = models.BooleanField(_("I am willing to relocate for the job"), default=False)
    sectors = models.ManyToManyField(
        "portal.Sector", blank=True, related_name="+", verbose_name=_("sectors I am interested in")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ambassador profile")
        verbose_name_plural = _("ambassador profiles")
        constraints = [models.UniqueConstraint(fields=["program", "trainee"], name="ambassador_profile_once")]

    def __str__(self):
        return str(self.trainee)


class FirmPreference(ProgramOwned):
    """An ambassador's ranked, optional preference for a firm (1 = first choice)."""

    profile = models.ForeignKey(AmbassadorProfile, on_delete=models.CASCADE, related_name="preferences")
    firm = models.ForeignKey("firms.Firm", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["profile", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["program", "profile", "firm"], name="firm_preference_once"),
            models.UniqueConstraint(fields=["program", "profile", "rank"], name="firm_preference_rank_unique"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="firm_preference_rank_positive"),
        ]


class MentorAssignment(ProgramOwned):
    """A mentor accompanies an ambassador during her employment. One open assignment per ambassador."""

    mentor = models.ForeignKey("portal.User", on_delete=models.PROTECT, related_name="mentee_assignments")
    trainee = models.ForeignKey("training.Trainee", on_delete=models.PROTECT, related_name="mentor_assignments")
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["trainee__user__full_name"]
        verbose_name = _("mentor assignment")
        verbose_name_plural = _("mentor assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "trainee"], condition=models.Q(ended_on__isnull=True), name="mentor_one_open"
            ),
        ]

    def __str__(self):
        return f"{self.mentor} → {self.trainee}"


class MentoringSession(ProgramOwned):
    """One logged mentoring conversation. Notes are seen by the mentor, the mentee and programme staff only."""

    assignment = models.ForeignKey(MentorAssignment, on_delete=models.PROTECT, related_name="sessions")
    trainee = models.ForeignKey("training.Trainee", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("date"))
    topics = models.CharField(_("topics"), max_length=500)
    agreed_actions = models.TextField(_("agreed actions"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey("portal.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("mentoring session")
        verbose_name_plural = _("mentoring sessions")
