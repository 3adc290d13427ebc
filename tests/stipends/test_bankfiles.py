"""Bank files: each layout against its golden file; control totals; formulas neutralised; Windows-1254."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from stipends import bankfiles
from stipends.models import BankFileFormat

GOLDEN = Path(__file__).parent / "golden"
LINES = [
    bankfiles.Line(
        "Ayşe Çağlar Öztürk", "10000000146", "TR330006100519786457841326", 1_000_000, "S1A1", "Burs 09.2026"
    ),
    bankfiles.Line('=HYPERLINK("x")', "10000000146", "TR320010009999901234567890", 750_050, "S2A1", "+Burs 09.2026"),
    bankfiles.Line("İlkay Şen", "1234567890", "TR960006200000000006295229", 1_800_000, "F3A2", "Maaş desteği"),
]
VALUE_DATE = date(2026, 9, 30)


def fmt(**fields):
    defaults = {"name": "x", "columns": list(BankFileFormat.COLUMN_CHOICES), "delimiter": ";", "decimal_separator": ","}
    return BankFileFormat(**(defaults | fields))


LAYOUTS = {
    "generic.csv": fmt(),
    "bank_cp1254.csv": fmt(
        columns=["iban", "payee_name", "amount", "reference", "description"],
        headers=["IBAN", "Ad Soyad", "Tutar", "Referans", "Açıklama"],
        delimiter="|",
        decimal_separator=".",
        encoding="cp1254",
    ),
    "no_header.csv": fmt(
        columns=["reference", "iban", "amount", "value_date"],
        delimiter=",",
        decimal_separator=".",
        include_header=False,
        date_format="%Y%m%d",
    ),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_each_csv_layout_matches_its_golden_file(name):
    layout = LAYOUTS[name]
    content = bankfiles.CsvExporter().render(layout, LINES, VALUE_DATE)
    golden = GOLDEN / name
    assert content == golden.read_bytes()
    bankfiles.verify(layout, content, LINES)


def test_windows_1254_file_holds_turkish_letters():
    content = bankfiles.CsvExporter().render(LAYOUTS["bank_cp1254.csv"], LINES, VALUE_DATE)
    assert "Ayşe Çağlar Öztürk".encode("cp1254") in content
    assert "İlkay Şen".encode("cp1254") in content


def test_the_xlsx_layout_matches_its_golden_rows():
    layout = fmt(file_type="xlsx")
    content = bankfiles.XlsxExporter().render(layout, LINES, VALUE_DATE)
    rows = bankfiles.XlsxExporter().read_back(layout, content)
    golden = GOLDEN / "generic_xlsx_rows.txt"
    text = "\n".join("\t".join(r) for r in rows) + "\n"
    assert text == golden.read_text(encoding="utf-8")
    bankfiles.verify(layout, content, LINES)


def test_formulas_are_neutralised_in_every_cell():
    content = bankfiles.CsvExporter().render(LAYOUTS["generic.csv"], LINES, VALUE_DATE).decode()
    assert "'=HYPERLINK" in content and ";'+Burs" in content
    rows = bankfiles.XlsxExporter().read_back(
        fmt(file_type="xlsx"), bankfiles.XlsxExporter().render(fmt(file_type="xlsx"), LINES, VALUE_DATE)
    )
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_control_totals_are_in_the_file_and_checked():
    layout = LAYOUTS["generic.csv"]
    content = bankfiles.CsvExporter().render(layout, LINES, VALUE_DATE)
    last = content.decode().strip().splitlines()[-1]
    assert last.startswith("KONTROL;3;") and "35500,50" in last
    tampered = content.replace(b"10000,00", b"10001,00")
    with pytest.raises(ValidationError):
        bankfiles.verify(layout, tampered, LINES)
    with pytest.raises(ValidationError):
        bankfiles.verify(layout, content, LINES[:2])


def test_a_name_the_encoding_cannot_hold_is_refused():
    with pytest.raises(ValidationError):
        bankfiles.CsvExporter().render(
            LAYOUTS["bank_cp1254.csv"],
            [LINES[0]._replace(payee_name="王")]
            if hasattr(LINES[0], "_replace")
            else [bankfiles.Line("王", "", "TR330006100519786457841326", 1, "R", "")],
            VALUE_DATE,
        )
