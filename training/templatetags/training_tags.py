from django import template
from django.utils.translation import pgettext_lazy

register = template.Library()

BADGES = {
    "present": "text-bg-success",
    "late": "text-bg-warning",
    "absent": "text-bg-danger",
    "excused": "text-bg-info",
}
LETTERS = {
    "present": pgettext_lazy("attendance, one letter", "P"),
    "late": pgettext_lazy("attendance, one letter", "L"),
    "absent": pgettext_lazy("attendance, one letter", "A"),
    "excused": pgettext_lazy("attendance, one letter", "E"),
}
STEP_BADGES = {
    "done": "text-bg-success",
    "current": "text-bg-primary",
    "next": "text-bg-secondary",
    "later": "text-bg-light",
}


@register.filter
def attendance_badge(status) -> str:
    return BADGES.get(status or "", "text-bg-light")


@register.filter
def attendance_letter(status) -> str:
    return LETTERS.get(status or "", "")


@register.filter
def step_badge(state) -> str:
    return STEP_BADGES.get(state, "text-bg-light")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
