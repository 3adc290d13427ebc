"""`seed_scale` fills matching consistently: employments within each position's places, one active employment per
person, checkpoints after the start and never after an early end."""

from collections import Counter

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from matching.models import Employment, Position, RetentionCheckpoint

pytestmark = pytest.mark.django_db


def test_the_scale_seeder_keeps_places_and_dates_consistent():
    call_command("seed_scale", preset="tiny", code="scale-m1", json=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with scopes_disabled():
        positions = {(p.firm_id, p.track): p.count for p in Position.objects.filter(program__code="scale-m1")}
        employments = list(Employment.objects.filter(program__code="scale-m1").select_related("trainee"))
        assert positions and employments
        hosted = Counter((e.firm_id, e.trainee.track) for e in employments)
        assert all(n <= positions[key] for key, n in hosted.items())
        active = Counter(e.trainee_id for e in employments if e.status == "active")
        assert all(n == 1 for n in active.values())
        for c in RetentionCheckpoint.objects.filter(program__code="scale-m1").select_related("employment"):
            assert c.due_on > c.employment.start_date
            assert c.employment.terminated_on is None or c.employment.terminated_on >= c.due_on
