"""Training tells the trainee what concerns her: her enrolment, a changed or cancelled session, her month's
attendance nearing the stipend's threshold (read from the stipend rule, once a month), her certificate with its
verify link. Each once, in Turkish, by SMS too where she reads SMS. "Waiting for you" shows her sessions this week,
a missing IBAN and the certificate to download, in the same number of queries at n and 10×n."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from portal import roles
from portal.models import Notification
from portal.notifications import sms
from portal.tenancy import program_scope
from tests.factories import TraineeFactory
from tests.helpers import assert_constant_queries
from tests.training.builders import add_sessions, add_trainees, mark_all, new_cohort
from training import services
from training.models import Certificate, Session, Trainee


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def pw(world):
    """Program A of the test world, with its scope open (services and ORM reads need one)."""
    with program_scope(world.a.program.pk):
        yield world.a


@pytest.fixture
def sms_outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def _notes(kind, user=None):
    with scopes_disabled():
        rows = Notification.objects.filter(kind=kind)
        if user is not None:
            rows = rows.filter(recipient=user)
        return list(rows)


def _section(html):
    return html.split('id="waiting-for-you"')[1].split("</section>")[0]


def test_enrolment_reaches_her_by_sms_email_and_inbox_once(
    pw,
    sms_outbox,
    django_capture_on_commit_callbacks,
):
    trainee = TraineeFactory(program=pw.program, phone="+905551112233", status=Trainee.Status.ENROLLED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_create(trainee=trainee, cohort=pw.cohort, actor=pw.users[roles.STAFF])
    (note,) = _notes("training.enrolled", trainee.user)
    assert note.link == reverse("training:my_training")
    (email,) = [m for m in mail.outbox if m.to == [trainee.user.email]]
    assert email.subject == f"{pw.cohort.name} eğitim grubuna kaydoldunuz"
    (text,) = [s.text for s in sms_outbox if s.to == "+905551112233"]
    assert pw.cohort.name in text and reverse("training:my_training") in text


def test_moving_a_session_tells_its_trainees_once_and_cancelling_tells_them_why(
    pw, sms_outbox, django_capture_on_commit_callbacks
):
    trainer = pw.users[roles.TRAINER]
    cohort = new_cohort(pw, code="TASI-1", trainer=trainer)
    first, second = add_trainees(pw, cohort, 2)
    (session,) = add_sessions(pw, cohort, 1, first=timezone.now() + timedelta(days=2))
    later = session.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_update(
            session=session, actor=trainer, starts_at=later, ends_at=later + timedelta(hours=3), place="Gebze OSB"
        )
        session.refresh_from_db()
        services.session_update(  # saved again unchanged: nobody is told twice
            session=session, actor=trainer, starts_at=later, ends_at=later + timedelta(hours=3), place="Gebze OSB"
        )
    changed = _notes("training.session_changed")
    assert {n.recipient_id for n in changed} == {first.user_id, second.user_id}
    when = timezone.localtime(later).strftime("%d.%m.%Y %H:%M")
    assert all(n.subject.endswith(f"yeni zaman {when}") and "Gebze OSB" in n.body for n in changed)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_cancel(session=session, actor=trainer, reason="Eğitmen hastalandı")
    cancelled = _notes("training.session_cancelled")
    assert {n.recipient_id for n in cancelled} == {first.user_id, second.user_id}
    assert all("Eğitmen hastalandı" in n.body for n in cancelled)
    assert not Session.objects.filter(pk=session.pk).exists()


def test_a_started_session_can_be_neither_moved_nor_cancelled(pw):
    from django.core.exceptions import ValidationError

    trainer = pw.users[roles.TRAINER]
    cohort = new_cohort(pw, code="BASLADI", trainer=trainer)
    (session,) = add_sessions(pw, cohort, 1, first=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, actor=trainer, reason="Geç kaldık")
    assert not _notes("training.session_cancelled")


def test_her_attendance_nearing_the_stipend_threshold_is_told_once_a_month(
    pw, sms_outbox, django_capture_on_commit_callbacks
):
    """7 of 9 sessions (77 %) under the world's stipend rule of 80 %: warned; 9 of 9: not; saved again: once."""
    trainer = pw.users[roles.TRAINER]
    cohort = new_cohort(pw, code="DEVAM-1", trainer=trainer, days_ago=80)
    weak, strong = add_trainees(pw, cohort, 2)
    Trainee.objects.filter(pk=weak.pk).update(phone="+905559998877")
    month_start = timezone.localdate().replace(day=1)
    first = timezone.make_aware(
        timezone.datetime.combine(month_start - timedelta(days=20), timezone.datetime.min.time())
    )
    sessions = add_sessions(pw, cohort, 9, first=first + timedelta(hours=9))  # all in the previous month
    mark_all(pw, sessions[:7], [weak, strong])
    mark_all(pw, sessions[7:8], [weak], status="absent")
    mark_all(pw, sessions[7:8], [strong])
    last = sessions[8]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            session=last, actor=trainer, marks={weak.pk: ("absent", ""), strong.pk: ("present", "")}, expected_version=0
        )
    (note,) = _notes("training.attendance_low")
    assert note.recipient_id == weak.user_id
    assert note.subject == "Bu ayki devamınız %77 — burs için %80 gerekiyor"
    assert "9 oturumun 7 tanesine" in note.body
    (text,) = [s.text for s in sms_outbox if s.to == "+905559998877"]
    assert "%77" in text and "%80" in text
    with django_capture_on_commit_callbacks(execute=True):  # a correction later the same month: no second warning
        services.attendance_record(
            session=last,
            actor=trainer,
            marks={weak.pk: ("excused", "rapor"), strong.pk: ("present", "")},
            expected_version=1,
            correction_reason="Rapor getirdi",
        )
    assert len(_notes("training.attendance_low")) == 1


