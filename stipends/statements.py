"""Bank result files and statements: CSV, XLSX and SWIFT MT940, parsed into (reference, amount, status, reason).

A result file (CSV/XLSX) has a heading row naming at least the reference and amount columns, and optionally a
status (paid/failed, ödendi/başarısız…) and a reason. In an MT940 statement a debit line (:61: …D…) with our
reference is a payment made; a credit with our reference (a return, RC or C) is a payment that failed, with the
reason from its :86: line. Anything that cannot be read raises a ValidationError saying what is wrong.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from stipends import calc

PAID, FAILED = "paid", "failed"
STATUS_WORDS = {
    "paid": PAID,
    "ok": PAID,
    "success": PAID,
    "ödendi": PAID,
    "odendi": PAID,
    "başarılı": PAID,
    "basarili": PAID,
    "failed": FAILED,
    "error": FAILED,
    "returned": FAILED,
    "iade": FAILED,
    "başarısız": FAILED,
    "basarisiz": FAILED,
    "hata": FAILED,
}
HEADER_WORDS = {
    "reference": {"reference", "referans", "ref", "açıklama referansı"},
    "amount": {"amount", "tutar"},
    "status": {"status", "durum", "sonuç", "sonuc"},
    "reason": {"reason", "neden", "hata açıklaması", "açıklama", "description"},
}


@dataclass(frozen=True)
class StatementRow:
    line_number: int
    reference: str
    amount_kurus: int
    status: str  # PAID or FAILED
    reason: str = ""


def _bad(message: str, line: int | None = None) -> ValidationError:
    if line is not None:
        message = _("Line %(line)s: %(message)s") % {"line": line, "message": message}
    return ValidationError(message, code="bad_statement")


def _status(text: str, line: int) -> str:
    value = STATUS_WORDS.get(str(text or "").strip().lower())
    if value is None:
        raise _bad(_("unknown status %(status)r (paid or failed expected).") % {"status": str(text)[:30]}, line)
    return value


def parse_table(rows: list[list]) -> list[StatementRow]:
    if not rows:
        raise _bad(_("The file is empty."))
    heading = [str(c or "").strip().lower() for c in rows[0]]
    where = {}
    for key, words in HEADER_WORDS.items():
        for i, cell in enumerate(heading):
            if cell in words and key not in where:
                where[key] = i
    if "reference" not in where or "amount" not in where:
        raise _bad(_("The heading row must name a reference and an amount column."))
    out = []
    for n, row in enumerate(rows[1:], start=2):
        cells = [str(c if c is not None else "").strip() for c in row]
        if not any(cells):
            continue
        if cells and cells[0].upper() == "KONTROL":
            continue
        if len(cells) <= max(where.values()):
            raise _bad(_("too few columns."), n)
        reference = cells[where["reference"]]
        if not reference:
            raise _bad(_("the reference is empty."), n)
        try:
            amount = calc.kurus_from_text(cells[where["amount"]])
        except ValueError:
            raise _bad(_("%(amount)r is not an amount.") % {"amount": cells[where["amount"]][:30]}, n) from None
        status = _status(cells[where["status"]], n) if "status" in where else PAID
        reason = cells[where["reason"]][:300] if "reason" in where else ""
        out.append(StatementRow(n, reference[:60], amount, status, reason))
    if not out:
        raise _bad(_("The file holds no lines."))
    return out


def parse_csv(content: bytes) -> list[StatementRow]:
    for encoding in ("utf-8-sig", "cp1254"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1254 decodes nearly anything
        raise _bad(_("The file's text encoding is not UTF-8 or Windows-1254."))
    try:
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=";,\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";"
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise _bad(_("This file is neither CSV, Excel (xlsx) nor MT940.")) from None
    return parse_table(rows)


def parse_xlsx(content: bytes) -> list[StatementRow]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    except Exception:
        raise _bad(_("This Excel file cannot be read.")) from None
    return parse_table(rows)


# --- MT940 ----------------------------------------------------------------------------------------------------

TAG = re.compile(r"^:(\d{2}[A-Z]?):(.*)$")
LINE_61 = re.compile(
    r"^(?P<date>\d{6})(?P<entry>\d{4})?(?P<mark>RC|RD|C|D)(?P<funds>[A-Z])?(?P<amount>\d{1,12},\d{0,2})"
    r"(?P<type>[NSF][A-Z0-9]{3})(?P<ref>[^/\n]{1,16})(?://(?P<bankref>[^\n]{0,16}))?(?P<rest>.*)$"
)


def parse_mt940(content: bytes) -> list[StatementRow]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("cp1254", errors="replace")
    tags: list[list] = []  # [tag, value, line number]
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if not raw.strip() or raw.strip() in ("-", "-}"):
            continue
        match = TAG.match(raw.strip())
        if match:
            tags.append([match.group(1), match.group(2), n])
        elif tags:
            tags[-1][1] += "\n" + raw.strip()
        elif raw.lstrip().startswith("{"):
            continue  # SWIFT block headers
        else:
            raise _bad(_("not an MT940 statement line."), n)
    if not any(t[0] == "20" for t in tags) or not any(t[0] == "61" for t in tags):
        raise _bad(_("This is not an MT940 statement (no :20: or :61: lines)."))
    rows = []
    for i, (tag, value, n) in enumerate(tags):
        if tag != "61":
            continue
        first = value.split("\n")[0]
        match = LINE_61.match(first)
        if not match:
            raise _bad(_("the :61: line cannot be read."), n)
        info = ""
        if i + 1 < len(tags) and tags[i + 1][0] == "86":
            info = tags[i + 1][1].replace("\n", " ").strip()
        try:
            amount = calc.kurus_from_text(match.group("amount"))
        except ValueError:
            raise _bad(_("the :61: amount cannot be read."), n) from None
        mark = match.group("mark")
        status = PAID if mark in ("D", "RC") else FAILED  # a credit back to us (C, RD) is a return
        rows.append(StatementRow(n, match.group("ref").strip(), amount, status, "" if status == PAID else info[:300]))
    return rows


def detect_and_parse(content: bytes) -> tuple[str, list[StatementRow]]:
    head = content[:400].lstrip(b"\xef\xbb\xbf").lstrip()
    if content.startswith(b"PK\x03\x04"):
        return "xlsx", parse_xlsx(content)
    if head.startswith((b":20:", b"{1:", b":940")) or b"\n:20:" in content[:400] or b":20:" in head[:10]:
        return "mt940", parse_mt940(content)
    if b"\x00" in content[:1024]:
        raise _bad(_("This file is neither CSV, Excel (xlsx) nor MT940."))
    return "csv", parse_csv(content)
