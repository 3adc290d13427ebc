"""Self check-in: a short-lived code (and QR) shown by the trainer, typed by the trainee, confirmed by the trainer."""

import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.tenancy import program_scope
from training import services
from training.models import Attendance, AttendanceChange, CheckIn, Session

CHECKIN = reverse("training:checkin")


def checkins(session):
    with scopes_disabled():
        return list(CheckIn.objects.filter(session=session))


def test_the_trainer_shows_a_code_and_its_qr_the_trainee_checks_in_and_the_trainer_confirms(client, world):
    pw = world.a
    ambassador, trainer = pw.trainees[roles.AMBASSADOR], pw.users[roles.TRAINER]
    with scopes_disabled():
        pw.own_cohort.trainer_assignments.create(program=pw.program, trainer=trainer)
    client.force_login(trainer)
    code_url = reverse("training:session_code", args=[pw.own_session.pk])
    assert client.post(code_url).status_code == 302
    page = client.get(code_url).content.decode()
    code = re.search(r"data-checkin-code>(\w{6})<", page).group(1)
    assert code != pw.checkin_code  # a new code replaces the old one

    qr = client.get(reverse("training:session_qr", args=[pw.own_session.pk]))
    assert qr["Content-Type"] == "image/svg+xml"
    svg = ElementTree.fromstring(qr.content)
    assert svg.tag.endswith("svg") and b"<script" not in qr.content and b"style=" not in qr.content

    client.force_login(ambassador.user)
    assert client.get(f"{CHECKIN}?code={code}").content.decode().count(f'value="{code}"') == 1  # QR prefills it
    response = client.post(CHECKIN, {"code": f" {code[:3].lower()} {code[3:]} "})
    assert response.status_code == 302
    assert [c.trainee_id for c in checkins(pw.own_session)] == [ambassador.pk]
    mine = client.get(reverse("training:my_training")).content.decode()
    assert "data-checkin-pending" in mine

    client.force_login(trainer)
    assert ambassador.user.full_name in client.get(code_url).content.decode()
    assert client.post(reverse("training:session_confirm", args=[pw.own_session.pk])).status_code == 302
    with scopes_disabled():
        mark = Attendance.objects.get(session=pw.own_session, trainee=ambassador)
        assert (mark.status, mark.source, mark.recorded_by) == ("present", "checkin", trainer)
        change = AttendanceChange.objects.get(session=pw.own_session, trainee=ambassador)
        assert change.changed_by == trainer and change.new_status == "present"
        assert CheckIn.objects.get(session=pw.own_session).confirmed_by == trainer

    client.force_login(ambassador.user)
    mine = client.get(reverse("training:my_training")).content.decode()
    assert "data-checkin-pending" not in mine
    assert re.search(r'data-attendance-percent="100"', mine)  # the past session and this one: both present


def test_an_expired_code_is_refused_with_a_clear_message(client, world):
    pw = world.a
    with scopes_disabled():
        Session.objects.filter(pk=pw.own_session.pk).update(checkin_expires_at=timezone.now() - timedelta(minutes=1))
    client.force_login(pw.users[roles.AMBASSADOR])
    response = client.post(CHECKIN, {"code": pw.checkin_code})
    assert response.status_code == 400
    assert "expired" in _error(pw, pw.checkin_code)
    assert checkins(pw.own_session) == []


def _error(pw, code, who=roles.AMBASSADOR) -> str:
    with program_scope(pw.program.pk), pytest.raises(ValidationError) as caught:
        services.checkin_submit(trainee=pw.trainees[who], code=code, actor=pw.users[who])
    return caught.value.code


def test_a_code_of_another_cohort_or_of_nothing_is_refused(client, world):
    pw = world.a
    client.force_login(pw.users[roles.AMBASSADOR])
    response = client.post(CHECKIN, {"code": pw.class_checkin_code})  # the trainer's cohort's code, not hers
    assert response.status_code == 400
    assert _error(pw, pw.class_checkin_code) == "unknown"
    assert _error(pw, "ABCDEF") == "unknown"
    assert checkins(pw.session) == [] and checkins(pw.own_session) == []
    # another program's code is just as unknown
    assert _error(pw, world.b.checkin_code) == "unknown"


def test_a_trainee_without_a_running_cohort_cannot_check_in(world):
    pw = world.a
    assert _error(pw, pw.checkin_code, who=roles.OPERATOR) == "unknown"


def test_guessing_codes_is_throttled(world):
    pw = world.a
    for _ in range(services.CHECKIN_MAX_FAILURES):
        assert _error(pw, "ZZZZZZ") == "unknown"
    assert _error(pw, pw.checkin_code) == "throttled"  # even the right code waits now


def test_a_code_can_only_be_shown_during_the_session_window(world):
    pw = world.a
    with program_scope(pw.program.pk):
        session = Session.objects.select_related("cohort").get(pk=pw.future_session.pk)
        with pytest.raises(ValidationError) as caught:
            services.checkin_open(session=session, actor=pw.users[roles.TRAINER])
    assert caught.value.code == "window"


def test_checking_in_twice_keeps_one_check_in(world):
    pw = world.a
    with program_scope(pw.program.pk):
        first = services.checkin_submit(
            trainee=pw.trainees[roles.AMBASSADOR], code=pw.checkin_code, actor=pw.users[roles.AMBASSADOR]
        )
        second = services.checkin_submit(
            trainee=pw.trainees[roles.AMBASSADOR], code=pw.checkin_code, actor=pw.users[roles.AMBASSADOR]
        )
    assert first.pk == second.pk and len(checkins(pw.own_session)) == 1


def test_someone_cannot_check_in_for_another_trainee(world):
    pw = world.a
    with program_scope(pw.program.pk), pytest.raises(PermissionDenied):
        services.checkin_submit(
            trainee=pw.trainees[roles.AMBASSADOR], code=pw.checkin_code, actor=pw.users[roles.OPERATOR]
        )


def test_the_qr_is_not_found_when_no_code_is_valid(client, world):
    pw = world.a
    client.force_login(pw.users[roles.TRAINER])
    assert client.get(reverse("training:session_qr", args=[pw.past_session.pk])).status_code == 404
