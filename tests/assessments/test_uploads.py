"""Assessors fill in the Excel template offline and upload it: every cell checked, a report with sheet, row and
column, nothing written unless the whole file is valid, a preview, then confirm; the same file twice changes
nothing; hostile files get a clear answer, never a 500."""

import datetime
import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled
from openpyxl import load_workbook

from assessments import services
from assessments.models import Score, ScoreUpload
from portal import roles
from portal.tenancy import program_scope
from tests.assessments.helpers import Flow, new_assessor, version
from tests.factories import FirmFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def setup(world, client):
    """Two firms in evaluation for the world's assessor, logged in."""
    flow = Flow(world.a)
    firms = [FirmFactory(program=world.a.program, name=f"Yükleme Firması {i}") for i in (1, 2)]
    assessments = [flow.to_evaluation(flow.schedule(f)) for f in firms]
    client.force_login(world.a.users[roles.ASSESSOR])
    return SimpleNamespace(flow=flow, firms=firms, assessments=assessments, client=client)


def template(client, code="SIRI") -> bytes:
    response = client.get(reverse("assessments:upload_template") + f"?version={version(code).pk}")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return response.content


def fill(content: bytes, bands: dict, *, edit=None) -> bytes:
    """bands: firm id -> list of bands (or a single band for every dimension)."""
    book = load_workbook(io.BytesIO(content))
    ws = book["Bands"]
    ncols = ws.max_column
    for row in range(5, ws.max_row + 1):
        firm_id = ws.cell(row, 1).value
        if firm_id in bands:
            values = bands[firm_id]
            values = [values] * (ncols - 2) if isinstance(values, int) else values
            for i, band in enumerate(values):
                ws.cell(row, 3 + i, band)
    if edit:
        edit(book, ws)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content: bytes, name="bantlar.xlsx", code="SIRI"):
    response = client.post(
        reverse("assessments:upload_new"), {"version": version(code).pk, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    pk = int(response.url.rstrip("/").split("/")[-1])
    with scopes_disabled():
        return ScoreUpload.objects.get(pk=pk)


def assessor_scores(assessments):
    with scopes_disabled():
        return sorted(
            Score.objects.filter(assessment__in=assessments, source="assessor").values_list(
                "assessment_id", "dimension__code", "band"
            )
        )


def messages_of(up):
    return " | ".join(f"{e['sheet']}!{e['column']}{e['row']}: {e['message']}" for e in up.errors)


def codes_of(up) -> list:
    """What kind of problems (messages are in the request's language; codes are not)."""
    return [e["code"] for e in up.errors]


def test_the_template_lists_her_firms_and_restricts_band_cells_to_0_5(setup, world):
    firms, client = setup.firms, setup.client
    book = load_workbook(io.BytesIO(template(client)))
    ws = book["Bands"]
    assert [ws.cell(1, c).value for c in (2, 4)] == ["SIRI", 1]
    assert [ws.cell(3, c).value for c in range(3, 19)] == [f"SIRI-{i:02d}" for i in range(1, 17)]
    firm_rows = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(5, ws.max_row + 1)}
    assert firm_rows == {f.pk: f.name for f in firms}  # firms of her open SIRI assessments only
    assert world.a.firms[1].name not in firm_rows.values()
    (rule,) = ws.data_validations.dataValidation
    assert (rule.type, rule.operator, rule.formula1, rule.formula2) == ("whole", "between", "0", "5")
    assert "C5" in str(rule.sqref) or rule.sqref.ranges[0].min_col == 3


def test_a_valid_file_is_previewed_then_written_once(setup):
    firms, assessments, client = setup.firms, setup.assessments, setup.client
    content = fill(template(client), {firms[0].pk: 3, firms[1].pk: [1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4]})
    up = upload(client, content)
    assert up.status == "valid", messages_of(up)
    assert assessor_scores(assessments) == []  # nothing written before the confirmation
    page = client.get(reverse("assessments:upload_detail", args=[up.pk])).content.decode()
    assert "data-upload-preview" in page and firms[0].name in page
    assert client.post(reverse("assessments:upload_confirm", args=[up.pk])).status_code == 302
    written = assessor_scores(assessments)
    assert len(written) == 32
    assert {b for a, _c, b in written if a == assessments[0].pk} == {3}
    # confirming again, or uploading the very same file again, changes nothing
    client.post(reverse("assessments:upload_confirm", args=[up.pk]))
    again = upload(client, content, name="ayni-dosya.xlsx")
    assert again.pk == up.pk
    assert assessor_scores(assessments) == written
    with scopes_disabled():
        assert ScoreUpload.objects.filter(status="applied").count() == 1
        assert Score.objects.filter(upload=up).count() == 32  # provenance of each band


def test_one_bad_cell_is_reported_with_sheet_row_and_column_and_nothing_is_written(setup):
    firms, assessments, client = setup.firms, setup.assessments, setup.client

    def bad(book, ws):
        ws["E6"] = 7

    up = upload(client, fill(template(client), {firms[0].pk: 2, firms[1].pk: 2}, edit=bad))
    assert up.status == "invalid"
    assert [(e["sheet"], e["row"], e["column"], e["code"]) for e in up.errors] == [("Bands", 6, "E", "out_of_range")]
    assert "7" in up.errors[0]["message"]
    assert assessor_scores(assessments) == []
    page = client.get(reverse("assessments:upload_detail", args=[up.pk])).content.decode()
    assert "data-upload-errors" in page and "<td>E</td>" in page
    assert client.post(reverse("assessments:upload_confirm", args=[up.pk])).status_code == 302
    assert assessor_scores(assessments) == []  # an invalid file cannot be confirmed


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("üç", "not_a_number"),
        (True, "boolean"),
        (datetime.date(2026, 1, 1), "date"),
        (2.5, "not_whole"),
        (-1, "out_of_range"),
        ("=1+2", "formula"),
    ],
)
def test_wrong_types_and_formulas_are_refused(setup, value, code):
    firms, assessments, client = setup.firms, setup.assessments, setup.client

    def bad(book, ws):
        ws["C5"] = value

    up = upload(client, fill(template(client), {firms[0].pk: 2}, edit=bad))
    assert up.status == "invalid"
    assert [(e["row"], e["column"], e["code"]) for e in up.errors] == [(5, "C", code)]
    assert up.errors[0]["message"]
    assert assessor_scores(assessments) == []


