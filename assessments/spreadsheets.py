"""Reading and writing the workbooks people exchange with the portal. No database here.

Uploaded files are treated as hostile: the content decides the type (portal.uploads), the zip container is
checked before openpyxl sees it, the row count is checked before any cell is read, and hidden sheets, merged
cells and formulas are refused with the sheet, row and column where they are. Every problem becomes a
`Problem`; nothing here raises on bad input except `Rejected`, which carries the problems.
"""

import csv
import hashlib
import io
import zipfile
from dataclasses import asdict, dataclass
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.uploads import DOCUMENTS, XLSX, sniff, validate_upload
from portal.xlsx import Workbook

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ZIP_ENTRIES = 500
MAX_ROWS = 2000  # far above a program's firms; a bigger file is refused before its cells are read

# The band template: framework and version in row 1, dimension codes in row 3, names in row 4, firms from row 5.
META_ROW, CODE_ROW, NAME_ROW, FIRST_DATA_ROW = 1, 3, 4, 5
FIRM_ID_COLUMN, FIRM_NAME_COLUMN, FIRST_BAND_COLUMN = 1, 2, 3


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str  # a letter, or "" for the whole row / sheet
    message: str  # for people, in the language of the request
    code: str = ""  # for programs and tests: what kind of problem

    def as_dict(self) -> dict:
        return asdict(self)


