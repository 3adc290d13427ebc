"""Employment and retention (matching)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from .framework import COUNT, PERSON_DIMENSIONS, Calculator, Facts, Row, register
from .training import TRACK_LABELS


def _employed(track: str | None):
    def compute(facts: Facts) -> list[Row]:
        return [
            Row(f"trainee:{t}", f"employment:{pk}", facts.trainees[t])
            for pk, t, trainee_track in facts.employments
            if not track or trainee_track == track
        ]

    return compute


def _retained(months: int, track: str | None):
    def compute(facts: Facts) -> list[Row]:
        return [
            Row(f"trainee:{t}", f"employment:{pk}", facts.trainees[t])
            for pk, t, trainee_track, month in facts.retained
            if month == months and (not track or trainee_track == track)
        ]

    return compute


for _track, _label in TRACK_LABELS.items():
    _suffix = f"_{_track}" if _track else ""
    register(
        Calculator(
            f"employed{_suffix}",
            gettext_lazy("Women employed (%(track)s)") % {"track": _label},
            COUNT,
            PERSON_DIMENSIONS,
            _employed(_track),
            gettext_lazy("Employment start dates, for employments recorded by the day; a woman counted once."),
        )
    )
    for _months in (3, 6, 12):
        register(
            Calculator(
                f"retained_{_months}{_suffix}",
                gettext_lazy("Women retained %(months)s months (%(track)s)") % {"months": _months, "track": _label},
                COUNT,
                PERSON_DIMENSIONS,
                _retained(_months, _track),
                gettext_lazy("Retention checkpoints the firm confirmed (still employed) by the day."),
            )
        )
