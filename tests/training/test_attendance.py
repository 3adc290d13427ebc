"""Trainers take attendance on a phone; every change is kept; nothing is lost or half-written."""

import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.models import AuditEvent
from portal.tenancy import program_scope
from training import services
from training.models import Attendance, AttendanceChange, Session


def sheet_url(session):
    return reverse("training:session_attendance", args=[session.pk])


def post_sheet(client, session, marks, *, version, correction_reason=""):
    data = {"version": version, "correction_reason": correction_reason}
    for trainee, (status, reason) in marks.items():
        data[f"status-{trainee.pk}"] = status
        data[f"reason-{trainee.pk}"] = reason
    return client.post(sheet_url(session), data)


def rows(session):
    with scopes_disabled():
        return {a.trainee_id: (a.status, a.reason) for a in Attendance.objects.filter(session=session)}


def test_the_sheet_opens_with_everyone_present_and_saving_records_each_mark_with_history(client, world):
    pw = world.a
    a, b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    html = client.get(sheet_url(pw.session)).content.decode()
    assert html.count('value="present" autocomplete="off" checked') == 2
    assert 'name="version" value="0"' in html

    response = post_sheet(client, pw.session, {a: ("present", ""), b: ("excused", "Hastane randevusu")}, version=0)

    assert response.status_code == 302
    assert rows(pw.session) == {a.pk: ("present", ""), b.pk: ("excused", "Hastane randevusu")}
    with scopes_disabled():
        history = list(AttendanceChange.objects.filter(session=pw.session).order_by("trainee_id"))
        assert [(h.old_status, h.new_status, h.changed_by) for h in history] == [
            ("", "present", pw.users[roles.TRAINER]),
            ("", "excused", pw.users[roles.TRAINER]),
        ]
        assert Session.objects.get(pk=pw.session.pk).attendance_version == 1
        assert AuditEvent.objects.filter(action="attendance.record", target_id=str(pw.session.pk)).count() == 1
    page = client.get(sheet_url(pw.session)).content.decode()
    assert "Hastane randevusu" in page and 'name="version" value="1"' in page


def test_an_excused_absence_without_a_reason_is_refused_and_nothing_is_written(client, world):
    pw = world.a
    a, b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    response = post_sheet(client, pw.session, {a: ("present", ""), b: ("excused", "  ")}, version=0)
    assert response.status_code == 400
    assert b.user.full_name in response.content.decode()
    assert rows(pw.session) == {}
    # what she had typed is still on the sheet
    assert f'id="s-{b.pk}-excused" value="excused" autocomplete="off" checked' in response.content.decode()


def test_attendance_for_a_trainee_not_in_the_cohort_is_refused_whole(client, world):
    pw = world.a
    a, _b = pw.class_trainees
    outsider = pw.trainees[roles.AMBASSADOR]  # in another cohort of the same program
    client.force_login(pw.users[roles.TRAINER])
    response = post_sheet(client, pw.session, {a: ("present", ""), outsider: ("present", "")}, version=0)
    assert response.status_code == 400
    assert str(outsider.pk) in response.content.decode()
    assert rows(pw.session) == {}
    with scopes_disabled():
        assert Session.objects.get(pk=pw.session.pk).attendance_version == 0


def test_a_correction_needs_a_reason_and_keeps_who_when_old_and_new(client, world):
    pw = world.a
    a, b = pw.class_trainees  # both recorded present at the past session (version 1)
    client.force_login(pw.users[roles.STAFF])
    refused = post_sheet(client, pw.past_session, {a: ("absent", ""), b: ("present", "")}, version=1)
    assert refused.status_code == 400
    assert rows(pw.past_session)[a.pk] == ("present", "")

    saved = post_sheet(
        client, pw.past_session, {a: ("absent", ""), b: ("present", "")}, version=1, correction_reason="Yanlış girilmiş"
    )
    assert saved.status_code == 302
    assert rows(pw.past_session)[a.pk] == ("absent", "")
    with scopes_disabled():
        change = AttendanceChange.objects.filter(session=pw.past_session, trainee=a).first()
        assert (change.old_status, change.new_status, change.why) == ("present", "absent", "Yanlış girilmiş")
        assert change.changed_by == pw.users[roles.STAFF] and change.session_version == 2
        assert AttendanceChange.objects.filter(session=pw.past_session, trainee=b).count() == 1  # unchanged: no row
    history = client.get(sheet_url(pw.past_session)).content.decode()
    assert "Yanlış girilmiş" in history