class Rejected(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Formula:
    text: str


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list  # list of lists of cell values (Formula for a formula cell)


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def column(index: int) -> str:
    """1-based column number to its letter."""
    return get_column_letter(index)


def refuse_before_storing(upload, *, max_bytes: int | None = None) -> None:
    """Judge size and kind from the request's file before it is stored anywhere: a ValidationError for a file over
    the limit or for a file that is plainly something else (a PDF or a photo sent as the workbook)."""
    size, max_bytes = getattr(upload, "size", 0) or 0, max_bytes or MAX_UPLOAD_BYTES
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    if (other := _another_kind(upload)) is not None:
        raise ValidationError(_not_a_workbook(other), code="bad_type")


def _another_kind(upload):
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return sniff(head, DOCUMENTS)


def _not_a_workbook(kind) -> str:
    return _(
        "This is a %(kind)s file, not an Excel workbook (xlsx). Download the template, fill it in and upload it."
    ) % {"kind": kind.name}


def read_table_file(upload, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_UPLOAD_BYTES) -> list[Sheet]:
    """An uploaded xlsx or csv as sheets of raw values, or Rejected with what is wrong."""
    name = getattr(upload, "name", "") or "file"
    try:
        validate_upload(upload, kinds=(XLSX,), max_bytes=max_bytes)
    except ValidationError as error:
        if error.code != "bad_type":
            raise Rejected([Problem(name, None, "", error.messages[0], error.code or "refused")]) from error
        if (other := _another_kind(upload)) is not None:  # one clear sentence, not a CSV reading of a PDF
            raise Rejected([Problem(name, None, "", _not_a_workbook(other), "not_a_spreadsheet")]) from error
        return [_read_csv(upload, name, max_rows=max_rows)]
    return _read_xlsx(upload, name, max_rows=max_rows)


def _read_csv(upload, name: str, *, max_rows: int) -> Sheet:
    upload.seek(0)
    raw = upload.read()
    upload.seek(0)
    not_a_sheet = Problem(
        name,
        None,
        "",
        _("This file is neither an Excel workbook (xlsx) nor a CSV file. Use the template."),
        "not_a_spreadsheet",
    )
    if b"\x00" in raw[:4096]:
        raise Rejected([not_a_sheet])
    for encoding in ("utf-8-sig", "cp1254"):  # Excel on a Turkish Windows saves CSV as cp1254
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Rejected([not_a_sheet])
    if text.count("\n") > max_rows + FIRST_DATA_ROW:
        raise Rejected([_too_many_rows(name, max_rows)])
    lines = [line for line in text[:8192].splitlines() if line.strip()]
    delimiter = max(";,\t", key=lambda d: sum(line.count(d) for line in lines))  # Excel in Turkish uses ";"
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return Sheet(name, [[cell if cell != "" else None for cell in row] for row in rows])


def _too_many_rows(sheet: str, max_rows: int) -> Problem:
    return Problem(
        sheet,
        None,
        "",
        _("The sheet has more than %(max)s rows; split the file or remove empty rows.") % {"max": max_rows},
        "too_many_rows",
    )


def _read_xlsx(upload, name: str, *, max_rows: int) -> list[Sheet]:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise Rejected(
            [Problem(name, None, "", _("This file is damaged: it cannot be opened as a workbook."), "damaged")]
        ) from error
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise Rejected(
            [
                Problem(
                    name,
                    None,
                    "",
                    _("This is a zip archive but not an Excel workbook (xlsx). Use the template."),
                    "not_a_workbook",
                )
            ]
        )
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise Rejected([Problem(name, None, "", _("This workbook is too large when unpacked."), "too_large")])

    try:
        streaming = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many types for broken parts
        raise Rejected(
            [Problem(name, None, "", _("This file is damaged: it cannot be opened as a workbook."), "damaged")]
        ) from error
    problems = []
    try:
        for ws in streaming.worksheets:
            if ws.sheet_state != "visible":
                problems.append(
                    Problem(
                        ws.title,
                        None,
                        "",
                        _("Hidden sheets are not accepted: show or delete the sheet."),
                        "hidden_sheet",
                    )
                )
            declared = ws.max_row or 0
            if (
                declared > max_rows + FIRST_DATA_ROW
                or _count_rows(ws, max_rows + FIRST_DATA_ROW) > max_rows + FIRST_DATA_ROW
            ):
                problems.append(_too_many_rows(ws.title, max_rows))
    finally:
        streaming.close()
    if problems:
        raise Rejected(problems)

    try:
        book = load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except Exception as error:
        raise Rejected(
            [Problem(name, None, "", _("This file is damaged: it cannot be opened as a workbook."), "damaged")]
        ) from error
    sheets = []
    for ws in book.worksheets:
        for merged in ws.merged_cells.ranges:
            problems.append(
                Problem(
                    ws.title,
                    merged.min_row,
                    column(merged.min_col),
                    _("Merged cells (%(range)s) are not accepted: unmerge them.") % {"range": str(merged)},
                    "merged_cells",
                )
            )
        rows = []
        for row in ws.iter_rows():
            values = []
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
                    values.append(Formula(str(getattr(cell.value, "text", cell.value))))
                else:
                    values.append(cell.value)
            rows.append(values)
        sheets.append(Sheet(ws.title, rows))
    if problems:
        raise Rejected(problems)
    return sheets


def _count_rows(ws, stop: int) -> int:
    """Rows actually present in a streaming sheet, counting no further than `stop` + 1."""
    n = 0
    for _row in ws.iter_rows(values_only=True):
        n += 1
        if n > stop:
            break
    return n


def cell(rows: list, row: int, col: int):
    """1-based access that tolerates short rows."""
    if row - 1 >= len(rows):
        return None
    values = rows[row - 1]
    return values[col - 1] if col - 1 < len(values) else None


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_whole_number(value, *, low: int, high: int) -> tuple[int | None, tuple[str, str] | None]:
    """A whole number in [low, high] from a cell, or (message, code) saying what is wrong with it."""
    limits = {"low": low, "high": high}
    if isinstance(value, Formula):
        return None, (
            _("Formulas are not accepted (%(formula)s): type the value.") % {"formula": value.text[:40]},
            "formula",
        )
    if isinstance(value, bool):
        return None, (
            _("A yes/no value is not a band: type a whole number from %(low)s to %(high)s.") % limits,
            "boolean",
        )
    if isinstance(value, datetime | date | time):
        return None, (_("A date is not a band: type a whole number from %(low)s to %(high)s.") % limits, "date")
    number = value
    if isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            message = _("“%(value)s” is not a number: type a whole number from %(low)s to %(high)s.")
            return None, (message % {"value": value.strip()[:40], **limits}, "not_a_number")
    if not isinstance(number, int | float) or number != number:  # NaN
        return None, (_("Type a whole number from %(low)s to %(high)s.") % limits, "not_a_number")
    if float(number) != int(number):
        message = _("%(value)s is not a whole number: bands are %(low)s to %(high)s.")
        return None, (message % {"value": number, **limits}, "not_whole")
    number = int(number)
    if not low <= number <= high:
        message = _("Band %(value)s is out of range: bands are %(low)s to %(high)s.")
        return None, (message % {"value": number, **limits}, "out_of_range")
    return number, None


def text_of(value) -> str:
    if value is None or isinstance(value, Formula):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


# --- The band template ------------------------------------------------------------------------


def band_template(
    *, framework_code: str, version_number: int, dimensions, firms, band_min: int, band_max: int
) -> bytes:
    """One row per firm, one column per dimension; band cells accept only whole numbers band_min..band_max.

    `dimensions`: (code, name) pairs; `firms`: (firm id, firm name, {code: band}) with any bands entered so far.
    """
    book = Workbook(preamble=False, about_sheet=True)  # read back as it is: the EU line goes on its own sheet
    sheet = book.sheet("Bands")
    ws = sheet.raw
    sheet.put(META_ROW, 1, _("Framework"))
    sheet.put(META_ROW, 2, framework_code)
    sheet.put(META_ROW, 3, _("Version"))
    sheet.put(META_ROW, 4, version_number)
    sheet.put(
        2,
        1,
        _(
            "One row per firm. Type a band from %(low)s to %(high)s under each dimension; leave a cell empty "
            "to keep its band. Do not change rows 1–4 or the firm id."
        )
        % {"low": band_min, "high": band_max},
    )
    sheet.put(CODE_ROW, FIRM_ID_COLUMN, "firm_id")
    sheet.put(CODE_ROW, FIRM_NAME_COLUMN, "firm")
    sheet.put(NAME_ROW, FIRM_ID_COLUMN, _("Firm id"))
    sheet.put(NAME_ROW, FIRM_NAME_COLUMN, _("Firm"))
    codes = []
    for offset, (code, name) in enumerate(dimensions):
        col = FIRST_BAND_COLUMN + offset
        sheet.put(CODE_ROW, col, code)
        sheet.put(NAME_ROW, col, name)
        ws.column_dimensions[column(col)].width = 14
        codes.append(code)
    ws.column_dimensions["B"].width = 36
    last_row = FIRST_DATA_ROW
    for i, (firm_id, firm_name, bands) in enumerate(firms):
        row = FIRST_DATA_ROW + i
        sheet.put(row, FIRM_ID_COLUMN, firm_id)
        sheet.put(row, FIRM_NAME_COLUMN, firm_name)
        for offset, code in enumerate(codes):
            if bands.get(code) is not None:
                sheet.put(row, FIRST_BAND_COLUMN + offset, bands[code])
        last_row = row
    if codes:
        rule = DataValidation(
            type="whole",
            operator="between",
            formula1=str(band_min),
            formula2=str(band_max),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=_("Band"),
            error=_("A band is a whole number from %(low)s to %(high)s.") % {"low": band_min, "high": band_max},
        )
        rule.add(
            f"{column(FIRST_BAND_COLUMN)}{FIRST_DATA_ROW}:{column(FIRST_BAND_COLUMN + len(codes) - 1)}"
            f"{max(last_row, FIRST_DATA_ROW + 200)}"
        )
        ws.add_data_validation(rule)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, FIRST_BAND_COLUMN)
    return book.to_bytes()


