"""Training."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from training.models import Enrolment, Track

from .framework import COUNT, PERSON_DIMENSIONS, Calculator, Facts, Row, register


def _enrolments(track: str | None, *, completed: bool):
    def compute(facts: Facts) -> list[Row]:
        return [
            Row(f"trainee:{t}", f"trainee:{t}", facts.trainees[t])
            for t, cohort_track, status, ended_on in facts.enrolments
            if (not track or cohort_track == track)
            and (not completed or (status == Enrolment.Status.COMPLETED and ended_on <= facts.as_of))
        ]

    return compute


def _certified(track: str | None):
    def compute(facts: Facts) -> list[Row]:
        return [
            Row(f"trainee:{t}", f"trainee:{t}", facts.trainees[t])
            for t, trainee_track in facts.certificates
            if not track or trainee_track == track
        ]

    return compute


TRACK_LABELS = {None: gettext_lazy("all tracks"), **dict(Track.choices)}
for _track, _label in TRACK_LABELS.items():
    _suffix = f"_{_track}" if _track else ""
    register(
        Calculator(
            f"trainees_enrolled{_suffix}",
            gettext_lazy("Women enrolled in training (%(track)s)") % {"track": _label},
            COUNT,
            PERSON_DIMENSIONS,
            _enrolments(_track, completed=False),
            gettext_lazy("Enrolment dates; a woman in two cohorts is counted once."),
        )
    )
    register(
        Calculator(
            f"trainees_completed{_suffix}",
            gettext_lazy("Women who completed training (%(track)s)") % {"track": _label},
            COUNT,
            PERSON_DIMENSIONS,
            _enrolments(_track, completed=True),
            gettext_lazy("Enrolments completed by the day (ended on); withdrawals and transfers do not count."),
        )
    )
    register(
        Calculator(
            f"trainees_certified{_suffix}",
            gettext_lazy("Women certified (%(track)s)") % {"track": _label},
            COUNT,
            PERSON_DIMENSIONS,
            _certified(_track),
            gettext_lazy("Certificate issue dates."),
        )
    )
