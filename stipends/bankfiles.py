"""Bank bulk-payment files. Turkish banks share no format, so an exporter takes the bank's settings
(BankFileFormat: columns, delimiter, decimal separator, encoding, heading and control rows) and writes CSV or
XLSX. Every text cell is neutralised against spreadsheet formulas; the control totals (count and sum) are in the
file, and `verify` reads the file back and checks them before it is stored.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.xlsx import Column, Workbook, neutralise
from stipends import calc

HEADINGS = {
    "payee_name": "Alıcı adı",
    "id_number": "TCKN/VKN",
    "iban": "IBAN",
    "amount": "Tutar",
    "value_date": "Valör",
    "reference": "Referans",
    "description": "Açıklama",
}
CONTROL_LABEL = "KONTROL"


@dataclass(frozen=True)
class Line:
    payee_name: str
    id_number: str
    iban: str
    amount_kurus: int
    reference: str
    description: str


def _cells(fmt, line: Line, value_date: date) -> list:
    values = {
        "payee_name": line.payee_name,
        "id_number": line.id_number,
        "iban": line.iban,
        "amount": calc.kurus_to_text(line.amount_kurus, fmt.decimal_separator),
        "value_date": value_date.strftime(fmt.date_format),
        "reference": line.reference,
        "description": line.description,
    }
    return [neutralise(values[c]) if c != "amount" else values[c] for c in fmt.columns]


def _headings(fmt) -> list[str]:
    return [neutralise(h) for h in (fmt.headers or [HEADINGS[c] for c in fmt.columns])]


def _control(fmt, count: int, total: int) -> list[str]:
    row = [""] * len(fmt.columns)
    row[0] = CONTROL_LABEL
    if len(row) > 1:
        row[1] = str(count)
    amount_at = fmt.columns.index("amount") if "amount" in fmt.columns else len(row) - 1
    if amount_at in (0, 1):
        row.append(calc.kurus_to_text(total, fmt.decimal_separator))
    else:
        row[amount_at] = calc.kurus_to_text(total, fmt.decimal_separator)
    return row


class CsvExporter:
    extension = "csv"
    content_type = "text/csv"

    def render(self, fmt, lines: list[Line], value_date: date) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=fmt.delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        if fmt.include_header:
            writer.writerow(_headings(fmt))
        for line in lines:
            writer.writerow(_cells(fmt, line, value_date))
        if fmt.control_row:
            writer.writerow(_control(fmt, len(lines), sum(line.amount_kurus for line in lines)))
        try:
            return out.getvalue().encode(fmt.encoding)
        except UnicodeEncodeError:
            raise ValidationError(
                _("A payee's name cannot be written in %(encoding)s.") % {"encoding": fmt.encoding}
            ) from None

    def read_back(self, fmt, content: bytes) -> list[list[str]]:
        return list(csv.reader(io.StringIO(content.decode(fmt.encoding)), delimiter=fmt.delimiter))


class XlsxExporter:
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def render(self, fmt, lines: list[Line], value_date: date) -> bytes:
        # the bank's layout exactly: no preamble rows (the EU line is in the file's properties); every cell text
        book = Workbook(preamble=False)
        sheet = book.sheet("Odeme")
        sheet.columns = [Column(c, "text") for c in (*fmt.columns, "control")]
        if fmt.include_header:
            sheet.append(_headings(fmt))
        for line in lines:
            sheet.append(_cells(fmt, line, value_date))
        if fmt.control_row:
            sheet.append(_control(fmt, len(lines), sum(line.amount_kurus for line in lines)))
        return book.to_bytes()

    def read_back(self, fmt, content: bytes) -> list[list[str]]:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


EXPORTERS = {"csv": CsvExporter(), "xlsx": XlsxExporter()}


def exporter_for(fmt):
    return EXPORTERS[fmt.file_type]


def verify(fmt, content: bytes, lines: list[Line]) -> None:
    """Read the written file back: the lines and the control row must give the run's count and total."""
    rows = exporter_for(fmt).read_back(fmt, content)
    body = rows[1:] if fmt.include_header else rows
    control = body[-1] if fmt.control_row else None
    body = body[:-1] if fmt.control_row else body
    expected_total = sum(line.amount_kurus for line in lines)
    if len(body) != len(lines):
        raise ValidationError(_("The bank file does not hold the run's lines: export refused."))
    if "amount" in fmt.columns:
        at = fmt.columns.index("amount")
        if sum(calc.kurus_from_text(row[at]) for row in body) != expected_total:
            raise ValidationError(_("The bank file's amounts do not add up to the run's total: export refused."))
    if control is not None:
        figures = [c for c in control[1:] if c]
        if not figures or int(figures[0]) != len(lines) or calc.kurus_from_text(figures[-1]) != expected_total:
            raise ValidationError(_("The bank file's control totals are wrong: export refused."))
