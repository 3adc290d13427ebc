"""List filters read from the query string through forms: a value that does not parse is dropped with the field's
error, and the list shows as if that filter were not set — never a 500, never a guess.

Numbers are ASCII digits bounded to what the database holds (`str.isdigit()` also accepts "⁰⁴⁵", which `int()`
refuses), months are `YYYY-MM` within the years the program can have, and `FilterForm.values()` gives a view the
filters that parsed.
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# What a positive database integer (and a primary key) can hold everywhere we run: PostgreSQL's `integer`.
INT_MAX = 2**31 - 1
FIRST_YEAR, LAST_YEAR = 2000, 2100
ASCII_INT = re.compile(r"\A[0-9]{1,10}\Z")
MONTH = re.compile(r"\A([0-9]{4})-([0-9]{2})\Z")


def ascii_int(value, *, low: int = 0, high: int = INT_MAX) -> int | None:
    """'42' → 42; None for anything else: signs, spaces, other scripts' digits, values outside [low, high]."""
    text = str(value or "").strip()
    if not ASCII_INT.match(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def parse_month(value) -> datetime.date | None:
    """'2025-03' → 2025-03-01; None for anything else (month 00 or 13, year 0000, other shapes)."""
    match = MONTH.match(str(value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


class BoundedIntegerField(forms.IntegerField):
    """An integer of ASCII digits between min_value (default 0) and max_value (default the database's limit)."""

    def __init__(self, *, min_value=0, max_value=INT_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = ascii_int(value, low=0, high=10**12)
        if number is None:
            raise ValidationError(_("Enter a whole number."), code="invalid")
        return number


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker) → the first day of that month."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-09"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        month = parse_month(text)
        if month is None:
            raise ValidationError(_("Give the month as YYYY-MM."), code="invalid")
        return month


class FilterForm(forms.Form):
    """A GET form of a list's filters. `values()` gives the fields that parsed, leaving out empty ones."""

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)

    def values(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [], ())}

    def ignored(self) -> str:
        """What the list says when a filter did not parse: which ones it left out (empty when none)."""
        self.is_valid()
        labels = [str(self.fields[name].label or name) for name in self.errors if name in self.fields]
        if not labels:
            return ""
        return _("Not understood, so not applied: %(filters)s.") % {"filters": ", ".join(labels)}


def month_q(field: str, month: datetime.date) -> Q:
    """Rows whose date field falls in the month (a range, so an index on the field serves it)."""
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return Q(**{f"{field}__gte": month, f"{field}__lt": following})
