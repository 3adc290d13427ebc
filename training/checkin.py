"""Self check-in codes: six characters, derived from the session and a fresh nonce with a server secret.

The code itself is never stored: the session keeps only the nonce and the expiry, and the code is recomputed
to show it (text and QR) and to check what a trainee types. A new code replaces the old one at once.
"""

import secrets

from django.utils.crypto import constant_time_compare, salted_hmac

# 32 symbols without the look-alikes 0/O and 1/I, so a code read off a projector is typed right.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 6


def new_nonce() -> str:
    return secrets.token_hex(16)


def code_for(session_id: int, nonce: str) -> str:
    digest = salted_hmac("training.checkin", f"{session_id}:{nonce}", algorithm="sha256").digest()
    number = int.from_bytes(digest[:8], "big")
    return "".join(ALPHABET[(number >> (5 * i)) & 31] for i in range(LENGTH))


def normalize(raw: str) -> str:
    """What she typed, as a code: case, spaces and dashes do not matter."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def matches(session_id: int, nonce: str, typed: str) -> bool:
    return bool(nonce) and constant_time_compare(code_for(session_id, nonce), normalize(typed))
