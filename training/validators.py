from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def normalize_phone(value: str) -> str:
    """A Turkish mobile number as +905XXXXXXXXX; accepts 05…, 5…, +90 5…, 0090 5… with spaces, dashes, brackets."""
    digits = "".join(ch for ch in str(value or "") if ch.isdigit())
    for prefix in ("0090", "90", "0"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 10:
            digits = digits[len(prefix) :]
            break
    if len(digits) != 10 or not digits.startswith("5"):
        raise ValidationError(_("Enter a Turkish mobile number, e.g. 0532 123 45 67."), code="phone")
    return "+90" + digits
