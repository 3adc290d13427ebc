"""Training in a real browser: a trainer takes attendance on her phone, a trainee checks in with the code her
trainer shows and sees her attendance change, a graduate downloads her certificate (a real PDF).

Expected texts come from the translation catalogue (gettext under the page's language), so the tests hold
whether or not locale/*.mo has been compiled.
"""

import io
import os
import re
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from django_scopes import scopes_disabled
from playwright.sync_api import expect
from pypdf import PdfReader

from portal import roles
from portal.models import Role
from portal.tenancy import program_scope
from tests.e2e.conftest import assert_fits, log_in
from tests.factories import MembershipFactory, TraineeFactory, UserFactory
from training import services
from training.models import Attendance, AttendanceChange, Certificate, Cohort, CohortTrainer, Session

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 3}


def tr(message: str) -> str:
    with translation.override("tr"):
        return translation.gettext(message)


def test_a_trainer_takes_attendance_on_her_phone(new_context, world):
    pw = world.a
    first, second = pw.class_trainees
    now = timezone.now()
    with scopes_disabled():
        Session.objects.filter(pk=pw.session.pk).update(
            starts_at=now - timedelta(minutes=1), ends_at=now + timedelta(hours=3)
        )
    context = new_context(**PHONE)
    page = context.new_page()
    log_in(page, pw.users[roles.TRAINER])

    expect(page).to_have_url(re.compile(r"/training/trainer/$"))
    page.locator(f'[data-session="{pw.session.pk}"]').get_by_role("link", name=tr("Take attendance")).click()
    expect(page).to_have_url(re.compile(rf"/training/sessions/{pw.session.pk}/attendance/$"))
    assert_fits(page, "attendance sheet")
    # Everyone is present by default; the reason boxes stay out of the way until needed.
    expect(page.locator("input[type=radio][value=present]:checked")).to_have_count(2)
    expect(page.locator("[data-reason]:visible")).to_have_count(0)

    first_row = page.locator(f'[data-attendance-row="{first.pk}"]')
    second_row = page.locator(f'[data-attendance-row="{second.pk}"]')
    first_row.locator("label", has_text=tr("Late")).tap()
    second_row.locator("label", has_text=tr("Excused")).tap()
    reason = second_row.locator("[data-reason]")
    expect(reason).to_be_visible()
    box = second_row.locator("label", has_text=tr("Excused")).bounding_box()
    assert box["height"] >= 44, box  # a thumb-sized target
    reason.fill("Hastane randevusu")
    page.get_by_role("button", name=tr("Save attendance")).tap()

    expect(page.locator(".alert-success")).to_contain_text("2")
    expect(second_row.locator("input[value=excused]")).to_be_checked()
    with scopes_disabled():
        marks = {a.trainee_id: (a.status, a.reason) for a in Attendance.objects.filter(session=pw.session)}
        assert marks == {first.pk: ("late", ""), second.pk: ("excused", "Hastane randevusu")}
        assert AttendanceChange.objects.filter(session=pw.session, changed_by=pw.users[roles.TRAINER]).count() == 2
    expect(page.locator("table")).to_contain_text("Hastane randevusu")  # the history under the sheet
    assert_fits(page, "attendance sheet after saving")
    context.log.assert_no_csp_violations()


