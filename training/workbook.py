"""Excel files of training: the grade roster sheet (written for trainers, read back when they upload it) and the
cohort export (roster and attendance) for staff.

The roster sheet has one header row: "ID", the name, then one column per assessed module, headed by its code.
Reading it checks every cell and reports every problem with its cell reference; it returns nothing unless the
whole sheet is valid, so an upload is all or nothing.
"""

import zipfile
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from portal.xlsx import Column, Workbook, funding_line, text_columns

ID_HEADER = "ID"
MAX_ROWS = 2000
MAX_ERRORS = 30
TWO_PLACES = Decimal("0.01")


def parse_score(value) -> Decimal:
    """A score from a cell: a number 0–100 with at most two decimals; a Turkish decimal comma is fine."""
    if isinstance(value, bool):
        raise ValueError(_("is not a number"))
    if isinstance(value, int | float | Decimal):
        text = repr(value) if isinstance(value, float) else str(value)
    elif isinstance(value, str):
        text = value.strip().replace(",", ".")
    else:
        raise ValueError(_("is not a number"))
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("is not a number")) from None
    if not score.is_finite():
        raise ValueError(_("is not a number"))
    if not Decimal(0) <= score <= Decimal(100):
        raise ValueError(_("is outside 0–100"))
    if score != score.quantize(TWO_PLACES):
        raise ValueError(_("has more than two decimals"))
    return score.quantize(TWO_PLACES)


