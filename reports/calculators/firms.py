"""Firms."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from assessments.models import Roadmap

from .framework import COUNT, RATIO, Calculator, Facts, Row, _total, register

FIRM_DIMENSIONS = ("province", "area", "sector", "size")


def _firms_selected(facts: Facts) -> list[Row]:
    return [Row(f"firm:{pk}", f"firm:{pk}", facts.firms[pk]) for pk in facts.firms_selected]


register(
    Calculator(
        "firms_selected",
        gettext_lazy("Firms selected"),
        COUNT,
        FIRM_DIMENSIONS,
        _firms_selected,
        gettext_lazy("A firm record is made when its application is selected (created at)."),
    )
)


def _published(framework: str):
    def compute(facts: Facts) -> list[Row]:
        return [
            Row(f"firm:{firm}", f"assessment:{a}", facts.firms.get(firm, {}))
            for a, firm, code in facts.published
            if code.lower() == framework
        ]

    return compute


for _code in ("siri", "cosiri"):
    register(
        Calculator(
            f"firms_assessed_{_code}",
            gettext_lazy("Firms with a published %(framework)s assessment") % {"framework": _code.upper()},
            COUNT,
            FIRM_DIMENSIONS,
            _published(_code),
            gettext_lazy("The date each assessment was first published (its transition history)."),
        )
    )


def _roadmaps(facts: Facts) -> list[Row]:
    rows = Roadmap.objects.filter(program_id=facts.program_id, created_at__lt=facts.end).values_list("pk", "firm_id")
    return [Row(f"firm:{firm}", f"roadmap:{pk}", facts.firms.get(firm, {})) for pk, firm in rows]


register(
    Calculator(
        "firms_with_roadmap",
        gettext_lazy("Firms with a roadmap"),
        COUNT,
        FIRM_DIMENSIONS,
        _roadmaps,
        gettext_lazy("When the roadmap was first made (created at)."),
    )
)


def _women_share(facts: Facts) -> list[Row]:
    selected = set(facts.firms_selected)
    rows = []
    for firm_id, snap in facts.latest_workforce.items():
        if firm_id in selected and _total(snap):
            women = snap.white_collar_women + snap.blue_collar_women
            rows.append(Row(f"firm:{firm_id}", f"workforce:{snap.pk}", facts.firms[firm_id], women, _total(snap)))
    return rows


register(
    Calculator(
        "women_share_workforce",
        gettext_lazy("Women's share in the selected firms' workforce"),
        RATIO,
        FIRM_DIMENSIONS,
        _women_share,
        gettext_lazy("Each firm's latest workforce figures dated on or before the day (as of, entered by then)."),
    )
)
