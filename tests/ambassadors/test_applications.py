import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_scopes import scopes_disabled

from ambassadors.models import AmbassadorApplication
from portal import roles
from portal.models import Application, Invitation, Province, User
from tests.selection_helpers import decide, make_call, post_form, start

S = Application.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TCKN = "10000000146"


def ambassador_form(**overrides):
    data = {
        "full_name": "Elif Yıldız",
        "gender": "woman",
        "tckn": TCKN,
        "phone": "05551234567",
        "degree_field": "industrial",
        "university": "Kocaeli Üniversitesi",
        "graduation_year": 2022,
        "province": Province.objects.get(plate=41).pk,
        "work_provinces": [Province.objects.get(plate=41).pk, Province.objects.get(plate=34).pk],
        "digital_interest": "on",
        "languages": "Türkçe, İngilizce",
        "cv": SimpleUploadedFile("cv.pdf", PDF, content_type="application/pdf"),
        "motivation": "Üretimde dijital dönüşüme katkı vermek istiyorum.",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def call(world):
    return make_call(world, group="ambassador", quota=5)


def _application(call):
    with scopes_disabled():
        return Application.objects.get(call=call)


def test_an_ambassador_applies_and_her_tckn_is_stored_encrypted_and_shown_masked(client, world, call):
    link = start(client, world, call, email="elif@example.test")
    response = post_form(client, link, ambassador_form())
    assert response.status_code == 302
    application = _application(call)
    assert application.status == S.SUBMITTED and application.eligible
    with connection.cursor() as cursor:
        cursor.execute("SELECT tckn FROM ambassadors_ambassadorapplication")
        (stored,) = cursor.fetchone()
    assert TCKN not in stored
    page = client.get(link).content.decode()
    assert TCKN not in page and "•••••••••46" in page
    client.force_login(world.a.users[roles.STAFF])
    staff_page = client.get(f"/applications/{application.pk}/").content.decode()
    assert TCKN not in staff_page and "Elif Yıldız" in staff_page


def test_a_wrong_tckn_is_refused_and_nothing_is_submitted(client, world, call):
    link = start(client, world, call)
    response = post_form(client, link, ambassador_form(tckn="10000000147"))
    assert response.status_code == 400
    assert _application(call).status == S.DRAFT


@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", b"MZ\x90\x00 an executable"), ("cv.pdf", b"%PDF-1.4 cut off"), ("cv.docx", b"PK\x03\x04")],
)
def test_a_fake_cv_is_refused_and_not_stored(client, world, call, name, content, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    link = start(client, world, call)
    response = post_form(client, link, ambassador_form(cv=SimpleUploadedFile(name, content)))
    assert response.status_code == 400
    assert not list(tmp_path.rglob("*"))  # nothing written to storage
    with scopes_disabled():
        assert not AmbassadorApplication.objects.exists()


def test_a_50_mb_cv_is_refused(client, world, call, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    link = start(client, world, call)
    big = SimpleUploadedFile("cv.pdf", PDF[:-6] + b" " * (50 * 1024 * 1024) + b"%%EOF\n")
    response = post_form(client, link, ambassador_form(cv=big))
    # the request-size limit answers before the body is read (portal/request_limits.py)
    assert response.status_code == 413
    assert "MB" in response.content.decode()
    assert not list(tmp_path.rglob("*"))


def test_a_man_or_a_non_stem_graduate_is_not_eligible_and_is_told_why(client, world, call):
    link = start(client, world, call)
    post_form(client, link, ambassador_form(gender="man", degree_field="not_stem"))
    application = _application(call)
    assert application.status == S.INELIGIBLE
    failed = {item["rule"] for item in application.eligibility if not item["ok"]}
    assert failed == {"woman", "stem"}
    page = client.get(link).content.decode()
    assert "STEM" in page


def test_one_application_per_person_per_call(client, world, call):
    post_form(client, start(client, world, call, email="a@example.test"), ambassador_form())
    other = client.__class__()
    response = post_form(other, start(other, world, call, email="b@example.test"), ambassador_form())
    assert response.status_code == 400
    with scopes_disabled():
        first = Application.objects.get(call=call, email="a@example.test")
    page = response.content.decode()
    # the page reveals neither that she applied nor her reference: the link's owner learns it by email
    assert first.reference not in page and "Elif" not in page.split("<form")[0]
    assert any(m.to == ["b@example.test"] and first.reference in m.body for m in mail.outbox)


def test_selection_gives_her_an_account_a_trainee_record_and_an_invitation(client, world, call):
    from training.models import Trainee

    post_form(client, start(client, world, call, email="elif@example.test"), ambassador_form())
    application = _application(call)
    mail.outbox.clear()
    decide(client, world.a.users[roles.STAFF], application)
    with scopes_disabled():
        user = User.objects.get(email="elif@example.test")
        trainee = Trainee.objects.get(user=user, program=world.a.program)
        assert trainee.track == Trainee.Track.AMBASSADOR
        assert Invitation.objects.filter(email="elif@example.test", role__code=roles.AMBASSADOR).exists()
    assert not user.has_usable_password()
    assert {m.to[0] for m in mail.outbox} == {"elif@example.test"}
    assert len(mail.outbox) == 2  # the decision, and the invitation to set her password


def test_staff_download_the_cv_and_nobody_else_can(client, world, call, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    post_form(client, start(client, world, call), ambassador_form())
    application = _application(call)
    url = f"/ambassadors/applications/{application.pk}/cv/"
    client.force_login(world.a.users[roles.STAFF])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(world.b.users[roles.STAFF])
    assert client.get(url).status_code == 404
    client.force_login(world.a.users[roles.FIRM])
    assert client.get(url).status_code == 403
