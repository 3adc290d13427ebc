"""Personal identifiers (KVKK): validation by checksum, encryption at rest, keyed hashes, masking.

TCKN (including foreign residents' 99… numbers), VKN and IBAN are validated with python-stdnum / schwifty,
stored encrypted with keys from PII_ENCRYPTION_KEYS (never SECRET_KEY; newest key first, so keys rotate),
found and deduplicated through an HMAC with PII_HASH_KEY, and shown masked. Revealing one is a service
(`portal.services.pii.pii_reveal`) that writes an access-log row.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.tr import tckimlik, vkn

CANARY_PLAINTEXT = "kvkk-canary"


# --- validation ---------------------------------------------------------------------------------------------


def normalize_tckn(value: str) -> str:
    """A valid 11-digit Turkish identity number (foreign residents' 99… numbers use the same checksum)."""
    try:
        return tckimlik.validate(str(value).strip())
    except StdnumError:
        raise ValidationError(
            _("This is not a valid T.C. identity number (check the 11 digits)."), code="tckn"
        ) from None


def normalize_vkn(value: str) -> str:
    try:
        return vkn.validate(str(value).strip())
    except StdnumError:
        raise ValidationError(_("This is not a valid tax number (VKN): check the 10 digits."), code="vkn") from None


def normalize_iban(value: str) -> str:
    """A valid Turkish IBAN in compact form (TR + 24 digits)."""
    try:
        iban = IBAN(str(value))
    except SchwiftyException:
        raise ValidationError(_("This is not a valid IBAN: check the digits."), code="iban") from None
    if iban.country_code != "TR":
        raise ValidationError(_("Payments go to Turkish bank accounts: the IBAN must start with TR."), code="iban")
    return iban.compact


def iban_bank_name(value: str) -> str:
    try:
        return IBAN(value).bank_name or ""
    except SchwiftyException:
        return ""


# --- encryption and hashing -------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("PII_ENCRYPTION_KEYS is empty")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(plaintext: str) -> str:
    return _fernet(tuple(settings.PII_ENCRYPTION_KEYS)).encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(tuple(settings.PII_ENCRYPTION_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured("personal data cannot be decrypted: wrong PII_ENCRYPTION_KEYS") from None


# Files are encrypted with the same keys as fields (portal.files.EncryptedStorage). A Fernet token always starts
# with this prefix (version byte 0x80, base64): a stored file without it was written before encryption.
FERNET_PREFIX = b"gAAAAA"


def encrypt_bytes(data: bytes) -> bytes:
    return _fernet(tuple(settings.PII_ENCRYPTION_KEYS)).encrypt(data)


def decrypt_bytes(data: bytes) -> bytes:
    """Plaintext of an encrypted file; a file written before encryption (no Fernet prefix) is returned as is."""
    if not data.startswith(FERNET_PREFIX):
        return data
    try:
        return _fernet(tuple(settings.PII_ENCRYPTION_KEYS)).decrypt(data)
    except InvalidToken:
        raise ImproperlyConfigured("a file cannot be decrypted: wrong PII_ENCRYPTION_KEYS") from None


def rotate_bytes(data: bytes) -> bytes:
    """Re-encrypt under the newest key (key rotation); encrypts a file stored before encryption."""
    if not data.startswith(FERNET_PREFIX):
        return encrypt_bytes(data)
    return _fernet(tuple(settings.PII_ENCRYPTION_KEYS)).rotate(data)


def pii_hash(kind: str, normalized: str) -> str:
    """Keyed hash for lookups and deduplication; the kind keeps a TCKN and a VKN with equal digits apart."""
    return hmac.new(settings.PII_HASH_KEY.encode(), f"{kind}:{normalized}".encode(), hashlib.sha256).hexdigest()


# --- masking ------------------------------------------------------------------------------------------------


def mask(value: str, *, keep_start: int = 0, keep_end: int = 2) -> str:
    if not value:
        return ""
    hidden = max(len(value) - keep_start - keep_end, 0)
    return value[:keep_start] + "•" * hidden + value[len(value) - keep_end :]


def mask_tckn(value: str) -> str:
    return mask(value, keep_start=0, keep_end=2)


def mask_iban(value: str) -> str:
    return mask(value, keep_start=4, keep_end=4)


# --- the model field ----------------------------------------------------------------------------------------


class EncryptedTextField(models.TextField):
    """Stores Fernet ciphertext; Python code sees plaintext. Pair it with a `<name>_hash` CharField for lookups.

    Not searchable and not orderable by design. History and audit rows must never copy its value.
    """

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        return None if value in (None, "") else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value in (None, "") else encrypt(value)
