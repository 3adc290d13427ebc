"""Interface organisations (chambers of industry, OSBs, unions, universities, associations), the programme's
events for them and for the public, registrations with a waiting list, and attendance.

Attendance is what M&E counts (reports.indicators_outreach): people reached by awareness activities, and the
organisations whose staff took part in capacity building, with no figure typed by hand.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.models.base import ProgramOwned, localized


class OrganisationType(models.TextChoices):
    CHAMBER = "chamber", _("Chamber of industry or commerce")
    OSB = "osb", _("Organised industrial zone (OSB)")
    UNION = "union", _("Employers' union (TİSK member)")
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Sector association")
    NGO = "ngo", _("Non-governmental organisation")


class Organisation(ProgramOwned):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=OrganisationType.choices)
    province = models.ForeignKey(
        "portal.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # stakeholder users who belong to this organisation: they see its events and materials
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("users"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("interface organisation")
        verbose_name_plural = _("interface organisations")
        constraints = [models.UniqueConstraint(fields=["program", "name"], name="outreach_organisation_name_once")]

    def __str__(self):
        return self.name


class EventKind(models.TextChoices):
    AWARENESS = "awareness", _("Awareness activity")
    CAPACITY = "capacity", _("Stakeholder capacity building")
    BRIEFING = "briefing", _("Briefing for interface organisations and employers")
    HR_TRAINING = "hr_training", _("Gender-equality training for firm HR")
    PUBLIC = "public", _("Public event")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


def new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


class Event(ProgramOwned):
    kind = models.CharField(_("type"), max_length=12, choices=EventKind.choices)
    title_tr = models.CharField(_("title (Turkish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_tr = models.TextField(_("description and agenda (Turkish)"), blank=True)
    description_en = models.TextField(_("description and agenda (English)"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    province = models.ForeignKey(
        "portal.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Empty: no limit."))
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public (on the programme's public site)"),
        default=True,
        help_text=_("Otherwise only the programme's members see it."),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("organiser")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="events", verbose_name=_("partner organisations")
    )
    checkin_code = models.CharField(_("check-in code"), max_length=6, default=new_code)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["program", "starts_at"], name="outreach_event_when")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="outreach_event_ordered")
        ]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return localized(self, "title")

    @property
    def description(self):
        return localized(self, "description")


class Registration(ProgramOwned):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("organisation (if not listed)"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    consent = models.BooleanField(_("consent"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # the key of her own page (cancel, check in), sent to her; hashed keys are not needed: it opens nothing else
    token = models.CharField(max_length=43, unique=True, default=secrets.token_urlsafe)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "event", "email"], condition=~Q(email=""), name="outreach_registration_email_once"
            ),
            models.CheckConstraint(condition=~Q(email="") | ~Q(phone=""), name="outreach_registration_reachable"),
            models.CheckConstraint(condition=Q(consent=True), name="outreach_registration_consented"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def person_key(self) -> str:
        """One person across events: her email, else her phone (counted once per person)."""
        return (self.email or self.phone).strip().lower()
