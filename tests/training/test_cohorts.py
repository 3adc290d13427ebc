"""Staff build cohorts, assign trainers, enrol, transfer and withdraw trainees, each with its reason kept."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from portal import roles
from portal.models import AuditEvent
from tests.factories import TraineeFactory, UserFactory
from tests.training.builders import new_cohort
from training import services
from training.models import Cohort, CohortTrainer, Enrolment, Session, Trainee


def test_staff_create_a_cohort_assign_a_trainer_and_plan_a_session(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    today = timezone.localdate()
    in_person_without_province = {
        "code": "EL-IZM-02",
        "name": "Değişim Elçileri İzmir 2",
        "curriculum": pw.curriculum.pk,
        "mode": "in_person",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=120)).isoformat(),
        "capacity": 20,
    }
    assert client.post(reverse("training:cohort_new"), in_person_without_province).status_code == 400
    response = client.post(
        reverse("training:cohort_new"),
        {
            "code": "EL-ONL-02",
            "name": "Değişim Elçileri Çevrim İçi",
            "curriculum": pw.curriculum.pk,
            "mode": "online",
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=120)).isoformat(),
            "capacity": 20,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        cohort = Cohort.objects.get(code="EL-ONL-02")
    assert cohort.track == "ambassador" and cohort.province is None

    trainer = pw.users[roles.TRAINER]
    client.post(reverse("training:cohort_trainer_add", args=[cohort.pk]), {"trainer": trainer.pk})
    client.post(reverse("training:cohort_trainer_add", args=[cohort.pk]), {"trainer": pw.users[roles.FINANCE].pk})
    with scopes_disabled():
        assert list(CohortTrainer.objects.filter(cohort=cohort).values_list("trainer", flat=True)) == [trainer.pk]

    start = timezone.localtime() + timedelta(days=2)
    session_url = reverse("training:session_new", args=[cohort.pk])
    data = {
        "module": pw.modules[0].pk,
        "starts_at": start.strftime("%Y-%m-%dT10:00"),
        "ends_at": start.strftime("%Y-%m-%dT13:00"),
        "trainer": trainer.pk,
    }
    assert client.post(session_url, data).status_code == 400  # an online session needs its link
    assert client.post(session_url, {**data, "online_link": "https://meet.example.test/elci"}).status_code == 302
    with scopes_disabled():
        session = Session.objects.get(cohort=cohort)
    assert session.trainer == trainer and timezone.localtime(session.starts_at).hour == 10

    # the newly assigned trainer now finds the cohort on her phone
    client.force_login(trainer)
    assert cohort.name in client.get(reverse("training:trainer_home")).content.decode()


@translation.override("en")  # the messages are matched in their English source form
def test_enrolment_checks_track_capacity_and_a_second_cohort(pw):
    staff = pw.users[roles.STAFF]
    small = new_cohort(pw, code="KUCUK", capacity=1)
    newcomer = TraineeFactory(program=pw.program, user=UserFactory())
    services.enrolment_create(trainee=newcomer, cohort=small, actor=staff)
    assert Trainee.objects.get(pk=newcomer.pk).status == Trainee.Status.ACTIVE
    late = TraineeFactory(program=pw.program, user=UserFactory())
    with pytest.raises(ValidationError, match="full"):
        services.enrolment_create(trainee=late, cohort=small, actor=staff)
    with pytest.raises(ValidationError, match="already"):
        services.enrolment_create(trainee=newcomer, cohort=new_cohort(pw, code="IKINCI"), actor=staff)
    operator = TraineeFactory(program=pw.program, user=UserFactory(), track="operator")
    with pytest.raises(ValidationError, match="track"):
        services.enrolment_create(trainee=operator, cohort=new_cohort(pw, code="UCUNCU"), actor=staff)
    with pytest.raises(PermissionDenied):
        services.enrolment_create(trainee=late, cohort=new_cohort(pw, code="DORDUNCU"), actor=pw.users[roles.TRAINER])


def test_a_transfer_ends_the_old_enrolment_with_its_reason_and_keeps_her_attendance(client, world):
    pw = world.a
    ambassador = pw.trainees[roles.AMBASSADOR]
    client.force_login(pw.users[roles.STAFF])
    url = reverse("training:enrolment_transfer", args=[pw.enrolment.pk])
    assert pw.cohort.name in client.get(url).content.decode()
    assert client.post(url, {"to_cohort": pw.cohort.pk, "reason": ""}).status_code == 400
    assert client.post(url, {"to_cohort": pw.cohort.pk, "reason": "İzmir'e taşındı"}).status_code == 302
    with scopes_disabled():
        old = Enrolment.objects.get(pk=pw.enrolment.pk)
        new = Enrolment.objects.get(trainee=ambassador, status="active")
        assert (old.status, old.end_reason, old.transferred_to, old.ended_by) == (
            "transferred", "İzmir'e taşındı", new, pw.users[roles.STAFF]
        )  # fmt: skip
        assert new.cohort == pw.cohort
        assert AuditEvent.objects.filter(action="enrolment.transfer", target_id=str(old.pk)).exists()
    # her earlier attendance stays on her page; she now sees her new cohort
    client.force_login(ambassador.user)
    page = client.get(reverse("training:my_training")).content.decode()
    assert pw.cohort.name in page and "İzmir&#x27;e taşındı" in page
    assert 'data-attendance-percent="100"' in page
    # an ended enrolment cannot change again
    client.force_login(pw.users[roles.STAFF])
    assert client.post(url, {"to_cohort": pw.cohort.pk, "reason": "tekrar"}).status_code == 400


def test_a_withdrawal_needs_a_reason_and_marks_the_trainee_withdrawn(client, world):
    pw = world.a
    client.force_login(pw.users[roles.STAFF])
    url = reverse("training:enrolment_withdraw", args=[pw.enrolment.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Tam zamanlı işe başladı"}).status_code == 302
    with scopes_disabled():
        enrolment = Enrolment.objects.get(pk=pw.enrolment.pk)
        trainee = Trainee.objects.get(pk=pw.trainees[roles.AMBASSADOR].pk)
    assert (enrolment.status, enrolment.end_reason, enrolment.ended_on) == (
        "withdrawn", "Tam zamanlı işe başladı", timezone.localdate()
    )  # fmt: skip
    assert trainee.status == "withdrawn"
    detail = client.get(reverse("training:cohort_detail", args=[pw.own_cohort.pk])).content.decode()
    assert "Tam zamanlı işe başladı" in detail


def test_staff_enrol_a_trainee_from_the_cohort_page(client, world):
    pw = world.a
    newcomer = TraineeFactory(program=pw.program, user=UserFactory(full_name="Yeni Kursiyer"))
    client.force_login(pw.users[roles.STAFF])
    url = reverse("training:cohort_enrol", args=[pw.cohort.pk])
    html = client.get(url).content.decode()
    assert "Yeni Kursiyer" in html
    assert pw.trainees[roles.AMBASSADOR].user.full_name not in html  # already in a cohort
    assert client.post(url, {"trainee": newcomer.pk}).status_code == 302
    with scopes_disabled():
        assert Enrolment.objects.get(trainee=newcomer).cohort == pw.cohort
