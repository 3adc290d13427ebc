"""Server-side SVG: well-formed, accessible, escaped, and free of inline styles (the CSP forbids them)."""

from xml.etree import ElementTree

from portal import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    root = ElementTree.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.get("aria-label")
    assert "style=" not in str(svg) and "<script" not in str(svg)
    return root


def test_radar_draws_one_polygon_per_series_and_the_axes():
    svg = charts.radar(
        ["VI", "HI", "IPL"],
        [charts.Series("Bu firma", [1, 4, None], filled=True), charts.Series("Medyan", [2, 2, 2], dashed=True)],
        title="Profil <SIRI>",
    )
    root = parse(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"VI", "HI", "IPL", "Bu firma", "Medyan"} <= set(texts)
    # six rings (bands 0–5) and two series
    assert len(list(root.iter(f"{SVG}polygon"))) == 6 + 2
    assert "Profil &lt;SIRI&gt;" in str(svg)


def test_heatmap_writes_each_value_and_a_dash_for_none():
    svg = charts.heatmap(["Dikey Entegrasyon", "Yatay <b>"], ["Firma", "Medyan"], [[3, None], [5, 2.5]])
    root = parse(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert [t for t in texts if t in {"3", "–", "5", "2.5"}] == ["3", "–", "5", "2.5"]
    assert "Yatay &lt;b&gt;" in str(svg)
    assert len(list(root.iter(f"{SVG}rect"))) == 4


def test_bar_line_and_timeline_helpers():
    parse(charts.bar_chart(["Kadın", "Erkek"], [12, 30], title="İşgücü"))
    parse(charts.line_chart(["2024", "2025", "2026"], [charts.Series("Oran", [0.1, 0.15, None])], title="Kadın oranı"))
    timeline = parse(charts.timeline([("VI MES pilotu", 1, 2, 50), ("SG Strateji", 3, 4)], ["Q1", "Q2", "Q3", "Q4"]))
    assert len(list(timeline.iter(f"{SVG}rect"))) == 3  # two bars, one with its progress
