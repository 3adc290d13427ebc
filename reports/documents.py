"""Turning a snapshot (reports.figures) into what people read: rows, tables, SVG charts, the monitoring-report PDF
and Excel workbooks. The web page, the PDF and the Excel export are made from the same tables."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import charts
from portal.xlsx import Workbook, text_columns
from reports.calculators import DIMENSIONS
from reports.figures import SUPPRESS_BELOW, as_decimal, province_column_labels, stage_labels


def _name(entry) -> str:
    english = (get_language() or "tr").startswith("en")
    return (entry["name_en"] if english else entry["name_tr"]) or entry["name_tr"]


def display(value, unit: str) -> str:
    """A figure as people read it: money from kuruş in lira, percentages with one decimal."""
    if value is None:
        return "–"
    value = as_decimal(value)
    if unit == "kurus":
        return number_format(value / 100, decimal_pos=2, force_grouping=True) + " ₺"
    if unit == "percent":
        return number_format(value, decimal_pos=1) + " %"
    return number_format(value, decimal_pos=0 if value == value.to_integral_value() else 1, force_grouping=True)


def suppressed_mark() -> str:
    return f"< {SUPPRESS_BELOW}"


@dataclass
class Table:
    key: str
    title: str
    headers: list
    rows: list  # lists of cells (str or numbers)


def indicator_rows(snapshot: dict) -> list[dict]:
    rows = []
    for entry in snapshot["indicators"]:
        suppressed = entry.get("suppressed", False)
        rows.append(
            {
                **entry,
                "name": _name(entry),
                "value_display": suppressed_mark() if suppressed else display(entry["value"], entry["unit"]),
                "target_display": display(entry["target"], entry["unit"]),
                "final_display": display(entry["final_target"], entry["unit"]),
                "baseline_display": display(entry["baseline"], entry["unit"]),
            }
        )
    return rows


def tables(snapshot: dict) -> list[Table]:
    """Every table of a dashboard, in order: indicators, funnel, provinces, then one per disaggregation."""
    result = [
        Table(
            "indicators",
            _("Indicators against targets"),
            [
                _("Code"),
                _("Indicator"),
                _("Baseline"),
                _("Value"),
                _("Target"),
                _("Due"),
                _("Final target"),
                _("Progress (%)"),
            ],
            [
                [
                    r["code"],
                    r["name"],
                    r["baseline_display"],
                    r["value_display"] if r["available"] else _("source not installed"),
                    r["target_display"],
                    r["target_due"] or "",
                    r["final_display"],
                    "" if r["progress"] is None else r["progress"],
                ]
                for r in indicator_rows(snapshot)
            ],
        )
    ]
    stages = stage_labels()
    result.append(
        Table(
            "funnel",
            _("From application to retention"),
            [_("Track"), *stages.values()],
            [
                [_("Change ambassadors") if track == "ambassador" else _("Operators")]
                + [_cell(value, snapshot) for _stage, value in funnel]
                for track, funnel in snapshot["funnel"].items()
            ],
        )
    )
    columns = snapshot.get("province_columns", [])
    labels = province_column_labels()
    result.append(
        Table(
            "provinces",
            _("By province"),
            [_("Province"), *(labels[c] for c in columns)],
            [
                [name, *(_cell((cols.get(c) or [0])[0], snapshot) for c in columns)]
                for name, cols in snapshot["provinces"]
            ],
        )
    )
    for entry in snapshot["indicators"]:
        for dim, cells in entry.get("disaggregations", {}).items():
            result.append(
                Table(
                    f"{entry['code']}:{dim}",
                    f"{entry['code']} · {DIMENSIONS.get(dim, dim)}",
                    [str(DIMENSIONS.get(dim, dim)), _("Value")],
                    [
                        [label, display(value, entry["unit"]) if value is not None else suppressed_mark()]
                        for label, value, *_r in cells
                    ],
                )
            )
    return result


def _cell(value, snapshot):
    if value is None:
        return suppressed_mark() if snapshot.get("public") else "–"
    return value


def progress_chart(snapshot: dict):
    rows = [r for r in indicator_rows(snapshot) if r["progress"] is not None]
    return charts.bar_chart(
        [f"{r['code']} {r['name']}" for r in rows],
        [r["progress"] for r in rows],
        max_value=100,
        title=_("Progress against the final target (%)"),
        label_width=260,
    )


def funnel_chart(snapshot: dict, track: str):
    stages = stage_labels()
    funnel = snapshot["funnel"].get(track, [])
    return charts.bar_chart(
        [str(stages[s]) for s, _v in funnel],
        [v for _s, v in funnel],
        title=_("Change ambassadors") if track == "ambassador" else _("Operators"),
        colour=charts.PALETTE[1 if track == "operator" else 0],
    )


def province_chart(snapshot: dict):
    rows = [(name, (cols.get("firms") or [0])[0]) for name, cols in snapshot["provinces"]]
    rows = [(n, v) for n, v in rows if v]
    if not rows:
        return ""
    return charts.bar_chart([n for n, _v in rows], [v for _n, v in rows], title=_("Firms by province"))


def report_context(*, period, snapshot: dict, narratives: dict) -> dict:
    from reports.models import NarrativeSection

    rows = indicator_rows(snapshot)
    levels = {"impact": _("Impact"), "outcome": _("Outcomes"), "output": _("Outputs")}
    return {
        "program": period.program,
        "period": period,
        "snapshot": snapshot,
        "indicators": rows,
        "levels": [(label, [r for r in rows if r["level"] == level]) for level, label in levels.items()],
        "tables": tables(snapshot),
        "progress_chart": progress_chart(snapshot),
        "funnel_charts": [funnel_chart(snapshot, t) for t in ("ambassador", "operator")],
        "province_chart": province_chart(snapshot),
        "summary": narratives.get("summary", ""),
        "narratives": [
            (label, narratives[key])
            for key, label in NarrativeSection.Key.choices
            if key in narratives and key != "summary"
        ],
        "generated_at": timezone.now(),
        "dimensions": DIMENSIONS,
    }


def render_report(context: dict, *, language: str) -> bytes:
    from portal.pdf import render_pdf

    return render_pdf("pdf/reports_monitoring.html", context, language=language)


# --- Excel ----------------------------------------------------------------------------------------


def workbook(selected: list[Table]) -> bytes:
    book = Workbook()
    for index, table in enumerate(selected, start=1):
        title = "".join(ch for ch in table.key if ch.isalnum() or ch in " _-")[:28] or f"t{index}"
        sheet = book.sheet(f"{index}-{title}", text_columns(table.headers), caption=str(table.title))
        for row in table.rows:
            sheet.append(row)
    return book.to_bytes()
