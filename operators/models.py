from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned
from portal.pii import EncryptedTextField


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("I work in one of the programme's firms")
    JOB_SEEKER = "job_seeker", _("I am looking for a job")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primary school")
    MIDDLE = "middle", _("Middle school")
    HIGH_SCHOOL = "high_school", _("High school")
    VOCATIONAL = "vocational", _("Vocational high school")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")


class Shifts(models.TextChoices):
    DAY = "day", _("Day shift only")
    ROTATING = "rotating", _("Rotating shifts")
    ANY = "any", _("Any shift")


class Care(models.TextChoices):
    NONE = "none", _("None")
    CHILDREN = "children", _("Children")
    ELDERLY = "elderly", _("Elderly or sick relatives")
    BOTH = "both", _("Children and elderly relatives")


class OperatorApplication(ProgramOwned):
    """A blue-collar woman's application: already employed in a selected firm (the firm confirms) or job seeker."""

    application = models.OneToOneField("portal.Application", on_delete=models.CASCADE, related_name="operator_details")
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    tckn = EncryptedTextField(_("T.C. identity number"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    employment = models.CharField(_("employment"), max_length=12, choices=Employment.choices, blank=True)
    employer = models.ForeignKey(
        "firms.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("employer")
    )
    employer_confirmed_at = models.DateTimeField(_("confirmed by the firm"), null=True, blank=True)
    employer_declined_at = models.DateTimeField(_("declined by the firm"), null=True, blank=True)
    province = models.ForeignKey(
        "portal.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )
    education = models.CharField(_("education"), max_length=12, choices=Education.choices, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("years of work experience"), null=True, blank=True)
    shifts = models.CharField(_("shift availability"), max_length=10, choices=Shifts.choices, blank=True)
    care = models.CharField(_("care responsibilities"), max_length=10, choices=Care.choices, blank=True)
    care_note = models.CharField(_("what would help you attend (optional)"), max_length=300, blank=True)
    privacy_consent = models.BooleanField(_("I have read the privacy notice and agree to the processing described"))

    class Meta:
        verbose_name = _("operator application")
        verbose_name_plural = _("operator applications")

    def __str__(self):
        return self.full_name


class OperatorProfile(ProgramOwned):
    """The operator's profile on top of her trainee record: what matching reads about her."""

    trainee = models.OneToOneField("training.Trainee", on_delete=models.CASCADE, related_name="operator_profile")
    employment = models.CharField(_("employment"), max_length=12, choices=Employment.choices)
    employer = models.ForeignKey(
        "firms.Firm", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("employer")
    )
    wants_other_firm = models.BooleanField(
        _("I would like to be matched with another firm"),
        default=False,
        help_text=_("Otherwise an employed operator stays matched to her own firm."),
    )
    shifts = models.CharField(_("shift availability"), max_length=10, choices=Shifts.choices, default=Shifts.ANY)
    care = models.CharField(_("care responsibilities"), max_length=10, choices=Care.choices, default=Care.NONE)
    work_provinces = models.ManyToManyField(
        "portal.Province", blank=True, related_name="+", verbose_name=_("provinces where I can work")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("operator profile")
        verbose_name_plural = _("operator profiles")
        constraints = [
            models.UniqueConstraint(fields=["program", "trainee"], name="operator_profile_once"),
            models.CheckConstraint(
                condition=models.Q(employment="job_seeker") | models.Q(employer__isnull=False),
                name="operator_profile_employed_has_employer",
            ),
        ]

    def __str__(self):
        return str(self.trainee)
