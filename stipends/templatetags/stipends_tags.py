from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lira(kurus) -> str:
    """Kuruş → '1.234,50 ₺' in Turkish, '₺1,234.50' in English. Display only: never parse it back."""
    if kurus in (None, ""):
        return "–"
    kurus = int(kurus)
    sign = "-" if kurus < 0 else ""
    whole, frac = divmod(abs(kurus), 100)
    if (get_language() or "tr").startswith("en"):
        return f"{sign}₺{whole:,}.{frac:02d}"
    return f"{sign}{whole:,}".replace(",", ".") + f",{frac:02d} ₺"


@register.filter
def month(day) -> str:
    return day.strftime("%m.%Y") if day else ""
