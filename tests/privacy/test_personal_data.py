"""Personal data under KVKK, as a trainee and the staff who handle her requests meet it: "My data", her download
(hers and no one else's), requests with the 30-day deadline, erasure against legal holds (the ledger still balances,
her values are gone from the database and the media folder), the retention schedule, files encrypted at rest."""

import contextlib
import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled
from schwifty import IBAN
from stdnum.tr import tckimlik

from portal import roles
from portal.models import Application, Call, Invitation, Job, Role
from portal.pii import FERNET_PREFIX, decrypt_bytes, pii_hash
from privacy import retention
from privacy.erasure import erasure_carry_out
from privacy.models import DataRequest, DestructionRecord, RetentionRun
from privacy.services import data_request_file
from stipends import ledger, services
from stipends.entitlements import stipend_run
from stipends.models import Payment
from tests.stipends import builders as b

TCKN = "10000000146"
IBAN_HERS = "TR220006200000000076543219"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return Path(tmp_path)


@pytest.fixture
def pw(world, media):
    with scopes_disabled():
        yield world.a


def _her(pw):
    """The demo ambassador with a TCKN and an IBAN on her trainee record."""
    trainee = pw.trainees[roles.AMBASSADOR]
    trainee.tckn, trainee.tckn_hash = TCKN, pii_hash("tckn", TCKN)
    trainee.iban, trainee.iban_hash = IBAN_HERS, pii_hash("iban", IBAN_HERS)
    trainee.phone = "05559876543"
    trainee.save()
    return trainee


def _paid_month(pw):
    """A stipend month for three trainees, with the ambassador's own account among the payees, exported to the bank."""
    line = b.budget(pw)
    b.rules(pw, line)
    _others, sessions = b.training_month(pw, n=2)
    her = _her(pw)
    from training.models import Attendance, Enrolment

    cohort = sessions[0].cohort
    if not Enrolment.objects.filter(trainee=her).update(cohort=cohort, enrolled_on=cohort.starts_on, status="active"):
        Enrolment.objects.create(
            program=pw.program,
            cohort=cohort,
            trainee=her,
            enrolled_on=cohort.starts_on,
            created_by=pw.users[roles.STAFF],
        )
    Attendance.objects.bulk_create(
        Attendance(
            program=pw.program,
            session=s,
            trainee=her,
            status="present",
            recorded_by=pw.users[roles.TRAINER],
            recorded_at=s.ends_at,
        )
        for s in sessions
    )
    stipend_run(program_id=pw.program.pk, period=b.PERIOD)
    run = b.approved_run(pw)
    bank_file = services.payment_run_export(run=run, actor=pw.users[roles.FINANCE], fmt=b.csv_format(pw))
    return her, run, bank_file


# --- scans: what a person would check after erasure ----------------------------------------------------------


def _valid_tckns(text: str) -> set[str]:
    return {m for m in re.findall(r"(?<!\d)\d{11}(?!\d)", text) if tckimlik.is_valid(m)}


def _valid_ibans(text: str) -> set[str]:
    found = set()
    for m in re.findall(r"TR\d{24}", text.replace(" ", "")):
        with contextlib.suppress(ValueError):
            found.add(IBAN(m).compact)
    return found


def _media_files(media: Path):
    return [p for p in media.rglob("*") if p.is_file()]


def _database_values():
    """Every text value of every row, decrypted as the portal reads it (scopes off)."""
    with scopes_disabled():
        for model in apps.get_models():
            text_fields = [
                f.attname
                for f in model._meta.concrete_fields
                if isinstance(f, models.CharField | models.TextField | models.JSONField)
            ]
            if not text_fields:
                continue
            for row in model._base_manager.values_list(*text_fields):
                for value in row:
                    if value:
                        yield model._meta.label, str(value)


# --- My data -------------------------------------------------------------------------------------------------


