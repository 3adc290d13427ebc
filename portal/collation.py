"""Turkish alphabetical order, the same on PostgreSQL (ICU collation `tr-x-icu`) and SQLite (this module's key,
registered as a collation of that name by portal.db.sqlite3), and for lists sorted in Python.

a b c ç d e f g ğ h ı i j k l m n o ö p r s ş t u ü v y z — "Ağrı" before "Aydın", "Çorum" after "Bursa",
"İstanbul" between "Iğdır" and "Kars", never after "Zonguldak" as a code-point sort puts it.
"""

import unicodedata

TURKISH = "tr-x-icu"  # the db_collation of name columns

_ALPHABET = "abcçdefgğhıijklmnoöprsştuüvyz"
_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_LOWER = str.maketrans({"I": "ı", "İ": "i"})


def _rank(char: str) -> tuple[int, int]:
    if char in _RANK:
        return (1, _RANK[char])
    base = unicodedata.normalize("NFD", char)[0]  # â → a, î → i, é → e: letters Turkish borrows sort as their base
    if base in _RANK and base != char:
        return (1, _RANK[base])
    if char.isdigit():
        return (0, int(char) if char.isascii() else ord(char))
    if char.isspace() or not char.isalnum():
        return (-1, 0)
    return (2, ord(char))


def turkish_upper(text: str | None) -> str | None:
    """Upper case the Turkish way: i → İ, ı → I (str.upper() gives "I" for both)."""
    if text is None:
        return None
    return text.replace("i", "İ").replace("ı", "I").upper()


def turkish_sort_key(text: str | None) -> tuple:
    text = text or ""
    lowered = text.translate(_LOWER).lower()
    return (tuple(_rank(c) for c in lowered), text)


def turkish_compare(left: str | None, right: str | None) -> int:
    a, b = turkish_sort_key(left), turkish_sort_key(right)
    return (a > b) - (a < b)
