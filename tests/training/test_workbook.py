"""Reading a trainer's roster sheet: every cell checked, every problem named by its cell, all or nothing."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from training.workbook import grade_roster_workbook, parse_grade_workbook, parse_score

ROSTER = {11: "Ayşe", 12: "Fatma", 13: "Zeynep"}
CODES = {"M1", "M2"}


def book(rows) -> io.BytesIO:
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def errors_of(rows):
    with pytest.raises(ValidationError) as caught:
        parse_grade_workbook(book(rows), roster=ROSTER, module_codes=CODES)
    return caught.value.messages


def test_a_valid_sheet_gives_every_score_and_blank_cells_change_nothing():
    parsed = parse_grade_workbook(
        book(
            [("ID", "Ad", "M1", "M2"), (11, "Ayşe", 85, None), (12, "Fatma", "72,5", 60.25), (13, "Zeynep", None, "")]
        ),
        roster=ROSTER,
        module_codes=CODES,
    )
    assert parsed == {"M1": {11: Decimal("85.00"), 12: Decimal("72.50")}, "M2": {12: Decimal("60.25")}}


def test_every_bad_cell_is_reported_with_its_reference():
    messages = errors_of(
        [
            ("ID", "Ad", "M1", "M9"),
            (11, "Ayşe", 105, None),
            ("x", "?", 50, None),
            (99, "Yabancı", 50, None),
            (12, "Fatma", "iyi", None),
            (12, "Fatma", 40, None),
            (13, "Zeynep", 70.125, None),
        ]
    )
    text = "\n".join(messages)
    assert "D1" in text  # unknown module code: the header is checked before any row
    messages = errors_of(
        [
            ("ID", "Ad", "M1"),
            (11, "Ayşe", 105),
            ("x", "?", 50),
            (99, "Yabancı", 50),
            (12, "Fatma", "iyi"),
            (12, "Fatma", 40),
            (13, "Zeynep", 70.125),
            (None, None, None),
        ]
    )
    text = "\n".join(messages)
    for cell in ("C2", "A3", "A4", "C5", "A6", "C7"):
        assert cell in text, (cell, text)
    assert len(messages) == 6


@pytest.mark.parametrize(
    "rows",
    [
        [("Name", "ID", "M1"), (11, "Ayşe", 50)],  # A1 must be ID
        [("ID", "Ad")],  # no module column
        [("ID", "Ad", "M1", "M1"), (11, "Ayşe", 50, 60)],  # a module twice
        [("ID", "Ad", "M1"), (11, "Ayşe", None)],  # nothing to record
        [],  # empty sheet
    ],
)
def test_a_sheet_without_the_roster_layout_is_refused(rows):
    assert errors_of(rows)


@pytest.mark.parametrize("content", [b"PK\x03\x04 but not a zip", b"", b"%PDF-1.4 nope", b"\x00" * 100])
def test_a_file_that_is_not_a_workbook_is_refused_clearly(content):
    with pytest.raises(ValidationError) as caught:
        parse_grade_workbook(io.BytesIO(content), roster=ROSTER, module_codes=CODES)
    assert caught.value.code == "unreadable"


@pytest.mark.parametrize("value", [True, "-1", 100.01, "1e400", "nan", "abc", 12.345])
def test_a_score_must_be_a_number_from_0_to_100_with_two_decimals_at_most(value):
    with pytest.raises(ValueError):
        parse_score(value)


@pytest.mark.parametrize(("value", "expected"), [(0, "0.00"), (100, "100.00"), ("99,5", "99.50"), (" 42 ", "42.00")])
def test_scores_parse(value, expected):
    assert parse_score(value) == Decimal(expected)


cell_values = st.one_of(
    st.none(),
    st.integers(-50, 150),
    st.decimals(min_value=-10, max_value=110, places=2).map(float),
    st.sampled_from(["", "abc", "85,5", "100", "-3", "1e3"]),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.tuples(st.sampled_from([11, 12, 13, 99, "x"]), cell_values, cell_values), min_size=1, max_size=6))
def test_a_sheet_is_either_wholly_valid_or_refused_never_half_read(rows):
    """Whatever the cells, the parser returns exactly every score of a fully valid sheet, or raises."""
    sheet = [("ID", "Ad", "M1", "M2"), *[(trainee, "", a, b) for trainee, a, b in rows]]
    try:
        parsed = parse_grade_workbook(book(sheet), roster=ROSTER, module_codes=CODES)
    except ValidationError:
        return
    ids = [trainee for trainee, _a, _b in rows]
    assert len(ids) == len(set(ids)) and set(ids) <= set(ROSTER)
    for trainee, a, b in rows:
        for code, value in (("M1", a), ("M2", b)):
            if value is None or value == "":
                assert trainee not in parsed[code]
            else:
                assert parsed[code][trainee] == parse_score(value)


class Module:
    def __init__(self, code, title):
        self.code, self.title = code, title


def test_the_roster_sheet_we_hand_out_reads_back_unchanged():
    content = grade_roster_workbook(
        title="Kohort",
        trainees=[(11, "Ayşe"), (12, "Fatma")],
        modules=[Module("M1", "Bir"), Module("M2", "İki")],
        scores={(11, "M1"): Decimal("85.00"), (12, "M2"): Decimal("60.50")},
    )
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[0] == "ID" and header[2:] == ["M1", "M2"]
    assert [c.value for c in sheet[2]][:3] == [11, "Ayşe", 85]
    parsed = parse_grade_workbook(io.BytesIO(content), roster=ROSTER, module_codes=CODES)
    assert parsed == {"M1": {11: Decimal("85.00")}, "M2": {12: Decimal("60.50")}}