def test_merged_cells_and_hidden_sheets_are_refused(setup):
    firms, assessments, client = setup.firms, setup.assessments, setup.client

    def merged(book, ws):
        ws.merge_cells("C5:D5")

    up = upload(client, fill(template(client), {firms[0].pk: 2}, edit=merged))
    assert up.status == "invalid" and codes_of(up) == ["merged_cells"] and up.errors[0]["column"] == "C"

    def hidden(book, ws):
        book.create_sheet("Gizli").sheet_state = "hidden"

    up = upload(client, fill(template(client), {firms[0].pk: 2}, edit=hidden))
    assert up.status == "invalid" and up.errors[0]["sheet"] == "Gizli" and codes_of(up) == ["hidden_sheet"]
    assert assessor_scores(assessments) == []


PKG = "http://schemas.openxmlformats.org/package/2006"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def huge_xlsx(rows: int) -> bytes:
    """A real xlsx with `rows` rows, written by hand (openpyxl would take seconds)."""
    cells = (f'<row r="{i}"><c r="A{i}"><v>{i}</v></c><c r="C{i}"><v>3</v></c></row>' for i in range(1, rows + 1))
    parts = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{PKG}/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{SHEET_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEET_TYPE}.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        '<sheets><sheet name="Bands" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{PKG}/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>'
        + "".join(cells)
        + "</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_a_100000_row_file_is_refused_before_its_cells_are_read(setup, django_capture_on_commit_callbacks, monkeypatch):
    flow, assessments, client = setup.flow, setup.assessments, setup.client
    content = huge_xlsx(100_000)
    assert len(content) > services.UPLOAD_INLINE_BYTES  # so it goes to a background job
    # count the rows openpyxl actually streams (the real reader runs; this only counts what it yields)
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    streamed = []
    cells_by_row = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in cells_by_row(self, *args, **kwargs):
            streamed.append(1)
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    with program_scope(flow.program.pk), django_capture_on_commit_callbacks(execute=True):
        up = upload(client, content, name="cok-buyuk.xlsx")
    with scopes_disabled():
        up.refresh_from_db()
    assert up.status == "invalid" and up.job.status == "done"
    assert codes_of(up) == ["too_many_rows"] and "2000" in messages_of(up)  # the row limit, in the message
    assert len(streamed) < 2_100, f"{len(streamed)} rows were read to refuse it"  # the limit, not 100,000
    assert assessor_scores(assessments) == []


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("bantlar.xlsx", b"PK\x03\x04" + b"\x00" * 200, "damaged"),
        ("bantlar.xlsx", None, "not_a_workbook"),  # a zip renamed to .xlsx
        ("bantlar.xlsx", bytes(range(256)) * 4, "not_a_spreadsheet"),
        ("bantlar.csv", "Ad;Soyad\nAyşe;Yılmaz\n".encode(), "wrong_framework"),
    ],
)
def test_files_that_are_not_the_template_get_a_clear_answer(setup, name, content, code):
    assessments, client = setup.assessments, setup.client
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("notes.txt", "not a workbook")
        content = buffer.getvalue()
    up = upload(client, content, name=name)
    assert up.status == "invalid"
    assert code in codes_of(up) and all(e["message"] for e in up.errors)
    assert assessor_scores(assessments) == []