@dataclass(frozen=True)
class BandRow:
    row: int
    firm_id: int
    bands: dict  # code -> band (blank cells left out)


def parse_band_sheet(
    sheet: Sheet, *, framework_code: str, version_number: int, codes: list[str], band_min: int, band_max: int
) -> tuple[list[BandRow], list[Problem]]:
    """Check every cell of a band sheet against one framework version; the rows and every problem found."""
    problems: list[Problem] = []
    name = sheet.name
    rows = sheet.rows

    def problem(row, col, message, code):
        problems.append(Problem(name, row, column(col) if col else "", message, code))

    found_code = text_of(cell(rows, META_ROW, 2)).upper()
    found_version = text_of(cell(rows, META_ROW, 4))
    if found_code != framework_code.upper():
        problem(
            META_ROW,
            2,
            _("This file is for framework “%(found)s”, not %(expected)s.")
            % {"found": found_code or "—", "expected": framework_code},
            "wrong_framework",
        )
    if found_version != str(version_number):
        problem(
            META_ROW,
            4,
            _(
                "This file is for version “%(found)s” of the framework, not version %(expected)s. "
                "Download the template again."
            )
            % {"found": found_version or "—", "expected": version_number},
            "wrong_version",
        )
    if text_of(cell(rows, CODE_ROW, FIRM_ID_COLUMN)).lower() != "firm_id":
        problem(
            CODE_ROW, FIRM_ID_COLUMN, _("Row 3 must start with the “firm_id” column of the template."), "bad_header"
        )

    header = rows[CODE_ROW - 1] if len(rows) >= CODE_ROW else []
    columns: dict[str, int] = {}
    known = {c.upper(): c for c in codes}
    for col in range(FIRST_BAND_COLUMN, len(header) + 1):
        code = text_of(header[col - 1]).upper()
        if not code:
            continue
        if code not in known:
            problem(
                CODE_ROW,
                col,
                _("“%(code)s” is not a dimension of %(framework)s version %(version)s.")
                % {"code": code, "framework": framework_code, "version": version_number},
                "unknown_dimension",
            )
        elif known[code] in columns:
            problem(
                CODE_ROW,
                col,
                _("Dimension %(code)s appears twice (also in column %(other)s).")
                % {"code": known[code], "other": column(columns[known[code]])},
                "duplicate_dimension",
            )
        else:
            columns[known[code]] = col
    for code in codes:
        if code not in columns:
            message = _("Dimension %(code)s is missing: add its column back.") % {"code": code}
            problem(CODE_ROW, 0, message, "missing_dimension")

    result, seen_firms = [], {}
    for index in range(FIRST_DATA_ROW, len(rows) + 1):
        values = rows[index - 1]
        if all(is_blank(v) for v in values):
            continue
        firm_text = text_of(cell(rows, index, FIRM_ID_COLUMN))
        if not firm_text.isdigit():
            problem(
                index,
                FIRM_ID_COLUMN,
                _("“%(value)s” is not a firm id: keep the ids the template gives.") % {"value": firm_text[:40]}
                if firm_text
                else _("The firm id is missing."),
                "bad_firm_id",
            )
            continue
        firm_number = int(firm_text)
        if firm_number in seen_firms:
            problem(
                index,
                FIRM_ID_COLUMN,
                _("Firm %(id)s appears twice (also in row %(other)s).")
                % {"id": firm_number, "other": seen_firms[firm_number]},
                "duplicate_firm",
            )
            continue
        seen_firms[firm_number] = index
        bands = {}
        for code, col in columns.items():
            value = cell(rows, index, col)
            if is_blank(value):
                continue
            band, error = read_whole_number(value, low=band_min, high=band_max)
            if error:
                problem(index, col, *error)
            else:
                bands[code] = band
        result.append(BandRow(index, firm_number, bands))
    if not result and not problems:
        problem(FIRST_DATA_ROW, 0, _("The sheet has no firm rows."), "no_rows")
    return result, problems