def test_my_data_shows_her_data_by_category_masked_with_purposes_and_recipients(pw, client):
    _her(pw)
    client.force_login(pw.users[roles.AMBASSADOR])
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "Verilerim" in page and "Kimlik" in page and "Sözleşmenin kurulması" in page
    assert "•••••••••46" in page and TCKN not in page  # masked; the full value needs the password again
    assert "Yurt dışına hiçbir veri aktarılmaz." in page
    assert pw.users[roles.OPERATOR].email not in page


def test_revealing_her_own_number_asks_for_the_password_again(pw, client):
    trainee = _her(pw)
    client.force_login(pw.users[roles.AMBASSADOR])
    response = client.post(reverse("privacy:my_identifier_reveal"), {"key": f"training.trainee.{trainee.pk}.tckn"})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]


def test_her_download_holds_her_data_and_no_one_elses_and_is_stored_encrypted(
    pw, client, media, django_capture_on_commit_callbacks
):
    _her(pw)
    client.force_login(pw.users[roles.AMBASSADOR])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:my_export_request"))
    job = Job.objects.filter(kind="privacy.export", requested_by=pw.users[roles.AMBASSADOR]).latest("pk")
    assert job.status == "done", job.error
    assert (media / job.result_file.name).read_bytes().startswith(FERNET_PREFIX)
    response = client.get(reverse("privacy:my_export_download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "ozet-summary.pdf" in names and any(n.startswith("csv/") for n in names)
    data = json.loads(archive.read("verilerim-my-data.json"))
    assert data["person"]["email"] == pw.users[roles.AMBASSADOR].email
    text = json.dumps(data, ensure_ascii=False)
    assert TCKN in text
    for other in [pw.users[roles.OPERATOR], *(t.user for t in pw.other_trainees), *world_b_users(pw)]:
        assert other.email not in text
    # staff cannot open it, neither here nor through the generic job download
    client.force_login(pw.users[roles.STAFF])
    assert client.get(reverse("privacy:my_export_download", args=[job.pk])).status_code == 404
    assert client.get(reverse("job_download", args=[job.pk])).status_code == 404


def world_b_users(pw):
    from portal.models import User

    return User.objects.exclude(memberships__program=pw.program).filter(memberships__isnull=False)[:5]


def test_an_expired_download_is_gone(pw, client):
    client.force_login(pw.users[roles.AMBASSADOR])
    Job.objects.filter(pk=pw.export_job.pk).update(finished_at=timezone.now() - timedelta(days=8))
    assert client.get(reverse("privacy:my_export_download", args=[pw.export_job.pk])).status_code == 404


# --- requests ------------------------------------------------------------------------------------------------


def test_she_files_a_request_staff_see_the_deadline_overdue_in_red_and_answer_it(pw, client):
    her = pw.users[roles.AMBASSADOR]
    client.force_login(her)
    response = client.post(reverse("privacy:my_request_new"), {"kind": "correction", "text": "Telefonum yanlış."})
    request = DataRequest.objects.filter(subject=her, kind="correction").get()
    assert response.url == reverse("privacy:request_detail", args=[request.pk])
    assert request.due_on == timezone.localdate() + timedelta(days=30)
    DataRequest.objects.filter(pk=pw.data_request.pk).update(due_on=timezone.localdate() - timedelta(days=2))
    client.force_login(pw.users[roles.STAFF])
    queue = client.get(reverse("privacy:request_queue")).content.decode()
    assert "table-danger" in queue and "gecikmiş" in queue
    detail = client.get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    assert "düzeltme talebiniz" in detail  # the Turkish answer template, ready to adapt
    client.post(reverse("privacy:request_act", args=[request.pk, "note"]), {"text": "Nüfus kaydına bakıldı."})
    client.post(
        reverse("privacy:request_act", args=[request.pk, "answer"]),
        {"outcome": "granted", "answer": "Telefonunuz düzeltildi."},
    )
    request.refresh_from_db()
    assert request.status == "answered" and request.answered_by == pw.users[roles.STAFF]
    client.force_login(her)
    page = client.get(reverse("privacy:request_detail", args=[request.pk])).content.decode()
    assert "Telefonunuz düzeltildi." in page and "Nüfus kaydına" not in page  # internal notes stay internal


def test_staff_record_a_request_that_came_by_email(pw, client):
    client.force_login(pw.users[roles.STAFF])
    client.post(
        reverse("privacy:request_on_behalf"),
        {"email": pw.users[roles.OPERATOR].email, "channel": "email", "kind": "information", "text": "E-postayla."},
    )
    request = DataRequest.objects.get(subject=pw.users[roles.OPERATOR])
    assert (request.channel, request.entered_by) == ("email", pw.users[roles.STAFF])
    response = client.post(
        reverse("privacy:request_on_behalf"),
        {"email": "kimse@example.test", "channel": "email", "kind": "information", "text": "x"},
    )
    assert response.status_code == 400


# --- erasure -------------------------------------------------------------------------------------------------


def test_erasure_under_a_payment_hold_pseudonymises_destroys_files_and_keeps_the_ledger(pw, media):
    her, run, bank_file = _paid_month(pw)
    user = her.user
    values = {user.full_name, user.email, TCKN, IBAN_HERS, "05559876543"}
    amounts = list(Payment.objects.filter(run=run).order_by("pk").values_list("amount_kurus", flat=True))
    request = data_request_file(
        program_id=pw.program.pk, subject=user, actor=user, kind="erasure", text="Silin lütfen."
    )
    outcomes = erasure_carry_out(request=request, actor=pw.users[roles.STAFF])

    assert ledger.trial_balance(pw.program.pk) == 0
    assert list(Payment.objects.filter(run=run).order_by("pk").values_list("amount_kurus", flat=True)) == amounts
    her.refresh_from_db()
    assert her.tckn_hash == pii_hash("tckn", TCKN) and her.iban_hash == ""  # the one blind index kept, and why
    assert any(o.method == "pseudonymised" for o in outcomes)
    records = DestructionRecord.objects.filter(request=request)
    assert records.exists() and all(TCKN not in r.what + r.note for r in records)
    bank_file.refresh_from_db()
    assert not bank_file.file and len(bank_file.checksum) == 64  # the file is gone, its checksum stays
    leaks = [(label, v) for label, text in _database_values() for v in values if v in text]
    assert not leaks, leaks[:5]
    for path in _media_files(media):
        content = decrypt_bytes(path.read_bytes()).decode("utf-8", "ignore")
        assert not [v for v in values if v in content], path
    user.refresh_from_db()
    assert not user.is_active and not user.has_usable_password()


# --- retention -----------------------------------------------------------------------------------------------


def _old_unselected_application(pw):
    from ambassadors.models import AmbassadorApplication

    long_ago = timezone.now() - timedelta(days=500)
    call = Call.objects.create(
        program=pw.program,
        group="ambassador",
        title_tr="Eski çağrı",
        title_en="Old call",
        opens_at=long_ago - timedelta(days=30),
        closes_at=long_ago,
        quota=1,
        created_by=pw.users[roles.STAFF],
    )
    application = Application.objects.create(
        program=pw.program,
        call=call,
        group="ambassador",
        email="eski@example.test",
        token_hash="x" * 64,
        status="rejected",
    )
    details = AmbassadorApplication.objects.create(
        program=pw.program, application=application, full_name="Eski Başvuran", tckn=TCKN, privacy_consent=True
    )
    details.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 Eski Basvuran " + TCKN.encode()), save=True)
    return application, details


def test_retention_dry_run_counts_and_changes_nothing_then_the_run_destroys_and_logs(pw, media):
    application, details = _old_unselected_application(pw)
    Invitation.objects.create(
        program=pw.program,
        email="davet@example.test",
        role=Role.objects.get(code=roles.TRAINER),
        token_hash="y" * 64,
        invited_by=pw.users[roles.STAFF],
        expires_at=timezone.now() - timedelta(days=200),
    )
    cv_path = media / details.cv.name
    dry = retention.retention_run(program_id=pw.program.pk, dry_run=True)
    counts = {row["rule"]: row["count"] for row in dry.outcomes}
    assert counts["portal.applications"] == 1 and counts["portal.invitations"] == 1 and counts["ambassadors.cvs"] == 1
    assert Application.objects.filter(pk=application.pk).exists() and cv_path.exists()

    run = retention.retention_run(program_id=pw.program.pk, dry_run=False)
    assert not Application.objects.filter(pk=application.pk).exists() and not cv_path.exists()
    assert not Invitation.objects.filter(email="davet@example.test").exists()
    assert RetentionRun.objects.filter(program=pw.program).count() == 2
    assert DestructionRecord.objects.filter(run=run, category="selection", count=1).exists()


def test_retention_never_touches_bank_files_before_the_window_or_held_payments(pw, media):
    _her, run, bank_file = _paid_month(pw)
    retention.retention_run(program_id=pw.program.pk, dry_run=False)
    bank_file.refresh_from_db()
    assert bank_file.file and (media / bank_file.file.name).exists()
    assert (
        Payment.objects.filter(run=run, payee_id_number__isnull=False).count()
        == Payment.objects.filter(run=run).count()
    )


def test_retention_command_dry_run_prints_what_it_would_do(pw, capsys):
    from django.core.management import call_command

    _old_unselected_application(pw)
    call_command("retention", "--dry-run", "--program", pw.program.code)
    out = capsys.readouterr().out
    assert "dry run" in out and "would be destroyed" in out
    assert Application.objects.filter(email="eski@example.test").exists()


# --- files encrypted at rest --------------------------------------------------------------------------------


def test_no_file_with_a_valid_tckn_or_iban_is_stored_unencrypted_after_a_payment_run_export_or_upload(
    pw, client, media, django_capture_on_commit_callbacks
):
    _paid_month(pw)  # a bank file with every payee's TCKN and IBAN
    _old_unselected_application(pw)  # an uploaded CV naming a TCKN
    client.force_login(pw.users[roles.AMBASSADOR])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:my_export_request"))  # an export with her identifiers
    files = _media_files(media)
    assert len(files) >= 3
    for path in files:
        raw = path.read_bytes()
        text = raw.decode("latin-1")
        assert not _valid_tckns(text) and not _valid_ibans(text), path
        assert raw.startswith(FERNET_PREFIX), path
    # and the portal still reads them: the bank file decrypts to the payees' numbers
    plain = decrypt_bytes(max(files, key=lambda p: "bank_files" in str(p)).read_bytes()).decode("utf-8", "ignore")
    assert _valid_ibans(plain)


def test_encrypt_files_command_encrypts_old_plain_files_and_rotates_keys(pw, media, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from portal.pii import _fernet

    _application, details = _old_unselected_application(pw)
    path = media / details.cv.name
    path.write_bytes(b"%PDF old plain " + TCKN.encode())  # a file stored before encryption
    assert details.cv.open("rb").read().startswith(b"%PDF")  # still readable meanwhile
    call_command("encrypt_files")
    assert path.read_bytes().startswith(FERNET_PREFIX)
    settings.PII_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.PII_ENCRYPTION_KEYS]
    _fernet.cache_clear()
    before = path.read_bytes()
    call_command("encrypt_files")
    assert path.read_bytes() != before
    settings.PII_ENCRYPTION_KEYS = settings.PII_ENCRYPTION_KEYS[:1]  # only the new key left: still decrypts
    _fernet.cache_clear()
    assert TCKN.encode() in details.cv.storage.open(details.cv.name).read()  # the file only: fields keep their own keys
    _fernet.cache_clear()
