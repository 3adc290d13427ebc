"""Checking a person's answers against the questionnaire: types, required, ranges and the simple skip logic.
Pure functions over the questions and the submitted values; what she typed is kept even when it is refused."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from surveys.models import QuestionType as T

LIKERT_VALUES = ("1", "2", "3", "4", "5")


def choice_values(question) -> list[str]:
    if question.type == T.YES_NO:
        return ["yes", "no"]
    if question.type == T.LIKERT and not list(question.choices.all()):
        return list(LIKERT_VALUES)
    return [c.value for c in question.choices.all()]


def is_shown(question, answers: dict) -> bool:
    if not question.show_if:
        return True
    given = answers.get(question.show_if)
    if question.show_if_operator == "contains":
        return isinstance(given, list) and question.show_if_value in given
    return given == question.show_if_value or (isinstance(given, list) and given == [question.show_if_value])


def raw_value(question, data):
    """What she sent for one question, as the form keeps it (a list for multiple choice)."""
    if question.type == T.SELECT_MULTIPLE:
        return [str(v)[:60] for v in data.getlist(question.name)][:50]
    return str(data.get(question.name, "")).strip()[:2000]


def clean_value(question, value):
    """(clean value, error message or "")."""
    if value in ("", []):
        return None, ""
    if question.type == T.SELECT_MULTIPLE:
        allowed = set(choice_values(question))
        if any(v not in allowed for v in value):
            return None, _("Choose from the list.")
        return [v for v in choice_values(question) if v in value], ""
    if question.type in (T.SELECT_ONE, T.YES_NO, T.LIKERT):
        return (value, "") if value in choice_values(question) else (None, _("Choose from the list."))
    if question.type in (T.INTEGER, T.DECIMAL):
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            return None, _("Write a number.")
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            return None, _("Write a number.")
        if question.type == T.INTEGER and number != number.to_integral_value():
            return None, _("Write a whole number.")
        if question.min_value is not None and number < question.min_value:
            return None, _("The smallest allowed is %(n)s.") % {"n": question.min_value.normalize()}
        if question.max_value is not None and number > question.max_value:
            return None, _("The largest allowed is %(n)s.") % {"n": question.max_value.normalize()}
        return (int(number) if question.type == T.INTEGER else str(number)), ""
    if question.type == T.DATE:
        try:
            return date.fromisoformat(value).isoformat(), ""
        except ValueError:
            return None, _("Write a date (day, month, year).")
    return value, ""


def check(questions, data, *, final: bool):
    """Read the submitted form: (raw values to show again, clean answers, errors by question name). A question
    hidden by the skip logic keeps no answer. `final` also insists on the required answers."""
    raw, answers, errors = {}, {}, {}
    for question in questions:
        value = raw_value(question, data)
        if not is_shown(question, answers):
            continue
        raw[question.name] = value
        clean, error = clean_value(question, value)
        if error:
            errors[question.name] = error
        elif clean is not None:
            answers[question.name] = clean
        elif final and question.required:
            errors[question.name] = _("This question needs an answer.")
    return raw, answers, errors
