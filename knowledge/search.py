"""Search that works the same on PostgreSQL and SQLite: every resource keeps a folded copy of its texts (Turkish
lower case, accents and Turkish letters reduced to ASCII), and a query is folded the same way, so "isci" finds
"işçi", "YEŞİL" finds "yeşil" and "Dönüşüm" finds "donusum". Each word of the query must appear."""

import re
import unicodedata

_TURKISH = str.maketrans({"I": "ı", "İ": "i"})
_ASCII = str.maketrans({"ı": "i", "ş": "s", "ğ": "g", "ç": "c", "ö": "o", "ü": "u"})
_WORDS = re.compile(r"\w+")


def fold(text: str | None) -> str:
    """'İŞÇİ Sağlığı' -> 'isci sagligi': Turkish lower case first (I -> ı, İ -> i), then plain ASCII letters."""
    lowered = (text or "").translate(_TURKISH).lower().translate(_ASCII)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def query_terms(query: str | None, *, limit: int = 8) -> list[str]:
    """The folded words of a query, at most `limit` of them (a pasted essay is not eight hundred LIKEs)."""
    return _WORDS.findall(fold(query))[:limit]
