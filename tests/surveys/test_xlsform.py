"""An M&E officer brings her KoboToolbox questionnaire as an XLSForm workbook: what the portal supports comes in
with its Turkish and English texts, choices and skip logic; anything else is refused with its row and column named,
and no file at all makes the parser fail in an unexpected way."""

import io

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from surveys.xlsform import ParsedForm, XLSFormError, parse
from tests.surveys.helpers import GOOD, HEAD, xlsform


@pytest.fixture(autouse=True)
def _english():
    """The messages as written in the code (the Turkish ones are checked on the upload page)."""
    with translation.override("en"):
        yield


def test_a_form_with_turkish_and_english_labels_choices_and_relevant_comes_in_whole():
    form = parse(xlsform(**GOOD, settings={"form_title": "Başlangıç", "form_id": "baseline"}))
    assert form.code == "baseline" and form.title_tr == "Başlangıç"
    by_name = {q.name: q for q in form.questions}
    assert list(by_name) == ["employed", "hours", "skills", "confident", "why"]
    employed = by_name["employed"]
    assert (employed.label_tr, employed.label_en, employed.required) == (
        "Çalışıyor musunuz?",
        "Are you employed?",
        True,
    )
    assert employed.choices == [("yes", "Evet", "Yes"), ("no", "Hayır", "No")]
    hours = by_name["hours"]
    assert (hours.show_if, hours.show_if_operator, hours.show_if_value) == ("employed", "equals", "yes")
    assert (hours.min_value, hours.max_value) == (1, 60)
    assert by_name["confident"].type == "likert"
    assert (by_name["why"].show_if, by_name["why"].show_if_operator) == ("skills", "contains")


def _refused(data) -> list[str]:
    try:
        parse(data)
    except XLSFormError as error:
        return error.messages
    raise AssertionError("the form was accepted")


def test_an_unsupported_type_is_refused_with_its_row_named():
    rows = [*GOOD["survey_rows"], ["calculate", "total", "Toplam", "Total"]]
    messages = _refused(xlsform(rows, GOOD["choices"]))
    assert messages == ["survey sheet, row 7, column type: the type calculate is not supported by the portal."]


def test_skip_logic_beyond_the_simple_rule_is_refused_not_dropped():
    rows = [GOOD["survey_rows"][0], ["integer", "age", "Yaş", "Age", "", "${employed} = 'yes' or ${employed} = 'no'"]]
    messages = _refused(xlsform(rows, GOOD["choices"]))
    assert len(messages) == 1 and messages[0].startswith("survey sheet, row 3, column relevant")


def test_a_column_the_portal_does_not_know_is_refused_with_its_name():
    head = [*HEAD, "calculation"]
    rows = [["integer", "age", "Yaş", "Age", "", "", "", "", "${x} + 1"]]
    messages = _refused(xlsform(rows, head=head))
    assert messages == ["survey sheet, row 2, column calculation: not supported by the portal."]


def test_a_missing_choice_list_and_a_missing_turkish_label_are_named():
    rows = [["select_one nowhere", "q1", "Soru", "Question"], ["integer", "q2", "", "Only English"]]
    messages = _refused(xlsform(rows))
    assert "row 2, column type: the choice list nowhere" in messages[0]
    assert "row 3, column label::Turkish" in messages[1]


def test_files_that_are_not_workbooks_are_refused_plainly():
    assert "not an Excel workbook" in _refused(b"hello")[0]
    assert "could not be read" in _refused(b"PK\x03\x04garbage")[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_junk_bytes_never_break_the_parser(data):
    try:
        parse(b"PK" + data)
    except XLSFormError as error:
        assert error.messages


CELL = st.one_of(
    st.none(),
    st.integers(-10**6, 10**6),
    st.sampled_from(["select_one yn", "select_multiple yn", "integer", "text", "begin group", "note", "yes", "yn",
                     "${a} = 'x'", ". >= 3", "label::English", "=1+1", "name"]),
    st.text(max_size=12),
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(CELL, max_size=9), max_size=8),
    st.lists(st.lists(CELL, max_size=4), max_size=5),
    st.lists(CELL, min_size=1, max_size=9),
)
def test_junk_workbooks_give_a_form_or_clear_errors(survey, choices, head):
    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in [head, *survey]:
        sheet.append([c if not isinstance(c, str) else "".join(ch for ch in c if ch.isprintable()) for c in row])
    other = book.create_sheet("choices")
    for row in [["list_name", "name", "label"], *choices]:
        other.append([c if not isinstance(c, str) else "".join(ch for ch in c if ch.isprintable()) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    try:
        form = parse(buffer.getvalue())
    except XLSFormError as error:
        assert error.messages and all(isinstance(m, str) for m in error.messages)
    else:
        assert isinstance(form, ParsedForm) and form.questions
