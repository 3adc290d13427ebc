"""Grades by form and by Excel roster sheet: 0–100, trainees of the cohort only, all or nothing, audited."""

import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import Workbook, load_workbook

from portal import roles
from portal.models import AuditEvent
from training.models import Grade


def grades(pw):
    with scopes_disabled():
        return {(g.trainee_id, g.module.code): g.score for g in Grade.objects.filter(cohort__program=pw.program)}


def grades_url(pw, module=None):
    module = module or pw.modules[0]
    return reverse("training:cohort_grades", args=[pw.cohort.pk]) + f"?module={module.pk}"


def xlsx(rows, name="notlar.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def upload(client, pw, file):
    return client.post(reverse("training:cohort_grades_upload", args=[pw.cohort.pk]), {"workbook": file})


def test_the_trainer_enters_scores_and_a_correction_is_audited_old_to_new(client, world):
    pw = world.a
    a, b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    response = client.post(grades_url(pw), {f"score-{a.pk}": "85", f"score-{b.pk}": "72,5"})
    assert response.status_code == 302
    assert grades(pw) == {(a.pk, "M1"): Decimal("85.00"), (b.pk, "M1"): Decimal("72.50")}
    assert client.post(grades_url(pw), {f"score-{a.pk}": "90"}).status_code == 302
    with scopes_disabled():
        trail = [e.data for e in AuditEvent.objects.filter(action="grades.record").order_by("pk")]
    assert trail[-1] == {"module": "M1", "changes": [[a.pk, "85.00", "90.00"]]}
    assert 'value="90,00"' in client.get(grades_url(pw)).content.decode()  # Turkish decimal comma


def test_a_score_out_of_range_refuses_the_whole_form(client, world):
    pw = world.a
    a, b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    response = client.post(grades_url(pw), {f"score-{a.pk}": "85", f"score-{b.pk}": "101"})
    assert response.status_code == 400
    assert b.user.full_name in response.content.decode()
    assert grades(pw) == {}


def test_a_score_for_someone_outside_the_cohort_is_refused(client, world):
    pw = world.a
    a, _b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    outsider = pw.trainees[roles.AMBASSADOR]
    response = client.post(grades_url(pw), {f"score-{a.pk}": "85", f"score-{outsider.pk}": "70"})
    assert response.status_code == 400
    assert grades(pw) == {}


def test_an_attendance_only_module_takes_no_grades(client, world):
    pw = world.a
    a, _b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    html = client.get(grades_url(pw)).content.decode()
    assert "M3" not in html  # only assessed modules are offered
    assert client.post(grades_url(pw, pw.modules[2]), {f"score-{a.pk}": "85"}).status_code == 302  # falls back to M1
    assert set(grades(pw)) == {(a.pk, "M1")}


def test_the_roster_sheet_downloads_and_uploads_back_with_scores(client, world):
    pw = world.a
    a, b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    download = client.get(reverse("training:cohort_grades_template", args=[pw.cohort.pk]))
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]][2:] == ["M1", "M2"]
    names = {row[1].value: row[0].value for row in sheet.iter_rows(min_row=2)}
    assert names == {a.user.full_name: a.pk, b.user.full_name: b.pk}
    sheet.cell(row=2, column=3, value=88)
    sheet.cell(row=3, column=4, value="64,5")
    buffer = io.BytesIO()
    book.save(buffer)

    response = upload(client, pw, SimpleUploadedFile("dolu.xlsx", buffer.getvalue()))
    assert response.status_code == 302, response.content.decode()[-3000:]
    first = sheet.cell(row=2, column=1).value
    second = sheet.cell(row=3, column=1).value
    assert grades(pw) == {(first, "M1"): Decimal("88.00"), (second, "M2"): Decimal("64.50")}


def test_a_sheet_with_one_bad_cell_writes_nothing_and_names_the_cell(client, world):
    pw = world.a
    a, b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    response = upload(client, pw, xlsx([("ID", "Ad", "M1", "M2"), (a.pk, "", 90, 80), (b.pk, "", 70, 130)]))
    assert response.status_code == 400
    assert "D3" in response.content.decode()
    assert grades(pw) == {}


def test_a_file_that_is_not_an_excel_workbook_is_refused(client, world):
    pw = world.a
    client.force_login(pw.users[roles.TRAINER])
    fake = SimpleUploadedFile("notlar.xlsx", b"ID;Ad;M1\n1;A;90\n", content_type="application/vnd.ms-excel")
    response = upload(client, pw, fake)
    assert response.status_code == 400
    assert grades(pw) == {}
    broken = SimpleUploadedFile("notlar.xlsx", b"PK\x03\x04" + b"\x00" * 200)
    assert upload(client, pw, broken).status_code == 400


def test_a_sheet_naming_a_trainee_of_another_cohort_writes_nothing(client, world):
    pw = world.a
    a, _b = pw.class_trainees
    client.force_login(pw.users[roles.TRAINER])
    outsider = pw.trainees[roles.AMBASSADOR]
    response = upload(client, pw, xlsx([("ID", "Ad", "M1"), (a.pk, "", 90), (outsider.pk, "", 80)]))
    assert response.status_code == 400
    assert "A3" in response.content.decode()
    assert grades(pw) == {}


def test_finance_sees_grades_but_cannot_enter_them(client, world):
    pw = world.a
    a, _b = pw.class_trainees
    client.force_login(pw.users[roles.FINANCE])
    assert 'name="score-' not in client.get(grades_url(pw)).content.decode()
    assert client.post(grades_url(pw), {f"score-{a.pk}": "85"}).status_code == 403
    assert grades(pw) == {}
