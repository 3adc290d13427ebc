"""What staff, stakeholders and firms see on the M&E pages."""

import io

from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from portal import roles
from portal.tenancy import program_scope
from reports import services
from tests.factories import FirmFactory, province


def _logframe(pw):
    with scopes_disabled():
        services.logframe_install_default(program=pw.program)
    _refresh(pw)


def _refresh(pw):
    """The dashboards read stored figures: recompute them as the beat (or "Refresh now") would."""
    with program_scope(pw.program.pk):
        services.figures_refresh(program_id=pw.program.pk)


def test_cockpit_shows_progress_against_the_programmes_targets(client, world):
    _logframe(world.a)
    client.force_login(world.a.users[roles.ME])
    html = client.get(reverse("reports:me_home")).content.decode()
    # the demo logframe's real targets: 100 firms, 200 ambassadors
    assert "Seçilen firma sayısı" in html and "<progress" in html
    assert 'data-indicator="OP1.1"' in html
    assert "100" in html and "200" in html
    assert "<svg" in html  # funnel and province charts drawn on the server


def test_drill_down_lists_the_records_behind_a_figure(client, world):
    client.force_login(world.a.users[roles.STAFF])
    url = reverse("reports:indicator_records", args=[world.a.report_indicator.pk])
    html = client.get(url).content.decode()
    for firm in world.a.firms:
        assert firm.name in html
    # one group of one disaggregation
    html = client.get(url, {"dim": "province", "label": world.a.firms[0].province.name}).content.decode()
    assert world.a.firms[0].name in html


def test_closed_period_shows_its_frozen_figures(client, world):
    client.force_login(world.a.users[roles.STAFF])
    html = client.get(reverse("reports:me_home"), {"period": world.a.report_period.pk}).content.decode()
    assert "Dondurulmuş" in html or "Frozen" in html


def test_stakeholders_see_aggregates_with_small_groups_suppressed(client, world):
    _logframe(world.a)
    with scopes_disabled():
        for _ in range(5):
            FirmFactory(program=world.a.program, province=province(34))
        FirmFactory(program=world.a.program, province=province(6))
    _refresh(world.a)
    client.force_login(world.a.users[roles.STAKEHOLDER])
    html = client.get(reverse("reports:stakeholder_home")).content.decode()
    assert "İstanbul" in html
    assert "&lt; 5" in html  # Kocaeli's two world firms and Ankara's one are not shown as numbers
    for firm in world.a.firms:
        assert firm.name not in html
    assert reverse("reports:indicator_records", args=[world.a.report_indicator.pk]) not in html


def test_every_dashboard_table_exports_to_excel_with_formulas_neutralised(client, world):
    _logframe(world.a)
    client.force_login(world.a.users[roles.STAFF])
    for table in ("indicators", "funnel", "provinces", "all"):
        response = client.get(reverse("reports:cockpit_export"), {"table": table})
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                assert not any(isinstance(c, str) and c.startswith("=") for c in row)
    assert client.get(reverse("reports:cockpit_export"), {"table": "nope"}).status_code == 404


def test_firm_sees_only_her_own_figures(client, world):
    client.force_login(world.a.users[roles.FIRM])
    html = client.get(reverse("reports:firm_figures")).content.decode()
    assert world.a.firms[0].name in html
    assert world.a.firms[1].name not in html


def test_manual_value_needs_evidence(client, world):
    client.force_login(world.a.users[roles.ME])
    url = reverse("reports:manual_value_add", args=[world.a.manual_indicator.pk])
    response = client.post(url, {"as_of": "2026-04-01", "value": "9"}, follow=True)
    assert "kanıt" in response.content.decode().lower() or "evidence" in response.content.decode().lower()
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("liste.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    client.post(url, {"as_of": "2026-04-01", "value": "9", "evidence": pdf})
    with scopes_disabled():
        assert world.a.manual_indicator.manual_values.count() == 2


def test_excel_cells_that_look_like_formulas_are_neutralised():
    from reports.documents import Table, workbook

    content = workbook([Table("t", "=1+1", ["=A1", "b"], [["@SUM(A1)", 3], ["-2+3", "+x"]])])
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [c for row in sheet.iter_rows(min_row=3, values_only=True) for c in row if c is not None]
    assert cells == ["'=1+1", "'=A1", "b", "'@SUM(A1)", 3, "'-2+3", "'+x"]  # under the EU line and the date


def test_staff_choose_the_calculator_of_an_indicator_from_the_registry(client, world):
    client.force_login(world.a.users[roles.STAFF])
    url = reverse("reports:indicator_edit", args=[world.a.report_indicator.pk])
    assert "trainees_completed_operator" in client.get(url).content.decode()
    data = {
        "name_tr": "Seçilen firmalar", "name_en": "Firms selected", "unit": "firms", "method": "calculated",
        "calculator": "", "baseline": "0",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200  # no calculator chosen: the form says so
    response = client.post(url, {**data, "calculator": "firms_with_roadmap"})
    assert response.status_code == 302
    with scopes_disabled():
        world.a.report_indicator.refresh_from_db()
        assert world.a.report_indicator.calculator == "firms_with_roadmap"


def test_a_share_or_an_amount_about_fewer_than_five_firms_is_not_shown_to_stakeholders():
    from reports.figures import snapshot_public

    entry = {
        "code": "I.1", "unit": "percent", "value": "42.5", "subjects": 2, "progress": None, "available": True,
        "disaggregations": {"province": [["Kocaeli", "42.5", 2]]}, "records": ["firm:1", "firm:2"],
    }  # fmt: skip
    public = snapshot_public({"indicators": [entry], "funnel": {}, "provinces": []})
    (shown,) = public["indicators"]
    assert shown["value"] is None and "records" not in shown
    assert shown["disaggregations"]["province"] == [["Kocaeli", None, None]]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=12))
def test_suppression_never_shows_a_small_group_nor_leaves_one_to_be_worked_out(sizes):
    from reports.figures import SUPPRESS_BELOW, _suppress

    cells = [[f"g{i}", n, n] for i, n in enumerate(sizes)]
    shown = _suppress(cells)
    hidden = [c for c in shown if c[1] is None]
    assert all(c[1] is None for c, (_l, _v, n) in zip(shown, cells, strict=True) if 0 < n < SUPPRESS_BELOW)
    # one hidden group alone could be worked out from the total: never exactly one, unless nothing else is left
    non_empty = [c for c in cells if c[2] > 0]
    assert len(hidden) != 1 or len(non_empty) == 1
