"""Reading an XLSForm workbook (the spreadsheet standard of ODK and KoboToolbox) into questions the portal supports.

pyxform reads the workbook (sheets `survey`, `choices`, `settings`, each row a dict keyed by column heading). The
portal supports a subset: the question types below, `label`/`hint` in Turkish and English, `required`, a number
range written as a `constraint`, and simple skip logic in `relevant` (`${q} = 'v'` or `selected(${q}, 'v')`).
Anything else is refused with the sheet, row and column named, never silently dropped. Any file at all gives
either a parsed form or `XLSFormError` with messages: never an unexpected exception.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_QUESTIONS = 300
MAX_CHOICES = 500
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,59}$")
RELEVANT_EQUALS = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}\s*=\s*['\"]([^'\"]{1,60})['\"]$")
RELEVANT_SELECTED = re.compile(r"^selected\(\s*\$\{([A-Za-z_][A-Za-z0-9_]*)\}\s*,\s*['\"]([^'\"]{1,60})['\"]\s*\)$")
BOUND = re.compile(r"^\.\s*(>=|<=)\s*(-?\d+(?:\.\d+)?)$")
# survey sheet columns that change nothing the portal keeps, so are read past without a word
HARMLESS = {"appearance", "required_message", "constraint_message", "media::image", "default"}
TRUE = {"yes", "true", "1", "true()"}


class XLSFormError(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class ParsedQuestion:
    name: str
    type: str
    label_tr: str
    label_en: str = ""
    hint_tr: str = ""
    hint_en: str = ""
    required: bool = False
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    show_if: str = ""
    show_if_operator: str = "equals"
    show_if_value: str = ""
    choices: list[tuple[str, str, str]] = field(default_factory=list)  # (value, label tr, label en)


@dataclass
class ParsedForm:
    title_tr: str
    title_en: str
    code: str
    questions: list[ParsedQuestion]


def _read(data: bytes) -> dict:
    """The workbook's sheets as pyxform reads them; any failure to read is one clear error."""
    from pyxform.xls2json_backends import xlsx_to_dict

    if not data.startswith(b"PK"):
        raise XLSFormError([_("This is not an Excel workbook (.xlsx). Save the XLSForm as .xlsx and try again.")])
    try:
        return xlsx_to_dict(io.BytesIO(data))
    except Exception as exc:  # a damaged or hostile file can fail anywhere inside the reader
        raise XLSFormError(
            [_("The workbook could not be read (%(reason)s).") % {"reason": type(exc).__name__}]
        ) from exc


def _column(row: dict, base: str, language: str) -> str:
    """`label::Turkish`, `label::Turkish (tr)`, `label::tr`: any spelling of the language column."""
    names = {"tr": ("turkish", "türkçe", "turkce", "tr"), "en": ("english", "ingilizce", "en")}[language]
    for key, value in row.items():
        if not isinstance(key, str) or not key.lower().startswith(f"{base}::"):
            continue
        lang = key.split("::", 1)[1].strip().lower()
        if lang in names or any(lang.startswith(f"{n} (") or lang.endswith(f"({n})") for n in names):
            return str(value or "").strip()
    return ""


def _text(row: dict, base: str, language: str, default_language: str) -> str:
    value = _column(row, base, language)
    if not value and language == default_language:
        value = str(row.get(base) or "").strip()
    return value


def parse(data: bytes) -> ParsedForm:
    book = _read(data)
    errors: list[str] = []
    survey = book.get("survey")
    if not isinstance(survey, list) or not survey:
        raise XLSFormError([_("The workbook has no `survey` sheet with questions.")])
    settings = (book.get("settings") or [{}])[0] or {}
    default_language = "en" if "english" in str(settings.get("default_language", "")).lower() else "tr"
    choices: dict[str, list[tuple[str, str, str]]] = {}
    for index, row in enumerate(book.get("choices") or [], start=2):
        if not row:
            continue
        list_name, value = str(row.get("list_name") or "").strip(), str(row.get("name") or "").strip()
        label_tr = _text(row, "label", "tr", default_language)
        if not list_name or not value or not label_tr:
            errors.append(
                _("choices sheet, row %(row)s: list_name, name and a Turkish label are needed.") % {"row": index}
            )
            continue
        choices.setdefault(list_name, []).append(
            (value[:60], label_tr[:300], _text(row, "label", "en", default_language)[:300])
        )
    questions: list[ParsedQuestion] = []
    names: set[str] = set()
    for index, row in enumerate(survey, start=2):
        if not row:
            continue
        where = _("survey sheet, row %(row)s") % {"row": index}
        question = _question(row, where, choices, names, default_language, errors)
        if question:
            names.add(question.name)
            questions.append(question)
    if not questions and not errors:
        errors.append(_("The survey sheet has no questions."))
    if len(questions) > MAX_QUESTIONS or sum(len(c) for c in choices.values()) > MAX_CHOICES:
        errors.append(_("The form is too large (at most %(n)s questions).") % {"n": MAX_QUESTIONS})
    if errors:
        raise XLSFormError(errors[:30])
    code = str(settings.get("form_id") or "").strip().lower().replace("-", "_")[:40]
    title_tr = _text(settings, "form_title", "tr", default_language) or str(settings.get("form_title") or "").strip()
    return ParsedForm(
        title_tr=(title_tr or code or _("Imported questionnaire"))[:200],
        title_en=_text(settings, "form_title", "en", default_language)[:200],
        code=code if NAME.match(code or "-") else "",
        questions=questions,
    )


