"""Uploaded files are judged by their content, never by their name or the browser's content type, and are named
by what they are: a photo sent as "bordro.pdf" is stored (and served) as "bordro.jpg"."""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    name: str
    extension: str
    signatures: tuple[bytes, ...]


PDF = Kind("PDF", "pdf", (b"%PDF-",))
PNG = Kind("PNG", "png", (b"\x89PNG\r\n\x1a\n",))
JPEG = Kind("JPEG", "jpg", (b"\xff\xd8\xff",))
XLSX = Kind("Excel (xlsx)", "xlsx", (b"PK\x03\x04",))
DOCUMENTS = (PDF, PNG, JPEG)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def sniff(head: bytes, kinds=DOCUMENTS) -> Kind | None:
    return next((k for k in kinds if any(head.startswith(sig) for sig in k.signatures)), None)


def validate_upload(upload, *, kinds=DOCUMENTS, max_bytes: int = DEFAULT_MAX_BYTES) -> Kind:
    """Return the detected kind, or raise a ValidationError saying what is accepted. Reads only the first bytes
    (and a PDF's last ones). The upload's name gets the detected kind's extension, so it is stored as what it is."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head, kinds)
    if kind is None:
        raise ValidationError(
            _("This file is not a %(kinds)s file (we check the content, not the name).")
            % {"kinds": " / ".join(k.name for k in kinds)},
            code="bad_type",
        )
    if kind is PDF and b"%%EOF" not in _tail(upload):
        raise ValidationError(_("This PDF is damaged or incomplete."), code="bad_pdf")
    upload.name = named_as(getattr(upload, "name", "") or "file", kind)
    return kind


def named_as(name: str, kind: Kind) -> str:
    """'scan.pdf' detected as JPEG → 'scan.jpg'; the stem kept short and free of path parts."""
    stem = PurePosixPath(name.replace("\\", "/")).stem.replace("\x00", "")[:80] or "file"
    return f"{stem}.{kind.extension}"


def _tail(upload, size: int = 2048) -> bytes:
    upload.seek(max(upload.size - size, 0))
    tail = upload.read()
    upload.seek(0)
    return tail
