"""Aggregates for stakeholders: counts only, with any group smaller than the threshold suppressed."""

from django.db.models import Count

from firms.models import Firm
from training.models import Trainee

SUPPRESS_BELOW = 5


def _suppressed(rows):
    return [(label, n if n >= SUPPRESS_BELOW else None) for label, n in rows]


def firms_by_province(*, audience):
    rows = (
        Firm.objects.filter(program_id=audience.program_id)
        .values_list("province__name")
        .annotate(n=Count("id"))
        .order_by("province__name")
    )
    return _suppressed(rows)


def trainees_by_track(*, audience):
    labels = dict(Trainee.Track.choices)
    rows = (
        Trainee.objects.filter(program_id=audience.program_id)
        .values_list("track")
        .annotate(n=Count("id"))
        .order_by("track")
    )
    return _suppressed((labels[track], n) for track, n in rows)