def parse_grade_workbook(
    data, *, roster: Mapping[int, str], module_codes: Iterable[str]
) -> dict[str, dict[int, Decimal]]:
    """{module code: {trainee id: score}} from an uploaded roster sheet, or a ValidationError listing every problem.

    Blank cells change nothing. `roster` maps the cohort's trainee ids to their names.
    """
    try:
        book = load_workbook(data, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise ValidationError(_("This is not a readable Excel workbook (.xlsx)."), code="unreadable") from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ValidationError(_("The workbook has no sheet."), code="empty")
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        known = set(module_codes)
        errors: list[str] = []
        columns = _read_header(header, known, errors)
        if errors:
            raise ValidationError(errors, code="header")
        result: dict[str, dict[int, Decimal]] = {code: {} for _index, code in columns}
        seen: dict[int, int] = {}
        for row_number, row in enumerate(rows, start=2):
            if row_number > MAX_ROWS + 1:
                errors.append(_("The sheet has more than %(n)d rows.") % {"n": MAX_ROWS})
                break
            row = tuple(row or ())
            if all(_blank(v) for v in row):
                continue
            trainee_id = _read_id(row[0] if row else None, row_number, roster, seen, errors)
            for index, code in columns:
                value = row[index] if index < len(row) else None
                if _blank(value):
                    continue
                cell = f"{get_column_letter(index + 1)}{row_number}"
                try:
                    score = parse_score(value)
                except ValueError as problem:
                    errors.append(
                        _("%(cell)s: “%(value)s” %(problem)s.") % {"cell": cell, "value": value, "problem": problem}
                    )
                    continue
                if trainee_id is not None:
                    result[code][trainee_id] = score
            if len(errors) >= MAX_ERRORS:
                break
    finally:
        book.close()
    if errors:
        raise ValidationError(errors[:MAX_ERRORS], code="cells")
    if not any(result.values()):
        raise ValidationError(_("The sheet has no scores to record."), code="no_scores")
    return result


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_header(header, known: set[str], errors: list[str]) -> list[tuple[int, str]]:
    if not header or str(header[0] or "").strip().upper() != ID_HEADER:
        errors.append(_("A1 must say “ID”: download the roster sheet of this cohort and fill that in."))
        return []
    columns, seen = [], set()
    for index, value in enumerate(header[2:], start=2):
        if _blank(value):
            continue
        code = str(value).strip()
        cell = f"{get_column_letter(index + 1)}1"
        if code not in known:
            errors.append(
                _("%(cell)s: “%(code)s” is not an assessed module of this cohort.") % {"cell": cell, "code": code}
            )
        elif code in seen:
            errors.append(_("%(cell)s: module “%(code)s” appears twice.") % {"cell": cell, "code": code})
        else:
            seen.add(code)
            columns.append((index, code))
    if not columns and not errors:
        errors.append(_("The header row names no module."))
    return columns


def _read_id(value, row_number: int, roster: Mapping[int, str], seen: dict[int, int], errors: list[str]) -> int | None:
    cell = f"A{row_number}"
    try:
        if isinstance(value, bool) or value is None:
            raise ValueError
        trainee_id = int(str(value).strip()) if not isinstance(value, float) else _whole(value)
    except ValueError:
        errors.append(
            _("%(cell)s: “%(value)s” is not a trainee ID.")
            % {"cell": cell, "value": value if value is not None else ""}
        )
        return None
    if trainee_id not in roster:
        errors.append(_("%(cell)s: trainee %(id)s is not in this cohort.") % {"cell": cell, "id": trainee_id})
        return None
    if trainee_id in seen:
        errors.append(
            _("%(cell)s: trainee %(id)s is already on row %(row)d.")
            % {"cell": cell, "id": trainee_id, "row": seen[trainee_id]}
        )
        return None
    seen[trainee_id] = row_number
    return trainee_id


def _whole(value: float) -> int:
    if not value.is_integer():
        raise ValueError
    return int(value)


def grade_roster_workbook(*, title: str, trainees: Iterable[tuple[int, str]], modules, scores: Mapping) -> bytes:
    """The sheet trainers fill in: prefilled with the scores recorded so far. scores: {(trainee id, code): score}."""
    book = Workbook(preamble=False)  # read back as it is: the EU line and the date go on the "Read me" sheet
    codes = [m.code for m in modules]
    sheet = book.sheet(_("Grades"))
    sheet.heading([Column(ID_HEADER, "integer"), Column(_("Name"), width=32), *(Column(c, "decimal") for c in codes)])
    count = 0
    for trainee_id, name in trainees:
        sheet.append([trainee_id, name, *[_excel_number(scores.get((trainee_id, code))) for code in codes]])
        count += 1
    if codes and count:
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        rule.error = _("A score is a number from 0 to 100.")
        rule.showErrorMessage = True
        sheet.raw.add_data_validation(rule)
        rule.add(f"C2:{get_column_letter(2 + len(codes))}{count + 1}")
    notes = book.add_sheet(_("Read me"))
    notes.append([title])
    notes.append([funding_line()])
    notes.append([book.export_date_line()])
    notes.append(
        [_("Fill in scores from 0 to 100 in the module columns. Leave a cell empty to keep what is recorded.")]
    )
    notes.append([_("Do not change the ID column or the header row.")])
    for module in modules:
        notes.append([module.code, module.title])
    return book.to_bytes()


def _excel_number(score):
    if score is None:
        return None
    return int(score) if score == int(score) else float(score)


def cohort_workbook(*, cohort, enrolments, sessions, marks: Mapping, rates: Mapping, progress=None) -> bytes:
    """Roster and attendance of one cohort, for staff. marks: {(trainee id, session id): status label}."""
    book = Workbook(write_only=True)
    roster = book.sheet(_("Roster"), caption=f"{cohort.name} {cohort.code}")
    roster.heading(
        text_columns(
            [
                _("ID"),
                _("Name"),
                _("Email"),
                _("Mobile phone"),
                _("Province"),
                _("Status"),
                _("Enrolled on"),
                _("Ended on"),
                _("Reason"),
            ]
        )
    )
    for e in enrolments:
        t = e.trainee
        roster.append(
            [
                t.pk,
                t.user.full_name,
                t.user.email,
                t.phone,
                t.province.name,
                e.get_status_display(),
                e.enrolled_on.isoformat(),
                e.ended_on.isoformat() if e.ended_on else "",
                e.end_reason,
            ]
        )
    sheet = book.sheet(
        _("Attendance"),
        text_columns(
            [
                _("ID"),
                _("Name"),
                _("Attendance (%)"),
                *[f"{s.starts_at:%Y-%m-%d %H:%M} {s.module.code}" for s in sessions],
            ]
        ),
    )
    total = len(enrolments)
    for i, e in enumerate(enrolments, start=1):
        t = e.trainee
        sheet.append([t.pk, t.user.full_name, rates.get(t.pk), *[marks.get((t.pk, s.pk), "") for s in sessions]])
        if progress and i % 200 == 0:
            progress(i, total)
    return book.to_bytes()
