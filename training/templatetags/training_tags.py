from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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


@register.simple_tag
def attendance_cells(cells):
    """The cells of one trainee's row of the attendance sheet, rendered in one go: a cohort's sheet has some
    thousands of cells, and a template loop with two filters per cell took most of the page's time."""
    letters = {status: str(letter) for status, letter in LETTERS.items()}
    parts = []
    for cell in cells:
        if cell:
            parts.append(
                format_html(
                    '<td><span class="badge {}">{}</span></td>',
                    BADGES.get(cell, "text-bg-light"),
                    letters.get(cell, ""),
                )
            )
        elif cell is None:
            parts.append(mark_safe("<td>·</td>"))
        else:
            parts.append(mark_safe("<td></td>"))
    return mark_safe("".join(parts))  # noqa: S308 — every part escaped above