# --- Licensed content (band descriptors, degree-of-relevance tables, best-in-class bands) --------------

CONTENT_SHEETS = {
    "descriptors": ("dimension_code", "band", "text_tr", "text_en"),
    "relevance": ("dimension_code", "kind", "category_code", "degree"),
    "best_in_class": ("dimension_code", "industry_group", "band"),
}


@dataclass
class Content:
    descriptors: dict  # (dimension code, band) -> (text_tr, text_en)
    relevance: dict  # (dimension code, kind, category code) -> degree
    best_in_class: dict  # (dimension code, industry group code or "") -> band


def content_template(*, dimensions, categories, groups, band_min: int, band_max: int) -> bytes:
    """The import workbook with every key pre-filled: staff paste the licensed values next to them.

    `dimensions`: codes; `categories`: (kind, code) pairs; `groups`: industry group codes."""
    book = Workbook(preamble=False, about_sheet=True)  # read back as it is: the EU line goes on its own sheet
    sheets = {title: book.add_sheet(title) for title in CONTENT_SHEETS}
    for title, headers in CONTENT_SHEETS.items():
        sheets[title].append(list(headers))
    for code in dimensions:
        for band in range(band_min, band_max + 1):
            sheets["descriptors"].append([code, band, None, None])
        for kind, category in categories:
            sheets["relevance"].append([code, kind, category, None])
        for group in ["", *groups]:
            sheets["best_in_class"].append([code, group or None, None])
    return book.to_bytes()


