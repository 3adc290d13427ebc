"""Applications and selection."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .framework import COUNT, Calculator, Facts, Row, register


def _applicant_rows(facts: Facts, rows, group: str) -> list[Row]:
    return [
        Row(
            f"applicant:{group}:{email.lower()}",
            f"application:{pk}",
            facts._shared(province=name or facts.not_recorded, area=facts.area(province_id)),
        )
        for pk, g, email, province_id, name in rows
        if g == group
    ]


def _applications(group: str):
    return lambda facts: _applicant_rows(facts, facts.applications, group)


def _selected(group: str):
    return lambda facts: _applicant_rows(facts, facts.selections, group)


GROUP_LABELS = {
    "firm": gettext_lazy("firms"),
    "ambassador": gettext_lazy("change ambassadors"),
    "operator": gettext_lazy("operators"),
}
for _group, _label in GROUP_LABELS.items():
    register(
        Calculator(
            f"applications_{_group}",
            gettext_lazy("Applicants: %(group)s") % {"group": _label},
            COUNT,
            ("province", "area"),
            _applications(_group),
            gettext_lazy("When the application was submitted; one applicant counted once (by email)."),
        )
    )
    register(
        Calculator(
            f"selected_{_group}",
            gettext_lazy("Selected: %(group)s") % {"group": _label},
            COUNT,
            ("province", "area"),
            _selected(_group),
            gettext_lazy("The selection decisions in the application history (ever selected by the day)."),
        )
    )