def test_the_threshold_is_the_stipend_rules(pw, django_capture_on_commit_callbacks):
    """With the rule at 50 %, 7 of 9 is far enough above: nobody is warned."""
    from stipends.models import StipendRule

    StipendRule.objects.filter(program=pw.program).update(attendance_threshold_percent=50)
    trainer = pw.users[roles.TRAINER]
    cohort = new_cohort(pw, code="DEVAM-2", trainer=trainer, days_ago=80)
    (weak,) = add_trainees(pw, cohort, 1)
    month_start = timezone.localdate().replace(day=1)
    first = timezone.make_aware(
        timezone.datetime.combine(month_start - timedelta(days=20), timezone.datetime.min.time())
    )
    sessions = add_sessions(pw, cohort, 9, first=first + timedelta(hours=9))
    mark_all(pw, sessions[:7], [weak])
    mark_all(pw, sessions[7:8], [weak], status="absent")
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            session=sessions[8], actor=trainer, marks={weak.pk: ("absent", "")}, expected_version=0
        )
    assert not _notes("training.attendance_low")


def test_the_certificate_ready_tells_her_with_the_verify_link_on_this_server(
    pw, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://127.0.0.1:8101"
    operator = pw.trainees[roles.OPERATOR]
    with scopes_disabled():
        Certificate.objects.filter(pk=pw.certificate.pk).update(file="")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_build(certificate_id=pw.certificate.pk)
        services.certificate_build(certificate_id=pw.certificate.pk)  # built already: not told again
    (note,) = _notes("training.certificate_ready", operator.user)
    verify = f"http://127.0.0.1:8101{reverse('training:certificate_verify')}?code={pw.certificate.code}"
    assert verify in note.body and note.subject.startswith("Tebrikler")
    (email,) = [m for m in mail.outbox if m.to == [operator.user.email]]
    assert verify in email.body


# --- waiting for you ----------------------------------------------------------------------------------------------


def test_the_trainee_sees_todays_session_and_her_missing_iban(client, world):
    ambassador = world.a.trainees[roles.AMBASSADOR]
    with scopes_disabled():
        soon = timezone.now() + timedelta(minutes=30)
        Session.objects.create(
            program=world.a.program,
            cohort=world.a.own_cohort,
            module=world.a.modules[0],
            starts_at=soon,
            ends_at=soon + timedelta(hours=2),
            place="Gebze OSB Eğitim Salonu",
        )
        Trainee.objects.filter(pk=ambassador.pk).update(iban_hash="")
    client.force_login(ambassador.user)
    section = _section(client.get(reverse("training:my_training")).content.decode())
    assert "oturumuna bugün saat" in section and "Gebze OSB Eğitim Salonu" in section
    assert reverse("training:my_iban") in section and "IBAN" in section


def test_the_graduate_sees_her_certificate_to_download(client, world):
    client.force_login(world.a.users[roles.OPERATOR])
    section = _section(client.get(reverse("training:my_training")).content.decode())
    assert reverse("training:certificate_download", args=[world.a.certificate.pk]) in section


def test_the_trainee_home_takes_the_same_queries_with_n_and_10n_sessions(client, world):
    def grow(n):
        with scopes_disabled():
            start = timezone.now() + timedelta(minutes=10)
            for i in range(n):
                Session.objects.create(
                    program=world.a.program,
                    cohort=world.a.own_cohort,
                    module=world.a.modules[0],
                    starts_at=start + timedelta(minutes=i),
                    ends_at=start + timedelta(minutes=i + 60),
                )

    client.force_login(world.a.users[roles.AMBASSADOR])
    assert_constant_queries(client, reverse("training:my_training"), grow=grow, n=3)


def test_the_trainer_moves_then_cancels_a_planned_session_from_her_phone(
    client, world, django_capture_on_commit_callbacks
):
    pw = world.a
    trainer = pw.users[roles.TRAINER]
    with scopes_disabled():
        (session,) = add_sessions(pw, pw.cohort, 1, first=timezone.now() + timedelta(days=3))
    client.force_login(trainer)
    detail = client.get(reverse("training:cohort_detail", args=[pw.cohort.pk])).content.decode()
    assert reverse("training:session_edit", args=[session.pk]) in detail
    later = timezone.localtime(session.starts_at + timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("training:session_edit", args=[session.pk]),
            {
                "module": session.module_id,
                "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
                "ends_at": (later + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
                "place": "Salon B",
            },
        )
    assert response.status_code == 302
    with scopes_disabled():
        told = {n.recipient_id for n in Notification.objects.filter(kind="training.session_changed")}
        assert told == {t.user_id for t in pw.class_trainees}
    response = client.post(reverse("training:session_edit", args=[session.pk]), {"cancel": "1", "reason": ""})
    assert response.status_code == 400  # a reason is needed: the trainees read it
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("training:session_edit", args=[session.pk]), {"cancel": "1", "reason": "Salon tadilatta"}
        )
    assert response.status_code == 302
    with scopes_disabled():
        assert not Session.objects.filter(pk=session.pk).exists()
        assert Notification.objects.filter(kind="training.session_cancelled").count() == len(pw.class_trainees)


def test_her_phone_shows_her_month_below_the_stipend_threshold_until_the_months_end(client, world):
    ambassador = world.a.trainees[roles.AMBASSADOR]
    with scopes_disabled():
        Trainee.objects.filter(pk=ambassador.pk).update(status=Trainee.Status.ACTIVE)
        start = timezone.make_aware(
            timezone.datetime.combine(timezone.localdate().replace(day=1), timezone.datetime.min.time())
        )
        sessions = add_sessions(
            world.a, world.a.own_cohort, 2, first=start + timedelta(minutes=1), every=timedelta(minutes=5)
        )
        mark_all(world.a, sessions[:1], [ambassador])
        mark_all(world.a, sessions[1:], [ambassador], status="absent")
    client.force_login(ambassador.user)
    section = _section(client.get(reverse("training:my_training")).content.decode())
    assert "Bu ayki devamınız %50 — burs için %80 gerekiyor" in section
    month_end = (timezone.localdate().replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    item = section.split("Bu ayki devamınız")[1].split("</li>")[0]
    assert "text-bg-warning" in item and month_end.strftime("%d.%m.%Y") in item  # urgent, by the month's end