def test_two_people_saving_the_same_sheet_the_second_gets_a_clear_conflict_and_loses_nothing_silently(client, world):
    pw = world.a
    a, b = pw.class_trainees
    trainer, staff = pw.users[roles.TRAINER], pw.users[roles.STAFF]
    # Both opened the sheet at version 0. The trainer saves first.
    client.force_login(trainer)
    assert post_sheet(client, pw.session, {a: ("late", ""), b: ("present", "")}, version=0).status_code == 302
    # The staff member's save, made from the sheet she loaded before, is refused with who and when.
    client.force_login(staff)
    response = post_sheet(client, pw.session, {a: ("absent", ""), b: ("absent", "")}, version=0)
    assert response.status_code == 409
    html = response.content.decode()
    assert trainer.full_name in html
    assert 'name="version" value="1"' in html  # the sheet now shows the saved version to work from
    assert rows(pw.session) == {a.pk: ("late", ""), b.pk: ("present", "")}
    with scopes_disabled():
        assert AttendanceChange.objects.filter(session=pw.session).count() == 2
    # Reloaded, she corrects with a reason: both changes are in the history.
    assert (
        post_sheet(
            client, pw.session, {a: ("absent", ""), b: ("present", "")}, version=1, correction_reason="Gelmedi"
        ).status_code
        == 302
    )
    with scopes_disabled():
        trail = list(AttendanceChange.objects.filter(session=pw.session, trainee=a).order_by("pk"))
    assert [(c.old_status, c.new_status, c.changed_by) for c in trail] == [
        ("", "late", trainer),
        ("late", "absent", staff),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two real concurrent transactions need PostgreSQL")
def test_two_simultaneous_saves_one_wins_the_other_is_told(world):
    pw = world.a
    a, _b = pw.class_trainees
    barrier = threading.Barrier(2)
    outcomes = []

    def save(actor, status):
        try:
            with program_scope(pw.program.pk):
                session = Session.objects.select_related("cohort").get(pk=pw.session.pk)
                barrier.wait()
                services.attendance_record(session=session, actor=actor, marks={a.pk: (status, "")}, expected_version=0)
            outcomes.append(("saved", status))
        except services.AttendanceConflict:
            outcomes.append(("conflict", status))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(pw.users[roles.TRAINER], "late")),
        threading.Thread(target=save, args=(pw.users[roles.STAFF], "absent")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(kind for kind, _ in outcomes) == ["conflict", "saved"]
    winner = next(status for kind, status in outcomes if kind == "saved")
    assert rows(pw.session) == {a.pk: (winner, "")}
    with scopes_disabled():
        assert AttendanceChange.objects.filter(session=pw.session).count() == 1
        assert Session.objects.get(pk=pw.session.pk).attendance_version == 1


def test_attendance_cannot_be_taken_before_the_session_starts(client, world):
    pw = world.a
    a, _b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    response = post_sheet(client, pw.future_session, {a: ("present", "")}, version=0)
    assert response.status_code == 400
    assert rows(pw.future_session) == {}


def test_a_trainer_cannot_see_or_save_the_sheet_of_a_cohort_she_does_not_teach(client, world):
    pw = world.a
    client.force_login(pw.users[roles.TRAINER])
    assert client.get(sheet_url(pw.own_session)).status_code == 404
    response = client.post(
        sheet_url(pw.own_session), {"version": 0, f"status-{pw.trainees[roles.AMBASSADOR].pk}": "absent"}
    )
    assert response.status_code == 404
    assert rows(pw.own_session) == {}


def test_finance_reads_the_sheet_but_cannot_change_it(client, world):
    pw = world.a
    a, _b = pw.class_trainees
    client.force_login(pw.users[roles.FINANCE])
    html = client.get(sheet_url(pw.past_session)).content.decode()
    assert a.user.full_name in html and 'name="version"' not in html
    assert post_sheet(client, pw.past_session, {a: ("absent", "")}, version=1).status_code == 403
    assert rows(pw.past_session)[a.pk] == ("present", "")


def test_a_service_call_by_someone_who_does_not_teach_the_cohort_is_refused(pw):
    from django.core.exceptions import PermissionDenied

    a, _b = pw.class_trainees
    session = Session.objects.select_related("cohort").get(pk=pw.session.pk)
    for outsider in (pw.users[roles.FINANCE], pw.users[roles.AMBASSADOR]):
        with pytest.raises(PermissionDenied):
            services.attendance_record(
                session=session, actor=outsider, marks={a.pk: ("present", "")}, expected_version=0
            )


def test_the_cohort_sheet_shows_every_trainee_across_sessions_with_her_rate(client, world):
    pw = world.a
    a, b = pw.class_trainees
    with program_scope(pw.program.pk):
        session = Session.objects.select_related("cohort").get(pk=pw.session.pk)
        services.attendance_record(
            session=session,
            actor=pw.users[roles.TRAINER],
            marks={a.pk: ("absent", ""), b.pk: ("late", "")},
            expected_version=0,
        )
    client.force_login(pw.users[roles.TRAINER])
    html = client.get(reverse("training:cohort_attendance", args=[pw.cohort.pk])).content.decode()
    assert a.user.full_name in html and b.user.full_name in html
    assert '<td class="text-danger fw-bold">50</td>' in html  # present once, absent once: below the 80% minimum
    assert '<td class="">100</td>' in html  # present then late: late counts as attended by default
    assert timezone.localtime(pw.past_session.starts_at).strftime("%d.%m") in html
    assert f'title="{pw.future_session.module.title}"' in html  # future sessions have their column too
