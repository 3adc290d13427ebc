from django import template

from assessments.workflow import WAITING_ON

register = template.Library()


@register.filter
def dict_get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def waiting_on(status):
    return WAITING_ON.get(status, "")


@register.filter
def percent(value, digits=0):
    """0.1234 → "12" (share as a percentage)."""
    if value is None:
        return "–"
    return f"{100 * value:.{int(digits)}f}"


@register.filter
def band(value):
    if value is None:
        return "–"
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


@register.filter
def signed(value):
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else str(value)
