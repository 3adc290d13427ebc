"""The assessment workflow: scheduled → self-assessment → evaluation → review → published, revision after
publication; every move recorded with who, when, from, to and why."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from assessments.models import Assessment, AssessmentTransition, AssessorAssignment, Publication, Roadmap
from assessments.selectors import dimension_changes
from portal import roles
from portal.models import AuditEvent
from portal.tenancy import program_scope
from tests.assessments.helpers import Flow, new_assessor
from tests.factories import FirmFactory

S = Assessment.Status


def test_staff_schedule_an_assessment_with_a_lead_and_co_assessors(client, world):
    co = new_assessor(world.a.program, "Eş Değerlendirici")
    client.force_login(world.a.users[roles.STAFF])
    firm = world.a.firms[1]
    page = client.get(reverse("assessments:assessment_new"))
    assert firm.name in page.content.decode()
    from tests.assessments.helpers import version

    response = client.post(
        reverse("assessments:assessment_new"),
        {
            "firm": firm.pk,
            "version": version("SIRI").pk,
            "lead": world.a.users[roles.ASSESSOR].pk,
            "co_assessors": [co.pk],
            "site": "Gebze fabrikası",
            "size_class": "small",
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-02",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        a = Assessment.objects.exclude(pk__in=[world.a.other_assessment.pk]).get(firm=firm, site="Gebze fabrikası")
        assert a.status == S.SCHEDULED
        assert {(x.user_id, x.is_lead) for x in a.assignments.all()} == {
            (world.a.users[roles.ASSESSOR].pk, True),
            (co.pk, False),
        }
        assert a.transitions.get().to_status == S.SCHEDULED


def test_only_assessors_of_the_programme_can_be_assigned(client, world):
    client.force_login(world.a.users[roles.STAFF])
    from tests.assessments.helpers import version

    response = client.post(
        reverse("assessments:assessment_new"),
        {"firm": world.a.firms[0].pk, "version": version("SIRI").pk, "lead": world.a.users[roles.TRAINER].pk},
    )
    assert response.status_code == 400  # the trainer is not even offered


def test_the_whole_path_is_recorded(world):
    flow = Flow(world.a)
    a = flow.schedule(world.a.firms[1])
    a = flow.to_evaluation(a)
    flow.bands(a, 3, note="Gözlem")
    a = flow.move(a, "submit_for_review")
    a = flow.move(a, "return_to_evaluation", reason="SIRI-04 kanıtı eksik")
    a = flow.move(a, "submit_for_review")
    a = flow.move(a, "publish")
    assert a.status == S.PUBLISHED
    with scopes_disabled():
        moves = list(a.transitions.values_list("from_status", "to_status", "actor_id", "reason"))
        events = set(AuditEvent.objects.filter(target_id=str(a.pk)).values_list("action", flat=True))
    staff, assessor = world.a.users[roles.STAFF].pk, world.a.users[roles.ASSESSOR].pk
    assert moves == [
        ("", S.SCHEDULED, staff, ""),
        (S.SCHEDULED, S.SELF_ASSESSMENT, staff, ""),
        (S.SELF_ASSESSMENT, S.EVALUATION, staff, ""),
        (S.EVALUATION, S.REVIEW, assessor, ""),
        (S.REVIEW, S.EVALUATION, assessor, "SIRI-04 kanıtı eksik"),
        (S.EVALUATION, S.REVIEW, assessor, ""),
        (S.REVIEW, S.PUBLISHED, assessor, ""),
    ]
    assert {"assessment.schedule", "assessment.publish", "assessment.return_to_evaluation"} <= events


def test_a_move_that_needs_a_reason_is_refused_without_one(world):
    flow = Flow(world.a)
    a = flow.publish(flow.schedule(world.a.firms[1]))
    with pytest.raises(ValidationError) as refused:
        flow.move(a, "open_revision", reason="  ")
    assert list(refused.value.message_dict) == ["reason"]
    assert flow.fresh(a).status == S.PUBLISHED


def test_review_needs_every_dimension_banded(world):
    flow = Flow(world.a)
    a = flow.to_evaluation(flow.schedule(world.a.firms[1]))
    flow.bands(a, [2] * 15)
    with pytest.raises(ValidationError) as refused:
        flow.move(a, "submit_for_review")
    assert refused.value.code == "incomplete" and "15" in refused.value.messages[0]


def test_who_may_make_which_move(world):
    flow = Flow(world.a)
    co = new_assessor(world.a.program)
    a = flow.schedule(world.a.firms[1], co=[co])
    a = flow.to_evaluation(a)
    flow.bands(a, 2, by=co)  # a co-assessor enters bands …
    a = flow.move(a, "submit_for_review", by=co)  # … and submits them
    with pytest.raises(PermissionDenied):
        flow.move(a, "publish", by=co)  # but only the lead (or staff) publishes
    with pytest.raises(PermissionDenied):
        flow.move(a, "publish", by=world.a.users[roles.FINANCE])
    with pytest.raises(PermissionDenied):
        flow.move(a, "publish", by=world.a.other_firm_user)  # the firm of this assessment
    assert flow.move(a, "publish", by=world.a.users[roles.STAFF]).status == S.PUBLISHED


def test_a_move_from_the_wrong_state_is_refused(world):
    flow = Flow(world.a)
    a = flow.schedule(world.a.firms[1])
    with pytest.raises(ValidationError) as refused:
        flow.move(a, "publish")
    assert refused.value.code == "bad_state"


def test_a_revision_keeps_the_published_result_readable_until_the_next_publication(client, world):
    flow = Flow(world.a)
    firm_user = world.a.other_firm_user
    a = flow.publish(flow.schedule(world.a.firms[1]), bands=2)
    a = flow.move(a, "open_revision", reason="Firma yeni kanıt sundu")
    flow.bands(a, 4)
    client.force_login(firm_user)
    html = client.get(reverse("assessments:assessment_detail", args=[a.pk])).content.decode()
    assert "data-band>2<" in html and "data-band>4<" not in html  # the firm still reads publication 1
    flow.move(a, "submit_for_review")
    flow.move(a, "publish")
    html = client.get(reverse("assessments:assessment_detail", args=[a.pk])).content.decode()
    assert "data-band>4<" in html
    with scopes_disabled():
        publications = list(Publication.objects.filter(assessment=a).order_by("number"))
        assert [(p.number, p.is_current) for p in publications] == [(1, False), (2, True)]
        assert publications[1].reason == "Firma yeni kanıt sundu"
        assert {s.band for s in publications[0].scores.all()} == {2}  # the first stays as it was
        assert Roadmap.objects.filter(assessment=a).count() == 1  # drafted once, kept


def test_a_second_assessment_is_compared_with_the_first(client, world):
    flow = Flow(world.a)
    firm = world.a.firms[1]
    t0 = flow.publish(flow.schedule(firm), bands=[1] * 16)
    t1 = flow.schedule(firm)
    assert t1.baseline_id == t0.pk
    t1 = flow.publish(t1, bands=[3] * 8 + [1] * 8)
    with scopes_disabled():
        assert list(Publication.objects.filter(firm=firm, is_current=True).values_list("assessment", flat=True)) == [
            t1.pk
        ]
    client.force_login(world.a.other_firm_user)
    html = client.get(reverse("assessments:assessment_detail", args=[t1.pk])).content.decode()
    assert html.count("data-change>+2<") == 8 and html.count("data-change>0<") == 8
    with program_scope(world.a.program.pk):
        changes = dimension_changes(program_id=world.a.program.pk, framework_id=t1.framework_id)
    mine = [c for c in changes if c["firm_id"] == firm.pk]
    assert len(mine) == 16 and {(c["t0"], c["t1"]) for c in mine} == {(1, 3), (1, 1)}


def test_a_firm_cannot_be_scheduled_in_another_programme(world):
    flow = Flow(world.a)
    with pytest.raises(ValidationError):
        flow.schedule(world.b.firms[0])


def test_moves_through_the_page(client, world):
    flow = Flow(world.a)
    a = flow.to_evaluation(flow.schedule(world.a.firms[1]))
    flow.bands(a, 2)
    assessor = world.a.users[roles.ASSESSOR]
    client.force_login(assessor)
    detail = reverse("assessments:assessment_detail", args=[a.pk])
    assert 'data-move="submit_for_review"' in client.get(detail).content.decode()
    response = client.post(reverse("assessments:assessment_move", args=[a.pk, "submit_for_review"]))
    assert response.status_code == 302
    assert flow.fresh(a).status == S.REVIEW
    # a second click changes nothing and says so
    client.post(reverse("assessments:assessment_move", args=[a.pk, "submit_for_review"]))
    assert flow.fresh(a).status == S.REVIEW
    assert client.post(reverse("assessments:assessment_move", args=[a.pk, "no_such_move"])).status_code == 404
    with scopes_disabled():
        assert AssessmentTransition.objects.filter(assessment=a, to_status=S.REVIEW).count() == 1
        assert AssessorAssignment.objects.filter(assessment=a).count() == 1


def test_firms_in_the_pool_are_other_firms_of_the_programme(world):
    flow = Flow(world.a)
    firm = FirmFactory(program=world.a.program)
    a = flow.publish(flow.schedule(firm))
    with scopes_disabled():
        assert Publication.objects.get(assessment=a).is_current
