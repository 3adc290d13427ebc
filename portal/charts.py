"""Charts as SVG drawn on the server: the same markup goes into a web page and into a WeasyPrint PDF.

No script and no style attributes (the Content-Security-Policy forbids inline styles): presentation attributes
only. Each chart is an accessible image (role="img", <title>, aria-label) that scales to its container's width
(viewBox, width="100%"). Every label is escaped. Helpers: radar, heatmap, bar_chart, line_chart, timeline.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import cos, pi, sin

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

PALETTE = ("#1f5fa8", "#e07b00", "#2e8540", "#8e44ad", "#c0392b", "#16a085")
FONT = "DejaVu Sans, Arial, sans-serif"
GRID = "#c8cdd3"
INK = "#222222"
MUTED = "#666666"
HEAT_LOW, HEAT_HIGH = (240, 244, 250), (31, 78, 140)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence  # numbers or None (no value)
    colour: str | None = None
    dashed: bool = False
    filled: bool = False


def _n(x: float) -> str:
    """Compact number for coordinates."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _fmt(value) -> str:
    if value is None:
        return "–"
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def _clip(label: str, limit: int) -> str:
    label = str(label)
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _text(x, y, label, *, size=11, anchor="start", fill=INK, weight=None, baseline=None) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    extra += f' dominant-baseline="{baseline}"' if baseline else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{extra}>'
        f"{escape(label)}</text>"
    )


def _svg(width: float, height: float, title: str, body: list[str], css_class: str = "chart") -> SafeString:
    title = escape(title or gettext("Chart"))
    return mark_safe(  # noqa: S308 — every label above went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(width)} {_n(height)}" width="100%" '
        f'role="img" aria-label="{title}" font-family="{FONT}" class="{css_class}"><title>{title}</title>'
        + "".join(body)
        + "</svg>"
    )


def _colour(series: Series, index: int) -> str:
    return series.colour or PALETTE[index % len(PALETTE)]


def _legend(series: Sequence[Series], x: float, y: float, *, width: float) -> tuple[list[str], float]:
    """Legend items laid out left to right, wrapping; returns the markup and the height used."""
    parts, cx, cy = [], x, y
    for i, s in enumerate(series):
        item_width = 28 + 7 * len(s.label)
        if cx + item_width > x + width and cx > x:
            cx, cy = x, cy + 18
        dash = ' stroke-dasharray="5 3"' if s.dashed else ""
        parts.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(cx + 18)}" y2="{_n(cy)}" stroke="{_colour(s, i)}" '
            f'stroke-width="3"{dash}/>'
        )
        parts.append(_text(cx + 23, cy + 4, s.label, size=11))
        cx += item_width
    return parts, cy - y + 18


def radar(
    axes: Sequence[str],
    series: Sequence[Series],
    *,
    min_value: float = 0,
    max_value: float = 5,
    title: str = "",
    size: int = 420,
) -> SafeString:
    """A spider chart: one spoke per axis, rings at every whole value, one polygon per series."""
    n = len(axes)
    cx = cy = size / 2
    radius = size / 2 - 48
    span = (max_value - min_value) or 1

    def point(i, value):
        angle = -pi / 2 + 2 * pi * i / max(n, 1)
        r = radius * (max(min(value, max_value), min_value) - min_value) / span
        return cx + r * cos(angle), cy + r * sin(angle)

    body = []
    level = min_value
    while level <= max_value:
        ring = " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, level) for i in range(n)))
        body.append(f'<polygon points="{ring}" fill="none" stroke="{GRID}" stroke-width="1"/>')
        body.append(_text(cx + 3, point(0, level)[1] - 2, _fmt(level), size=9, fill=MUTED))
        level += 1
    for i, label in enumerate(axes):
        x, y = point(i, max_value)
        body.append(f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" stroke="{GRID}" stroke-width="1"/>')
        angle = -pi / 2 + 2 * pi * i / max(n, 1)
        lx, ly = cx + (radius + 16) * cos(angle), cy + (radius + 16) * sin(angle)
        anchor = "middle" if abs(cos(angle)) < 0.3 else ("start" if cos(angle) > 0 else "end")
        body.append(_text(lx, ly + 4, _clip(label, 14), size=11, anchor=anchor))
    for index, s in enumerate(series):
        colour = _colour(s, index)
        points = " ".join(
            f"{_n(x)},{_n(y)}" for x, y in (point(i, v if v is not None else min_value) for i, v in enumerate(s.values))
        )
        fill = f'fill="{colour}" fill-opacity="0.15"' if s.filled else 'fill="none"'
        dash = ' stroke-dasharray="5 3"' if s.dashed else ""
        body.append(f'<polygon points="{points}" {fill} stroke="{colour}" stroke-width="2"{dash}/>')
        for i, v in enumerate(s.values):
            if v is not None:
                x, y = point(i, v)
                body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="{colour}"/>')
    legend, legend_height = _legend(series, 10, size + 6, width=size - 20)
    return _svg(size, size + legend_height + 6, title, body + legend, "chart chart-radar")


def _heat(value, min_value, max_value) -> tuple[str, str]:
    if value is None:
        return "#eeeeee", MUTED
    t = (min(max(value, min_value), max_value) - min_value) / ((max_value - min_value) or 1)
    rgb = tuple(round(lo + (hi - lo) * t) for lo, hi in zip(HEAT_LOW, HEAT_HIGH, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb), ("#ffffff" if t > 0.55 else INK)


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence],
    *,
    min_value: float = 0,
    max_value: float = 5,
    title: str = "",
    label_width: int = 250,
    cell_width: int = 84,
    cell_height: int = 22,
) -> SafeString:
    """A table of coloured cells (darker = higher), the value written in each; None is a grey dash."""
    header = 30
    width = label_width + cell_width * len(columns) + 4
    height = header + cell_height * len(rows) + 4
    body = []
    for j, column in enumerate(columns):
        x = label_width + cell_width * j + cell_width / 2
        body.append(_text(x, header - 10, _clip(column, 14), size=10, anchor="middle", weight="bold"))
    for i, label in enumerate(rows):
        y = header + cell_height * i
        body.append(_text(label_width - 8, y + cell_height / 2 + 4, _clip(label, 40), size=10, anchor="end"))
        for j, value in enumerate(values[i]):
            fill, ink = _heat(value, min_value, max_value)
            x = label_width + cell_width * j
            body.append(
                f'<rect x="{_n(x + 1)}" y="{_n(y + 1)}" width="{_n(cell_width - 2)}" height="{_n(cell_height - 2)}" '
                f'fill="{fill}"/>'
            )
            body.append(
                _text(x + cell_width / 2, y + cell_height / 2 + 4, _fmt(value), size=10, anchor="middle", fill=ink)
            )
    return _svg(width, height, title, body, "chart chart-heatmap")