def parse_content_workbook(
    sheets: list[Sheet],
    *,
    dimensions: list[str],
    categories: set,
    groups: set,
    band_min: int,
    band_max: int,
    degrees: tuple = (0, 1, 3),
) -> tuple[Content, list[Problem]]:
    """Every row checked against the version it will extend; blank value cells mean "not given"."""
    problems: list[Problem] = []
    content = Content({}, {}, {})
    by_name = {s.name.strip().lower(): s for s in sheets}
    known_dims = set(dimensions)
    if not any(name in by_name for name in CONTENT_SHEETS):
        problems.append(
            Problem(
                sheets[0].name if sheets else "",
                None,
                "",
                _("The workbook has none of the sheets %(sheets)s. Use the import template.")
                % {"sheets": ", ".join(CONTENT_SHEETS)},
                "no_sheets",
            )
        )
        return content, problems
    for title, headers in CONTENT_SHEETS.items():
        sheet = by_name.get(title)
        if sheet is None:
            continue
        found = [text_of(cell(sheet.rows, 1, i + 1)).lower() for i in range(len(headers))]
        if found != list(headers):
            problems.append(
                Problem(
                    sheet.name,
                    1,
                    "A",
                    _("The first row must be: %(headers)s.") % {"headers": ", ".join(headers)},
                    "bad_header",
                )
            )
            continue
        seen = {}
        for index in range(2, len(sheet.rows) + 1):
            values = [cell(sheet.rows, index, i + 1) for i in range(len(headers))]
            if all(is_blank(v) for v in values):
                continue

            def problem(col, message, code, _sheet=sheet, _index=index):
                problems.append(Problem(_sheet.name, _index, column(col), message, code))

            dim = text_of(values[0]).upper()
            if dim not in known_dims:
                message = _("“%(code)s” is not a dimension of this framework version.") % {"code": dim or "—"}
                problem(1, message, "unknown_dimension")
                continue
            if title == "descriptors":
                band, error = read_whole_number(values[1], low=band_min, high=band_max)
                if error:
                    problem(2, *error)
                    continue
                text_tr, text_en = text_of(values[2]), text_of(values[3])
                if not text_tr and not text_en:
                    continue
                if not text_tr:
                    problem(3, _("The Turkish text is missing (the portal shows Turkish first)."), "missing_turkish")
                    continue
                key, value = (dim, band), (text_tr, text_en)
                target = content.descriptors
            elif title == "relevance":
                kind, category = text_of(values[1]).lower(), text_of(values[2]).upper()
                if (kind, category) not in categories:
                    problem(
                        3,
                        _("“%(kind)s / %(code)s” is not a cost or KPI category of this version.")
                        % {"kind": kind or "—", "code": category or "—"},
                        "unknown_category",
                    )
                    continue
                if is_blank(values[3]):
                    continue
                degree, error = read_whole_number(values[3], low=0, high=max(degrees))
                if error or degree not in degrees:
                    message = _("A degree of relevance is one of %(values)s.") % {
                        "values": ", ".join(map(str, degrees))
                    }
                    problem(4, *(error or (message, "bad_degree")))
                    continue
                key, value = (dim, kind, category), degree
                target = content.relevance
            else:
                group = text_of(values[1]).lower()
                if group and group not in groups:
                    message = _("“%(code)s” is not an industry group of this version.") % {"code": group}
                    problem(2, message, "unknown_group")
                    continue
                if is_blank(values[2]):
                    continue
                band, error = read_whole_number(values[2], low=band_min, high=band_max)
                if error:
                    problem(3, *error)
                    continue
                key, value = (dim, group), band
                target = content.best_in_class
            if key in seen:
                problems.append(
                    Problem(
                        sheet.name,
                        index,
                        "A",
                        _("This row repeats row %(other)s.") % {"other": seen[key]},
                        "repeated_row",
                    )
                )
                continue
            seen[key] = index
            target[key] = value
    if not problems and not (content.descriptors or content.relevance or content.best_in_class):
        problems.append(Problem(sheets[0].name, None, "", _("The workbook holds no values to import."), "empty"))
    return content, problems
