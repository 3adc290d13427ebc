"""The assessment pages take a fixed number of SQL queries whatever the number of assessments, scores, pool
firms, transitions or evidence (n rows, then 10×n)."""

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import (
    Assessment,
    AssessmentTransition,
    AssessorAssignment,
    Evidence,
    Publication,
    PublishedScore,
    Score,
)
from portal import roles
from tests.assessments.helpers import version
from tests.factories import FirmFactory, province
from tests.helpers import assert_constant_queries

PLATES = [34, 6, 35, 45, 41]


def _assessments(pw, n, *, firm=None, lead=None, published=False):
    """n assessments with an assessor, 16 bands each (and a current publication when `published`)."""
    siri = version("SIRI")
    dims = list(siri.dimensions.order_by("order"))
    staff = pw.users[roles.STAFF]
    with scopes_disabled():
        for i in range(n):
            f = firm or FirmFactory(program=pw.program, province=province(PLATES[i % 5]))
            a = Assessment.objects.create(
                program=pw.program,
                firm=f,
                framework=siri.framework,
                version=siri,
                status=Assessment.Status.PUBLISHED if published else Assessment.Status.EVALUATION,
                created_by=staff,
            )
            AssessorAssignment.objects.create(
                program=pw.program, assessment=a, firm=f, user=lead or pw.assessor2, is_lead=True
            )
            AssessmentTransition.objects.create(
                program=pw.program, assessment=a, firm=f, to_status=a.status, actor=staff
            )
            Score.objects.bulk_create(
                Score(
                    program=pw.program,
                    assessment=a,
                    firm=f,
                    dimension=d,
                    source=source,
                    band=(i + j) % 6,
                    updated_by=staff,
                )
                for j, d in enumerate(dims)
                for source in ("self", "assessor")
            )
            if published:
                p = Publication.objects.create(
                    program=pw.program,
                    assessment=a,
                    firm=f,
                    framework=siri.framework,
                    number=1,
                    published_by=staff,
                    is_current=True,
                )
                PublishedScore.objects.bulk_create(
                    PublishedScore(program=pw.program, publication=p, firm=f, dimension=d, band=(i + j) % 6)
                    for j, d in enumerate(dims)
                )


def more_assessments(world):
    return lambda n: _assessments(world.a, n)


def more_of_mine(world):
    return lambda n: _assessments(world.a, n, lead=world.a.users[roles.ASSESSOR])


def more_of_our_firm(world):
    return lambda n: _assessments(world.a, n, firm=world.a.firms[0]) or _assessments(world.a, n, published=True)


def more_pool_and_history(world):
    """More firms in the benchmark pool, and more transitions and evidence on the page's assessment."""

    def grow(n):
        _assessments(world.a, n, published=True)
        a = world.a.assessment
        with scopes_disabled():
            for _ in range(n):
                AssessmentTransition.objects.create(
                    program=world.a.program,
                    assessment=a,
                    firm=a.firm,
                    from_status="published",
                    to_status="published",
                    actor=world.a.users[roles.STAFF],
                )
                Evidence.objects.create(
                    program=world.a.program,
                    assessment=a,
                    firm=a.firm,
                    file="assessments/test-world/evidence-a.pdf",
                    original_name="foto.jpg",
                    uploaded_by=world.a.users[roles.ASSESSOR],
                )

    return grow


@pytest.mark.parametrize(
    ("role", "url", "grower"),
    [
        (roles.STAFF, lambda w: reverse("assessments:staff_overview"), more_assessments),
        (roles.ASSESSOR, lambda w: reverse("assessments:assessor_home"), more_of_mine),
        (roles.FIRM, lambda w: reverse("assessments:firm_home"), more_of_our_firm),
        (
            roles.FIRM,
            lambda w: reverse("assessments:assessment_detail", args=[w.a.assessment.pk]),
            more_pool_and_history,
        ),
        (
            roles.ASSESSOR,
            lambda w: reverse("assessments:assessment_detail", args=[w.a.assessment.pk]),
            more_pool_and_history,
        ),
        (roles.FIRM, lambda w: reverse("assessments:benchmark", args=[w.a.assessment.pk]), more_pool_and_history),
        (
            roles.ASSESSOR,
            lambda w: reverse("assessments:evaluation", args=[w.a.assessor_assessment.pk]),
            more_assessments,
        ),
        (roles.FIRM, lambda w: reverse("assessments:self_assessment", args=[w.a.reassessment.pk]), more_assessments),
        (roles.FIRM, lambda w: reverse("assessments:roadmap", args=[w.a.assessment.pk]), more_pool_and_history),
    ],
)
def test_page_query_count_does_not_grow_with_data(client, world, role, url, grower):
    client.force_login(world.a.users[role])
    count = assert_constant_queries(client, url(world), grow=grower(world), n=3)
    assert count < 40, f"{url(world)} takes {count} queries"
