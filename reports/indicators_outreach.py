"""Indicators counted from events and attendance (outreach), so nobody types them by hand:

- people reached by awareness activities (awareness, public events and gender-equality trainings for firm HR):
  distinct people who attended, by gender, province and organisation type;
- stakeholder organisations taking part in capacity building: distinct organisations with at least one person
  who attended a capacity-building session (logframe OP3.1);
- briefings held for interface organisations and employers: briefings with at least one attendee.

A person is one person across events (her email, else her phone). "As of" relies on the attendance time (ticked by
the organiser or her own check-in). Loaded from reports/providers.py; registers into reports.calculators.
"""

from django.utils.translation import gettext_lazy

from reports.calculators import COUNT, DIMENSIONS, Calculator, Facts, Row, register

DIMENSIONS.setdefault("gender", gettext_lazy("Gender"))
DIMENSIONS.setdefault("organisation_type", gettext_lazy("Organisation type"))

AWARENESS_KINDS = ("awareness", "public", "hr_training")


def _attended(facts: Facts, kinds) -> list[tuple]:
    from outreach.models import Registration

    return list(
        Registration.objects.filter(
            program_id=facts.program_id,
            attended_at__lt=facts.end,
            event__kind__in=kinds,
            event__cancelled=False,
        ).values_list(
            "pk", "email", "phone", "gender", "event_id", "event__province__name", "organisation_id",
            "organisation__kind", "organisation__province__name",
        )
    )  # fmt: skip


def _labels():
    from outreach.models import Gender, OrganisationType

    return dict(Gender.choices), dict(OrganisationType.choices)


def _people_reached(facts: Facts) -> list[Row]:
    genders, types = _labels()
    none = facts.not_recorded
    rows = []
    for pk, email, phone, gender, _event, province, _org, org_kind, _org_province in _attended(facts, AWARENESS_KINDS):
        person = (email or phone or f"registration-{pk}").strip().lower()
        attrs = facts._shared(
            gender=str(genders.get(gender, none)),
            province=province or none,
            organisation_type=str(types.get(org_kind, none)) if org_kind else none,
        )
        rows.append(Row(f"person:{person}", f"registration:{pk}", attrs))
    return rows


def _organisations_capacity(facts: Facts) -> list[Row]:
    _genders, types = _labels()
    none = facts.not_recorded
    rows = []
    for _pk, _email, _phone, _gender, event, _province, org, org_kind, org_province in _attended(facts, ("capacity",)):
        if org is None:
            continue
        attrs = facts._shared(province=org_province or none, organisation_type=str(types.get(org_kind, none)))
        rows.append(Row(f"organisation:{org}", f"event:{event}", attrs))
    return rows


def _briefings(facts: Facts) -> list[Row]:
    none = facts.not_recorded
    rows = []
    for _pk, _email, _phone, _gender, event, province, _org, _kind, _org_province in _attended(facts, ("briefing",)):
        rows.append(Row(f"event:{event}", f"event:{event}", facts._shared(province=province or none)))
    return rows


register(
    Calculator(
        "people_reached_awareness",
        gettext_lazy("People reached by awareness activities"),
        COUNT,
        ("gender", "province", "organisation_type"),
        _people_reached,
        gettext_lazy("When each person was checked in at the event (attendance)."),
    )
)
register(
    Calculator(
        "stakeholder_orgs_capacity",
        gettext_lazy("Stakeholder organisations taking part in capacity building"),
        COUNT,
        ("province", "organisation_type"),
        _organisations_capacity,
        gettext_lazy("When a person of the organisation was checked in at a capacity-building session."),
    )
)
register(
    Calculator(
        "briefings_held",
        gettext_lazy("Briefings held for interface organisations and employers"),
        COUNT,
        ("province",),
        _briefings,
        gettext_lazy("Briefings with at least one attendee checked in by the date."),
    )
)


def demo_use_outreach_indicators(program, users):
    """The demo logframe counts OP3.1 from attendance instead of by hand (manual values stay as evidence), and the
    stored figures are computed again with it."""
    from reports import services
    from reports.models import Indicator

    Indicator.objects.filter(program=program, code="OP3.1", method=Indicator.Method.MANUAL).update(
        method=Indicator.Method.CALCULATED, calculator="stakeholder_orgs_capacity"
    )
    for language in ("tr", "en"):
        services.figures_compute(program_id=program.pk, language=language)
