import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_scopes import scopes_disabled
from hypothesis import given
from hypothesis import strategies as st
from stdnum.tr import tckimlik

from portal import pii, roles
from portal.checks import pii_keys_decrypt_the_canary
from portal.models import PiiAccessLog, PiiCanary
from portal.services.pii import pii_reveal
from portal.tenancy import audience_for, program_scope
from portal.uploads import validate_upload


@pytest.mark.parametrize("good", ["10000000146", " 12345678950 "])
def test_valid_tckn_is_normalised(good):
    assert pii.normalize_tckn(good) == good.strip()


@pytest.mark.parametrize("bad", ["10000000147", "1234567890", "02345678950", "abcdefghijk", ""])
def test_wrong_tckn_gets_a_clear_error(bad):
    with pytest.raises(ValidationError, match=r"T\.C\."):
        pii.normalize_tckn(bad)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_tckn_validation_agrees_with_the_checksum(digits):
    try:
        assert pii.normalize_tckn(digits) == digits
        assert tckimlik.is_valid(digits)
    except ValidationError:
        assert not tckimlik.is_valid(digits)


def test_iban_is_validated_and_turkish():
    assert pii.normalize_iban("TR33 0006 1005 1978 6457 8413 26") == "TR330006100519786457841326"
    with pytest.raises(ValidationError):
        pii.normalize_iban("TR330006100519786457841327")
    with pytest.raises(ValidationError, match="TR"):
        pii.normalize_iban("DE89370400440532013000")


def test_vkn_checksum():
    assert pii.normalize_vkn("1234567890") == "1234567890"
    with pytest.raises(ValidationError, match="VKN"):
        pii.normalize_vkn("1234567891")


def test_masks_show_only_the_ends():
    assert pii.mask_tckn("10000000146") == "•••••••••46"
    assert pii.mask_iban("TR330006100519786457841326") == "TR33••••••••••••••••••1326"


@given(st.text(min_size=1, max_size=64))
def test_encryption_round_trips_and_hides_the_value(value):
    token = pii.encrypt(value)
    assert pii.decrypt(token) == value
    if len(value) > 3:
        assert value not in token


def test_keys_rotate_without_losing_old_data(settings):
    old = settings.PII_ENCRYPTION_KEYS[0]
    token = pii.encrypt("10000000146")
    settings.PII_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]
    assert pii.decrypt(token) == "10000000146"


def test_the_hash_depends_on_kind_and_key(settings):
    assert pii.pii_hash("tckn", "10000000146") == pii.pii_hash("tckn", "10000000146")
    assert pii.pii_hash("tckn", "1234567890") != pii.pii_hash("vkn", "1234567890")
    before = pii.pii_hash("tckn", "10000000146")
    settings.PII_HASH_KEY = "another-key"
    assert pii.pii_hash("tckn", "10000000146") != before


def test_the_canary_fails_loudly_with_a_wrong_key(db, settings):
    assert pii_keys_decrypt_the_canary(databases=["default"]) == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM portal_piicanary")
        (stored,) = cursor.fetchone()
    assert "kvkk-canary" not in stored  # ciphertext at rest
    settings.PII_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    errors = pii_keys_decrypt_the_canary(databases=["default"])
    assert [e.id for e in errors] == ["portal.E003"]
    with pytest.raises(ImproperlyConfigured):
        PiiCanary.objects.get()


def test_revealing_needs_a_reason_and_is_logged_without_plaintext(world):
    staff = world.a.users[roles.STAFF]
    canary = PiiCanary.objects.create(value="10000000146")
    audience = audience_for(staff)
    with program_scope(world.a.program.pk):
        with pytest.raises(ValidationError):
            pii_reveal(audience=audience, actor=staff, obj=canary, field="value", reason="", allowed=True)
        with pytest.raises(PermissionDenied):
            pii_reveal(audience=audience, actor=staff, obj=canary, field="value", reason="stipend", allowed=False)
        value = pii_reveal(
            audience=audience, actor=staff, obj=canary, field="value", reason="bank asked to confirm", allowed=True
        )
    assert value == "10000000146"
    with scopes_disabled():
        log = PiiAccessLog.objects.get()
    assert (log.actor, log.field, log.reason) == (staff, "value", "bank asked to confirm")
    assert "10000000146" not in str(log.__dict__)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_real_pdf_passes():
    assert validate_upload(SimpleUploadedFile("cv.pdf", PDF_BYTES)).name == "PDF"
    assert validate_upload(SimpleUploadedFile("x.bin", b"\x89PNG\r\n\x1a\n" + b"0" * 20)).name == "PNG"


@pytest.mark.parametrize(
    ("name", "content", "code", "turkish"),
    [
        ("cv.pdf", b"MZ\x90\x00 this is an exe", "bad_type", "içeriğine bakıyoruz"),
        ("cv.pdf", b"<html><script>alert(1)</script>", "bad_type", "PDF / PNG / JPEG"),
        ("cv.pdf", b"%PDF-1.4 truncated", "bad_pdf", "bozuk"),
        ("photo.jpg", b"GIF89a....", "bad_type", "değil"),
    ],
)
def test_files_are_judged_by_content(name, content, code, turkish):
    with pytest.raises(ValidationError) as refused:
        validate_upload(SimpleUploadedFile(name, content))
    assert refused.value.code == code
    assert turkish in refused.value.message  # the person reads why, in Turkish first


def test_a_50_mb_upload_is_refused_without_reading_it():
    class Huge(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("must not read an oversized file")

    upload = Huge("big.pdf", b"%PDF-")
    upload.size = 50 * 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload)
    assert refused.value.code == "too_large" and "50,0\xa0MB" in refused.value.message