def _question(row, where, choices, names, default_language, errors) -> ParsedQuestion | None:
    kind = " ".join(str(row.get("type") or "").split())
    name = str(row.get("name") or "").strip()
    if kind in {"start", "end", "today", "deviceid", "username", "audit"}:
        return None  # metadata ODK collects by itself; the portal records its own
    for column, value in row.items():
        base = str(column).split("::", 1)[0].lower()
        if value and base not in {"type", "name", "label", "hint", "required", "relevant", "constraint"} | HARMLESS:
            errors.append(
                _("%(where)s, column %(column)s: not supported by the portal.") % {"where": where, "column": column}
            )
            return None
    mapped = _type(kind, row, choices, where, errors)
    if mapped is None:
        return None
    qtype, list_name = mapped
    if not NAME.match(name):
        errors.append(_("%(where)s, column name: a name of letters, digits and _ is needed.") % {"where": where})
        return None
    if name in names:
        errors.append(_("%(where)s, column name: %(name)s is used twice.") % {"where": where, "name": name})
        return None
    label_tr = _text(row, "label", "tr", default_language)
    if not label_tr:
        errors.append(_("%(where)s, column label::Turkish: every question needs a Turkish text.") % {"where": where})
        return None
    question = ParsedQuestion(
        name=name,
        type=qtype,
        label_tr=label_tr[:500],
        label_en=_text(row, "label", "en", default_language)[:500],
        hint_tr=_text(row, "hint", "tr", default_language)[:300],
        hint_en=_text(row, "hint", "en", default_language)[:300],
        required=str(row.get("required") or "").strip().lower() in TRUE,
        choices=list(choices.get(list_name, [])) if list_name else [],
    )
    if list_name and not question.choices:
        errors.append(
            _("%(where)s, column type: the choice list %(list)s is not on the choices sheet.")
            % {"where": where, "list": list_name}
        )
        return None
    if not _constraint(question, str(row.get("constraint") or "").strip()):
        errors.append(
            _("%(where)s, column constraint: only a number range (. >= 1 and . <= 10) is supported.") % {"where": where}
        )
        return None
    if not _relevant(question, str(row.get("relevant") or "").strip(), names):
        errors.append(
            _(
                "%(where)s, column relevant: only ${question} = 'value' or selected(${question}, 'value') on an "
                "earlier question is supported."
            )
            % {"where": where}
        )
        return None
    return question


def _type(kind, row, choices, where, errors):
    appearance = str(row.get("appearance") or "").lower()
    simple = {"text": "long_text" if "multiline" in appearance else "text", "integer": "integer"}
    simple |= {"decimal": "decimal", "date": "date"}
    if kind in simple:
        return simple[kind], ""
    head, _sep, list_name = kind.partition(" ")
    if head in {"select_one", "select_multiple"} and list_name and " " not in list_name:
        if head == "select_one" and "likert" in appearance:
            return "likert", list_name
        return head, list_name
    errors.append(
        _("%(where)s, column type: the type %(type)s is not supported by the portal.")
        % {"where": where, "type": kind[:40] or "—"}
    )
    return None


def _constraint(question: ParsedQuestion, text: str) -> bool:
    if not text:
        return True
    if question.type not in {"integer", "decimal"}:
        return False
    for part in re.split(r"\s+and\s+", text):
        match = BOUND.match(part.strip())
        if not match:
            return False
        try:
            number = Decimal(match.group(2))
        except InvalidOperation:
            return False
        if abs(number) >= Decimal("1e10"):
            return False
        if match.group(1) == ">=":
            question.min_value = number
        else:
            question.max_value = number
    return question.min_value is None or question.max_value is None or question.min_value <= question.max_value


def _relevant(question: ParsedQuestion, text: str, earlier: set[str]) -> bool:
    if not text:
        return True
    for pattern, operator in ((RELEVANT_EQUALS, "equals"), (RELEVANT_SELECTED, "contains")):
        match = pattern.match(text)
        if match and match.group(1) in earlier:
            question.show_if, question.show_if_operator, question.show_if_value = (
                match.group(1),
                operator,
                match.group(2),
            )
            return True
    return False