def test_a_trainee_checks_in_with_the_code_and_sees_her_attendance_update(new_context, world):
    pw = world.a
    ambassador = pw.trainees[roles.AMBASSADOR]
    trainer = pw.users[roles.TRAINER]
    with scopes_disabled():
        CohortTrainer.objects.create(program=pw.program, cohort=pw.own_cohort, trainer=trainer)
        Attendance.objects.filter(session=pw.own_past_session, trainee=ambassador).update(status="absent")

    # The trainer, at the front of the room, shows a fresh code.
    teacher = new_context().new_page()
    log_in(teacher, trainer)
    teacher.goto(f"/training/sessions/{pw.own_session.pk}/code/")
    teacher.get_by_role("button", name=tr("Show a new code")).click()  # the code shown before is replaced
    expect(teacher.locator("[data-checkin-code]")).not_to_have_text(pw.checkin_code)
    code = teacher.locator("[data-checkin-code]").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{6}", code), code
    expect(teacher.locator("main img")).to_be_visible()
    # The QR code is drawn by the server. Fetched on its own (the test server shares one in-memory SQLite
    # connection between its threads, so the page's parallel image request can collide with another).
    qr = teacher.request.get(teacher.locator("main img").get_attribute("src"))
    assert qr.status == 200 and b"<svg" in qr.body()

    # The trainee, on her phone.
    phone = new_context(**PHONE)
    page = phone.new_page()
    log_in(page, ambassador.user)
    expect(page).to_have_url(re.compile(r"/training/me/$"))
    expect(page.locator("[data-attendance-percent]")).to_have_text("%0")
    page.get_by_role("link", name=tr("Check in with a code")).tap()
    page.locator("input[name=code]").fill(code.lower())
    page.get_by_role("button", name=tr("Check in")).tap()
    expect(page).to_have_url(re.compile(r"/training/me/$"))
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("[data-checkin-pending]")).to_be_visible()

    # The trainer sees her in the list (the list refreshes itself) and confirms.
    expect(teacher.locator(f'[data-checkin="{ambassador.pk}"]')).to_be_visible(timeout=8000)
    teacher.get_by_role("button", name=tr("Confirm check-ins as present")).click()
    expect(teacher.locator(".alert-success")).to_be_visible()

    page.reload()
    expect(page.locator("[data-attendance-percent]")).to_have_text("%50")  # absent once, now present once
    expect(page.locator("[data-checkin-pending]")).to_have_count(0)
    assert_fits(page, "my training")
    with scopes_disabled():
        mark = Attendance.objects.get(session=pw.own_session, trainee=ambassador)
        assert (mark.status, mark.source, mark.recorded_by) == ("present", "checkin", trainer)
    phone.log.assert_no_csp_violations()
    teacher.context.log.assert_no_csp_violations()


def _graduate(pw):
    """A trainee who meets the rule, completed through the services: her certificate's job is queued."""
    user = UserFactory(email="mezun-e2e@example.test", full_name="Şule Çağlar Öztürk")
    MembershipFactory(program=pw.program, user=user, role=Role.objects.get(code=roles.AMBASSADOR))
    today = timezone.localdate()
    with program_scope(pw.program.pk):
        trainee = TraineeFactory(program=pw.program, user=user, status="active")
        cohort = Cohort.objects.create(
            program=pw.program,
            code="MEZUN-1",
            name="Mezuniyet Kohortu",
            track="ambassador",
            curriculum=pw.curriculum,
            province=pw.cohort.province,
            starts_on=today - timedelta(days=30),
            ends_on=today - timedelta(days=1),
            capacity=10,
        )
        CohortTrainer.objects.create(program=pw.program, cohort=cohort, trainer=pw.users[roles.TRAINER])
        services.enrolment_create(
            trainee=trainee, cohort=cohort, actor=pw.users[roles.STAFF], enrolled_on=cohort.starts_on
        )
        for i, module in enumerate(pw.modules):
            start = timezone.now() - timedelta(days=20 - i)
            session = Session.objects.create(
                program=pw.program, cohort=cohort, module=module, starts_at=start, ends_at=start + timedelta(hours=3)
            )
            services.attendance_record(
                session=session, actor=pw.users[roles.TRAINER], marks={trainee.pk: ("present", "")}, expected_version=0
            )
        for module in pw.modules[:2]:
            services.grades_record(
                cohort=cohort, module=module, actor=pw.users[roles.TRAINER], scores={trainee.pk: Decimal("78.5")}
            )
        result = services.trainee_completion_evaluate(trainee=trainee, actor=pw.users[roles.TRAINER])
    assert result.met
    return trainee


def _wait_for_pdf(trainee, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with scopes_disabled():
            certificate = Certificate.objects.filter(trainee=trainee).first()
        if certificate and certificate.file:
            return certificate
        time.sleep(0.2)
    raise AssertionError("the certificate's PDF was not built")


def test_a_graduate_downloads_her_certificate_with_her_name_and_the_programmes_turkish_name(new_context, world):
    pw = world.a
    trainee = _graduate(pw)
    _wait_for_pdf(trainee, timeout=90 if os.environ.get("REDIS_URL") else 10)

    page = new_context(**PHONE).new_page()
    log_in(page, trainee.user)
    expect(page.locator("[data-completion=completed]")).to_be_visible()
    with page.expect_download() as info:
        page.locator("[data-certificate-download]").tap()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        content = handle.read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Şule Çağlar Öztürk" in text
    assert pw.program.name_tr in text
    page.context.log.assert_no_csp_violations()