@pytest.mark.parametrize(
    ("content", "kind"),
    [(b"%PDF-1.7\n" + b"x" * 5000 + b"\n%%EOF\n", "PDF"), (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG")],
)
def test_a_pdf_or_a_photo_sent_as_the_workbook_is_refused_in_one_sentence_and_not_kept(setup, content, kind):
    client = setup.client
    with scopes_disabled():
        before = ScoreUpload.objects.count()
    response = client.post(
        reverse("assessments:upload_new"),
        {"version": version("SIRI").pk, "file": SimpleUploadedFile("bantlar.xlsx", content)},
    )
    html = response.content.decode()
    assert response.status_code in {200, 400}
    assert f"{kind} file, not an Excel workbook" in html or f"{kind} dosyası" in html
    with scopes_disabled():
        assert ScoreUpload.objects.count() == before


def test_a_workbook_over_the_limit_is_refused_before_it_is_stored(setup, monkeypatch):
    from assessments import spreadsheets

    monkeypatch.setattr(spreadsheets, "MAX_UPLOAD_BYTES", 1000)
    content = template(setup.client)
    assert len(content) > 1000
    with scopes_disabled():
        before = ScoreUpload.objects.count()
    response = setup.client.post(
        reverse("assessments:upload_new"),
        {"version": version("SIRI").pk, "file": SimpleUploadedFile("bantlar.xlsx", content)},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert ScoreUpload.objects.count() == before


def test_a_refused_large_file_is_not_kept(setup, django_capture_on_commit_callbacks):
    content = huge_xlsx(100_000)
    with program_scope(setup.flow.program.pk), django_capture_on_commit_callbacks(execute=True):
        up = upload(setup.client, content, name="cok-buyuk.xlsx")
    with scopes_disabled():
        up.refresh_from_db()
    assert up.status == "invalid" and not up.file


def test_the_template_is_checked_against_framework_version_dimensions_and_firms(setup, world):
    flow, firms, assessments, client = setup.flow, setup.firms, setup.assessments, setup.client
    other = new_assessor(world.a.program)
    not_mine = flow.to_evaluation(flow.schedule(FirmFactory(program=world.a.program), lead=other))

    def tamper(book, ws):
        ws["D1"] = 9  # another version
        ws["D3"] = "SIRI-03"  # SIRI-03 twice (SIRI-02 is missing)
        ws["S3"] = "COSIRI-01"  # not a SIRI dimension
        ws.append([not_mine.firm_id, "Başkasının firması", *[2] * 16])
        ws.append([firms[0].pk, "Tekrar", *[2] * 16])

    up = upload(client, fill(template(client), {firms[0].pk: 2}, edit=tamper))
    found = {(e["code"], e["column"], e["row"]): e["message"] for e in up.errors}
    assert up.status == "invalid"
    assert "9" in found["wrong_version", "D", 1]
    assert "SIRI-03" in found["duplicate_dimension", "E", 3]  # the second SIRI-03 column
    assert "SIRI-02" in found["missing_dimension", "", 3]
    assert "COSIRI-01" in found["unknown_dimension", "S", 3]
    assert str(not_mine.firm_id) in found["unknown_firm", "A", 7]
    assert str(firms[0].pk) in found["duplicate_firm", "A", 8]
    assert assessor_scores([*assessments, not_mine]) == []


def test_a_cosiri_file_is_not_taken_for_siri(setup, world):
    client = setup.client
    up = upload(client, template(client, "COSIRI"), code="SIRI")
    assert up.status == "invalid"
    assert "wrong_framework" in codes_of(up) and "COSIRI" in messages_of(up)


def test_a_csv_saved_from_the_template_is_accepted(setup):
    firms, assessments, client = setup.firms, setup.assessments, setup.client
    codes = ";".join(f"SIRI-{i:02d}" for i in range(1, 17))
    lines = [
        "Framework;SIRI;Version;1",
        "",
        f"firm_id;firm;{codes}",
        "Firma;Firma;" + ";".join(["x"] * 16),
        f"{firms[0].pk};{firms[0].name};" + ";".join(["4"] * 16),
    ]
    up = upload(client, "\n".join(lines).encode("cp1254"), name="bantlar.csv")
    assert up.status == "valid", messages_of(up)
    client.post(reverse("assessments:upload_confirm", args=[up.pk]))
    assert {b for a, _c, b in assessor_scores(assessments)} == {4}


def test_a_large_file_is_checked_and_applied_by_background_jobs(setup, monkeypatch, django_capture_on_commit_callbacks):
    flow, firms, assessments, client = setup.flow, setup.firms, setup.assessments, setup.client
    monkeypatch.setattr(services.uploads, "UPLOAD_INLINE_BYTES", 0)
    monkeypatch.setattr(services.uploads, "UPLOAD_APPLY_INLINE_ROWS", 1)
    content = fill(template(client), {firms[0].pk: 1, firms[1].pk: 5})
    # callbacks run after the request here (in production: at its commit, inside its scope)
    with program_scope(flow.program.pk), django_capture_on_commit_callbacks(execute=True):
        up = upload(client, content)
    with scopes_disabled():
        up.refresh_from_db()
        assert up.job is not None and up.job.kind == "assessments.score_upload"
        up = ScoreUpload.objects.select_related("job").get(pk=up.pk)
    assert up.status == "valid" and up.job.status == "done" and up.job.progress == 100
    status = client.get(reverse("assessments:upload_status", args=[up.pk])).content.decode()
    assert "hx-trigger" not in status  # finished: the partial stops polling
    with program_scope(flow.program.pk), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("assessments:upload_confirm", args=[up.pk]))
    with scopes_disabled():
        up = ScoreUpload.objects.select_related("job").get(pk=up.pk)
    assert up.status == "applied" and up.job.params["step"] == "apply"
    assert len(assessor_scores(assessments)) == 32


def test_a_queued_check_shows_a_progress_bar_that_polls(setup, monkeypatch):
    firms, client = setup.firms, setup.client
    monkeypatch.setattr(services.uploads, "UPLOAD_INLINE_BYTES", 0)
    up = upload(client, fill(template(client), {firms[0].pk: 1}))  # the job is not run: still queued
    page = client.get(reverse("assessments:upload_detail", args=[up.pk])).content.decode()
    assert up.status == "processing"
    assert 'hx-trigger="every 1s"' in page and "<progress" in page


def test_another_assessors_upload_is_not_found(setup, world):
    firms, assessments, client = setup.firms, setup.assessments, setup.client
    up = upload(client, fill(template(client), {firms[0].pk: 2}))
    other = new_assessor(world.a.program)
    client.force_login(other)
    assert client.get(reverse("assessments:upload_detail", args=[up.pk])).status_code == 404
    assert client.post(reverse("assessments:upload_confirm", args=[up.pk])).status_code == 404
    assert assessor_scores(assessments) == []
