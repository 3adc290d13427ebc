"""`seed_demo` gives SIRI and COSIRI assessments in every state, a firm with T0 and T1, roadmaps with PDFs —
and a second run changes nothing."""

from django.core.management import call_command
from django_scopes import scopes_disabled

from assessments.models import (
    Assessment,
    AssessmentTransition,
    Publication,
    RoadmapDocument,
    RoadmapItem,
    Score,
)


def counts():
    with scopes_disabled():
        return [
            m.objects.count()
            for m in (Assessment, AssessmentTransition, Score, Publication, RoadmapItem, RoadmapDocument)
        ]


def test_the_demo_has_every_state_and_can_be_seeded_twice(db, capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    with scopes_disabled():
        states = set(Assessment.objects.values_list("status", flat=True))
        assert states == set(Assessment.Status.values)
        assert set(Assessment.objects.values_list("framework__code", flat=True)) == {"SIRI", "COSIRI"}
        follow_up = Assessment.objects.get(baseline__isnull=False)
        assert follow_up.firm_id == follow_up.baseline.firm_id  # one firm with T0 and T1
        assert Publication.objects.filter(assessment=follow_up).exists()
        documents = RoadmapDocument.objects.all()
        assert documents.count() == 2 and all(d.file.size > 1000 for d in documents)
    capsys.readouterr()
