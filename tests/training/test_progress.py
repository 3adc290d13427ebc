"""The arithmetic that decides completion (and later stipends): exact, monotonic, no floats."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from training import checkin as codes
from training.progress import AssessedModule, AttendanceCounts, as_percent, attendance_share, evaluate_completion, meets
from training.validators import normalize_phone

counts = st.builds(
    AttendanceCounts,
    present=st.integers(0, 200),
    late=st.integers(0, 200),
    absent=st.integers(0, 200),
    excused=st.integers(0, 200),
)


@given(counts, st.booleans())
def test_the_attendance_share_is_an_exact_fraction_between_0_and_1(c, late_counts):
    share = attendance_share(c, late_counts_as_attended=late_counts)
    if c.counted == 0:
        assert share is None
    else:
        assert isinstance(share, Fraction) and 0 <= share <= 1
        assert 0 <= as_percent(share) <= 100


@given(counts, st.integers(1, 20))
def test_excused_absences_never_change_the_share(c, more):
    with_more = AttendanceCounts(c.present, c.late, c.absent, c.excused + more)
    assert attendance_share(with_more) == attendance_share(c)


@given(counts)
def test_one_more_present_session_never_lowers_the_share_and_one_more_absence_never_raises_it(c):
    base = attendance_share(c)
    up = attendance_share(AttendanceCounts(c.present + 1, c.late, c.absent, c.excused))
    down = attendance_share(AttendanceCounts(c.present, c.late, c.absent + 1, c.excused))
    assert base is None or (up >= base >= down)


def test_a_threshold_is_compared_exactly_not_by_the_rounded_percent():
    # 79 of 99 sessions is 79.79…%: it shows as 79 and does not meet 80%; 4 of 5 exactly does.
    assert as_percent(attendance_share(AttendanceCounts(present=79, absent=20))) == 79
    assert not meets(attendance_share(AttendanceCounts(present=79, absent=20)), 80)
    assert meets(attendance_share(AttendanceCounts(present=4, absent=1)), 80)
    assert not meets(None, 0)


def test_late_counts_as_attended_only_when_the_rule_says_so():
    c = AttendanceCounts(present=2, late=2)
    assert attendance_share(c, late_counts_as_attended=True) == 1
    assert attendance_share(c, late_counts_as_attended=False) == Fraction(1, 2)


scores = st.dictionaries(
    st.sampled_from(["M1", "M2", "M3"]), st.decimals(min_value=0, max_value=100, places=2), max_size=3
)


@given(counts, st.integers(0, 100), scores, st.integers(0, 3))
def test_completion_is_met_exactly_when_every_part_of_the_rule_is(c, minimum, given_scores, remaining):
    assessed = [AssessedModule("M1", Decimal(60)), AssessedModule("M2", Decimal("50.5"))]
    result = evaluate_completion(
        counts=c,
        min_attendance_percent=minimum,
        late_counts_as_attended=True,
        assessed=assessed,
        scores=given_scores,
        sessions_remaining=remaining,
    )
    passed_all = all(m.code in given_scores and given_scores[m.code] >= m.pass_mark for m in assessed)
    attendance_ok = meets(attendance_share(c), minimum)
    assert result.met == (passed_all and attendance_ok and remaining == 0)
    assert set(result.missing) | set(result.failed) | set(result.passed) == {"M1", "M2"}


def test_completion_reports_what_is_missing():
    result = evaluate_completion(
        counts=AttendanceCounts(present=8, absent=2),
        min_attendance_percent=80,
        late_counts_as_attended=True,
        assessed=[AssessedModule("M1", Decimal(60)), AssessedModule("M2", Decimal(60))],
        scores={"M1": Decimal("59.99")},
        sessions_remaining=0,
    )
    assert not result.met and result.attendance_ok and result.delivered
    assert result.failed == ("M1",) and result.missing == ("M2",)


@given(st.integers(min_value=5_000_000_000, max_value=5_999_999_999), st.sampled_from(["0{}", "+90 {}", "90{}", "{}"]))
def test_turkish_mobile_numbers_normalise_whatever_the_spelling(number, pattern):
    text = str(number)
    spaced = f"{text[:3]} {text[3:6]} {text[6:8]} {text[8:]}"
    assert normalize_phone(pattern.format(spaced)) == f"+90{text}"


@pytest.mark.parametrize("bad", ["0212 123 45 67", "12345", "05321234567890", "abc"])
def test_a_landline_or_garbage_is_not_a_mobile_number(bad):
    with pytest.raises(ValidationError):
        normalize_phone(bad)


@given(st.integers(1, 10**9), st.text(alphabet="0123456789abcdef", min_size=8, max_size=32))
def test_a_check_in_code_is_six_unambiguous_characters_and_typing_case_or_spaces_does_not_matter(pk, nonce):
    code = codes.code_for(pk, nonce)
    assert len(code) == 6 and set(code) <= set(codes.ALPHABET)
    assert not set(code) & set("01IO")
    assert codes.matches(pk, nonce, f" {code[:3].lower()} - {code[3:]} ")
    assert not codes.matches(pk + 1, nonce, code) or codes.code_for(pk + 1, nonce) == code
    assert not codes.matches(pk, "", code)
