"""Mobile numbers and SMS length: E.164 for every gateway, GSM-7 or UCS-2 decided by the text itself."""

import phonenumbers

# GSM 03.38 basic set; the extension set (^{}[]~|€\) costs two septets each. Turkish ç, ğ, ı, İ, ş, Ö... are not
# all in it (only Ç, ö, ü, Ö, Ü are), so one Turkish letter turns the whole message into UCS-2: 70 characters a part.
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")


def to_e164(value: str, *, region: str = "TR") -> str:
    """'0532 123 45 67' → '+905321234567'; '' when it is not a valid mobile number."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(str(value), region)
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    if phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def sms_parts(text: str) -> tuple[str, int]:
    """('gsm7' | 'ucs2', number of parts the gateway bills): 160/153 septets or 70/67 UCS-2 characters."""
    if is_gsm7(text):
        length = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
        single, multi, encoding = 160, 153, "gsm7"
    else:
        length = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)  # UTF-16 code units
        single, multi, encoding = 70, 67, "ucs2"
    if length <= single:
        return encoding, 1
    return encoding, -(-length // multi)


def mask(number: str) -> str:
    """+905321234567 → +90532•••4567, for lists staff read."""
    return number[:6] + "•••" + number[-4:] if len(number) > 10 else number
