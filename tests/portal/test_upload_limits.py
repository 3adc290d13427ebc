"""Uploads are judged before they are kept: a request over the size limit is refused before it is read (413), and
a stored file is named by what it is, whatever its name said."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from portal import roles
from portal.tenancy import program_scope
from portal.uploads import JPEG, PDF, PNG, named_as, validate_upload

JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def test_a_photo_named_pdf_is_stored_as_a_photo():
    for content, kind, expected in ((JPEG_BYTES, JPEG, "bordro.jpg"), (PNG_BYTES, PNG, "bordro.png")):
        upload = SimpleUploadedFile("bordro.pdf", content, content_type="application/pdf")
        assert validate_upload(upload) is kind
        assert upload.name == expected


def test_the_stored_name_keeps_no_path_or_nul():
    assert named_as("..\\..\\etc/pass\x00wd.pdf", PDF) == "passwd.pdf"
    assert named_as("", JPEG) == "file.jpg"


@override_settings(MAX_REQUEST_BYTES=1024)
def test_a_request_over_the_limit_is_refused_before_it_is_read(client, world):
    client.force_login(world.a.users[roles.ASSESSOR])
    big = SimpleUploadedFile("bantlar.xlsx", b"PK\x03\x04" + b"\x00" * 4096)
    response = client.post(reverse("assessments:upload_new"), {"file": big})
    assert response.status_code == 413
    assert "1,0\xa0KB" in response.content.decode()  # the limit, in the reader's format


def test_a_jpeg_claim_document_is_kept_as_jpg(world):
    from stipends import claims

    pw = world.a
    from tests.stipends.test_claims import PDF as PDF_BYTES
    from tests.stipends.test_claims import second_month

    with program_scope(pw.program.pk):
        claim = claims.claim_submit(
            employment=pw.support_employment,
            actor=pw.users[roles.FIRM],
            period=second_month(pw),
            payroll_document=SimpleUploadedFile("bordro.pdf", JPEG_BYTES, content_type="application/pdf"),
            sgk_proof=SimpleUploadedFile("sgk.pdf", PDF_BYTES, content_type="application/pdf"),
        )
    assert claim.payroll_document.name.endswith(".jpg") and claim.sgk_proof.name.endswith(".pdf")
    assert io.BytesIO(claim.payroll_document.read()).read(3) == b"\xff\xd8\xff"


def test_a_nul_character_in_a_query_or_a_form_is_a_400(client, world):
    client.force_login(world.a.users[roles.STAFF])
    assert client.get(reverse("assessments:staff_overview"), {"framework": "SI\x00RI"}).status_code == 400
    assert client.get(reverse("assessments:staff_overview"), {"framework": "SIRI"}).status_code == 200
    response = client.post(reverse("invitation_new"), {"email": "a\x00@example.test"})
    assert response.status_code == 400 and "karakter" in response.content.decode()