def bar_chart(
    labels: Sequence[str],
    values: Sequence,
    *,
    max_value: float | None = None,
    title: str = "",
    colour: str = PALETTE[0],
    label_width: int = 200,
    bar_area: int = 320,
    bar_height: int = 18,
) -> SafeString:
    """Horizontal bars with the value at the end of each."""
    top = max_value if max_value is not None else max([v for v in values if v is not None] or [1]) or 1
    width = label_width + bar_area + 50
    height = (bar_height + 6) * len(labels) + 6
    body = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 4 + (bar_height + 6) * i
        body.append(_text(label_width - 8, y + bar_height / 2 + 4, _clip(label, 32), size=11, anchor="end"))
        length = 0 if value is None else bar_area * max(min(value, top), 0) / top
        body.append(f'<rect x="{label_width}" y="{_n(y)}" width="{_n(length)}" height="{bar_height}" fill="{colour}"/>')
        body.append(_text(label_width + length + 5, y + bar_height / 2 + 4, _fmt(value), size=10, fill=MUTED))
    return _svg(width, height, title, body, "chart chart-bar")


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    min_value: float = 0,
    max_value: float | None = None,
    title: str = "",
    width: int = 520,
    height: int = 260,
) -> SafeString:
    """Lines over shared x labels, with a y grid at five steps and a legend below."""
    values = [v for s in series for v in s.values if v is not None]
    top = max_value if max_value is not None else max([*values, min_value + 1])
    left, right, top_pad, bottom = 40, 12, 12, 30
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    span = (top - min_value) or 1

    def xy(i, v):
        x = left + (plot_w * i / max(len(x_labels) - 1, 1))
        return x, top_pad + plot_h * (1 - (v - min_value) / span)

    body = []
    for k in range(6):
        v = min_value + span * k / 5
        _x, y = xy(0, v)
        body.append(f'<line x1="{left}" y1="{_n(y)}" x2="{width - right}" y2="{_n(y)}" stroke="{GRID}"/>')
        body.append(_text(left - 5, y + 4, _fmt(round(v, 1)), size=9, anchor="end", fill=MUTED))
    for i, label in enumerate(x_labels):
        x, _y = xy(i, min_value)
        body.append(_text(x, height - bottom + 16, _clip(label, 12), size=10, anchor="middle"))
    for index, s in enumerate(series):
        colour = _colour(s, index)
        points = [xy(i, v) for i, v in enumerate(s.values) if v is not None]
        dash = ' stroke-dasharray="5 3"' if s.dashed else ""
        if len(points) > 1:
            path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        body += [f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3" fill="{colour}"/>' for x, y in points]
    legend, legend_height = _legend(series, left, height + 4, width=plot_w)
    return _svg(width, height + legend_height + 6, title, body + legend, "chart chart-line")


def timeline(
    rows: Sequence[tuple],
    periods: Sequence[str],
    *,
    title: str = "",
    label_width: int = 230,
    period_width: int = 80,
    row_height: int = 24,
) -> SafeString:
    """A Gantt-style plan: rows of (label, first period, last period[, progress 0–100]), periods 1-based."""
    header = 24
    width = label_width + period_width * len(periods) + 4
    height = header + row_height * len(rows) + 4
    body = []
    for j, period in enumerate(periods):
        x = label_width + period_width * j
        body.append(
            f'<line x1="{_n(x)}" y1="{header - 18}" x2="{_n(x)}" y2="{_n(height)}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(x + period_width / 2, header - 6, period, size=11, anchor="middle", weight="bold"))
    for i, row in enumerate(rows):
        label, first, last = row[0], row[1], row[2]
        progress = row[3] if len(row) > 3 else None
        y = header + row_height * i
        colour = PALETTE[i % len(PALETTE)]
        body.append(_text(label_width - 8, y + row_height / 2 + 4, _clip(label, 36), size=10, anchor="end"))
        x = label_width + period_width * (first - 1) + 3
        w = period_width * (last - first + 1) - 6
        body.append(
            f'<rect x="{_n(x)}" y="{_n(y + 4)}" width="{_n(w)}" height="{row_height - 8}" rx="3" '
            f'fill="{colour}" fill-opacity="0.35" stroke="{colour}"/>'
        )
        if progress:
            done = w * max(min(progress, 100), 0) / 100
            body.append(
                f'<rect x="{_n(x)}" y="{_n(y + 4)}" width="{_n(done)}" height="{row_height - 8}" rx="3" '
                f'fill="{colour}"/>'
            )
    return _svg(width, height, title, body, "chart chart-timeline")
