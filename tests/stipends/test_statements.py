"""Reading the bank's answer: MT940 statements (with property tests), CSV and XLSX result files."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from stipends import calc, statements

MT940 = b"""{1:F01TGBATRISAXXX0000000000}{2:I940TGBATRISXXXXN}{4:
:20:STMT260930
:25:TR330006100519786457841326
:28C:00123/001
:60F:C260901TRY1000000,00
:61:2609300930D10000,00NTRFS1A1//B-000123
:86:BURS ODEMESI AYSE CAGLAR
:61:2609300930D7500,50NTRFS2A1//B-000124
:86:BURS ODEMESI
:61:2610011001C7500,50NTRFS2A1//B-000200
:86:IADE: ALICI HESABI KAPALI
:62F:C261001982499,50
-}
"""


def test_mt940_debits_are_paid_and_returns_are_failures_with_the_reason():
    kind, rows = statements.detect_and_parse(MT940)
    assert kind == "mt940"
    assert [(r.reference, r.amount_kurus, r.status) for r in rows] == [
        ("S1A1", 1_000_000, "paid"),
        ("S2A1", 750_050, "paid"),
        ("S2A1", 750_050, "failed"),
    ]
    assert rows[2].reason == "IADE: ALICI HESABI KAPALI"


@pytest.mark.parametrize(
    "content",
    [b":20:X\n:25:Y\n", b":20:X\n:61:garbage\n", b"hello\n:20:X\n:61:2609300930D1,00NTRFR1\n"],
)
def test_broken_mt940_is_refused(content):
    with pytest.raises(ValidationError):
        statements.parse_mt940(content)


REF = st.text(alphabet="ABCDEFGHJKLMNPRSTUVYZ0123456789", min_size=1, max_size=16)


@given(st.lists(st.tuples(REF, st.integers(1, 10**11), st.sampled_from(["D", "C"])), min_size=1, max_size=30))
def test_any_mt940_we_write_reads_back_the_same(lines):
    body = [":20:REF", ":25:TR330006100519786457841326", ":60F:C260901TRY0,00"]
    for ref, kurus, mark in lines:
        body.append(f":61:2609300930{mark}{calc.kurus_to_text(kurus)}NTRF{ref}//BANKREF")
        body.append(":86:AÇIKLAMA")
    rows = statements.parse_mt940("\n".join(body).encode())
    assert [(r.reference, r.amount_kurus, r.status) for r in rows] == [
        (ref, kurus, "paid" if mark == "D" else "failed") for ref, kurus, mark in lines
    ]


@given(st.integers(0, 10**12))
def test_amounts_round_trip_in_both_notations(kurus):
    assert calc.kurus_from_text(calc.kurus_to_text(kurus, ",")) == kurus
    assert calc.kurus_from_text(calc.kurus_to_text(kurus, ".")) == kurus
    whole, frac = divmod(kurus, 100)
    assert calc.kurus_from_text(f"{whole:,}".replace(",", ".") + f",{frac:02d}") == kurus


@pytest.mark.parametrize("text", ["", "-5", "1,234", "abc", "1.2.3", "1,2,3"])
def test_bad_amounts_are_refused(text):
    if text == "1,234":  # three decimals: not a kuruş amount
        with pytest.raises(ValueError):
            calc.kurus_from_text(text)
        return
    with pytest.raises(ValueError):
        calc.kurus_from_text(text)


def test_csv_result_file_with_turkish_headings_and_cp1254():
    content = "Referans;Tutar;Durum;Açıklama\nS1A1;10.000,00;Ödendi;\nS2A1;7.500,50;Başarısız;IBAN hatalı\n".encode(
        "cp1254"
    )
    kind, rows = statements.detect_and_parse(content)
    assert kind == "csv"
    assert [(r.reference, r.amount_kurus, r.status, r.reason) for r in rows] == [
        ("S1A1", 1_000_000, "paid", ""),
        ("S2A1", 750_050, "failed", "IBAN hatalı"),
    ]


def test_xlsx_result_file():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Reference", "Amount", "Status", "Reason"])
    book.active.append(["S1A1", Decimal("10000.00"), "paid", None])
    book.active.append(["S2A1", "7500,50", "failed", "closed account"])
    out = io.BytesIO()
    book.save(out)
    kind, rows = statements.detect_and_parse(out.getvalue())
    assert kind == "xlsx"
    assert [(r.reference, r.amount_kurus, r.status) for r in rows] == [
        ("S1A1", 1_000_000, "paid"),
        ("S2A1", 750_050, "failed"),
    ]


@pytest.mark.parametrize(
    "content", [b"Referans;Tutar\n" + b"x" * 200_000 + b";1\n", b"Referans;Tutar\nA;1\n" + b"B\x00;2\n" * 500]
)
def test_damaged_csv_is_a_clear_error_not_a_crash(content):
    with pytest.raises(ValidationError):
        statements.detect_and_parse(content)
