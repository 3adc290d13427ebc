"""Files that carry personal identifiers: encrypted at rest, and every download logged (KVKK, DESIGN.md).

Bank files, bank statements, payroll and SGK proofs, CVs, signed agreements and background-job results (exports
that may name people) are stored through `EncryptedStorage`: the bytes are encrypted with the PII keys (the same
MultiFernet as encrypted fields, so `PII_ENCRYPTION_KEYS` rotates them too: `manage.py encrypt_files`) before the
configured storage (local folder or S3) ever sees them, and decrypted when the portal opens them. Code that writes
or reads these files does not change: `field.save(name, ContentFile(...))` and `field.open("rb")` work as before.

Serving one goes through `file_download`, which writes an access-log row (who, when, which file, why) in the
request's transaction, like revealing a masked identifier.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

from portal.pii import decrypt_bytes, encrypt_bytes, rotate_bytes


@deconstructible(path="portal.files.EncryptedStorage")
class EncryptedStorage(Storage):
    """Wraps the default storage: what reaches the disk (or the bucket) is ciphertext only."""

    @property
    def inner(self) -> Storage:
        return storages["default"]

    def _open(self, name, mode="rb"):
        with self.inner.open(name, "rb") as handle:
            data = handle.read()
        return ContentFile(decrypt_bytes(data), name=name)

    def _save(self, name, content):
        if hasattr(content, "seek"):
            content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        if isinstance(data, str):
            data = data.encode()
        return self.inner.save(name, ContentFile(encrypt_bytes(data)))

    def rotate(self, name) -> None:
        """Re-encrypt one stored file under the newest key (or encrypt one stored before encryption)."""
        with self.inner.open(name, "rb") as handle:
            data = handle.read()
        rotated = rotate_bytes(data)
        if rotated != data:
            self.inner.delete(name)
            saved = self.inner.save(name, ContentFile(rotated))
            if saved != name:  # a storage that refuses to reuse the name would break the row's reference
                raise RuntimeError(f"storage renamed {name} to {saved} while rotating")

    def raw(self, name) -> bytes:
        """The stored bytes as they are on disk (for checks and tests)."""
        with self.inner.open(name, "rb") as handle:
            return handle.read()

    def delete(self, name):
        return self.inner.delete(name)

    def exists(self, name):
        return self.inner.exists(name)

    def listdir(self, path):
        return self.inner.listdir(path)

    def size(self, name):
        return self.inner.size(name)

    def url(self, name):
        # never a direct link: files are served by views that log the download
        raise NotImplementedError("encrypted files are served through portal.files.file_download")

    def get_available_name(self, name, max_length=None):
        return self.inner.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.inner.generate_filename(filename)

    def get_modified_time(self, name):
        return self.inner.get_modified_time(name)


_encrypted = EncryptedStorage()


def encrypted_storage() -> EncryptedStorage:
    """For `FileField(storage=encrypted_storage)`: a callable, so migrations name it instead of copying it."""
    return _encrypted


def file_destroy(field_file) -> bool:
    """Delete a stored file (retention or erasure); the row keeps its checksum and totals. True if one existed."""
    if not field_file or not field_file.name:
        return False
    storage = field_file.storage
    existed = storage.exists(field_file.name)
    if existed:
        storage.delete(field_file.name)
    return existed


def file_download(
    *, audience, actor, obj, field: str, reason: str = "", reason_required: bool = False, filename: str | None = None
) -> FileResponse:
    """Serve `obj.<field>` as an attachment and write the access-log row (who, when, which file, why).

    Bank files ask for a reason (`reason_required`); other documents record what the person was doing.
    """
    from portal.models import PiiAccessLog

    reason = (reason or "").strip()
    if reason_required and len(reason) < 5:
        raise ValidationError({"reason": _("Say why you need this file.")})
    field_file = getattr(obj, field)
    PiiAccessLog.objects.create(
        program_id=audience.program_id,
        actor=actor,
        subject_type=obj._meta.label_lower,
        subject_id=str(obj.pk),
        field=f"file:{field}"[:40],
        reason=(reason or _("download"))[:300],
    )
    return FileResponse(
        field_file.open("rb"), as_attachment=True, filename=filename or field_file.name.rsplit("/", 1)[-1]
    )
