"""Turkish capitalises "i" as "İ" and "ı" as "I": labels, headings and the catalogue must follow it."""

import polib
import pytest
from django.apps import apps
from django.template import Context, Template
from django.utils import translation
from django.utils.text import capfirst

from portal.locale import turkish_upper
from tests.security.page_checks import CATALOGUE, turkish_casing


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [("tr", "il", "İl"), ("tr", "işveren", "İşveren"), ("tr", "ılık", "Ilık"), ("en", "istanbul", "Istanbul")],
)
def test_capfirst_capitalises_the_turkish_way_on_turkish_pages(language, text, expected):
    with translation.override(language):
        assert capfirst(text) == expected
        assert Template("{{ value|capfirst }}").render(Context({"value": text})) == expected


def test_whole_words_upper_case_the_turkish_way():
    with translation.override("tr"):
        assert turkish_upper("iletişim bilgileri") == "İLETİŞİM BİLGİLERİ"
    with translation.override("en"):
        assert turkish_upper("contact") == "CONTACT"


def test_every_model_label_from_an_i_word_gets_a_dotted_capital():
    """The labels Django makes from verbose names (forms, admin) — every model field of every app."""
    from django.db.models import fields as model_fields

    wrong = []
    with translation.override("tr"):
        for model in apps.get_models():
            for field in model._meta.get_fields():
                name = str(getattr(field, "verbose_name", "") or "")
                label = str(model_fields.capfirst(getattr(field, "verbose_name", "")))
                if name[:1] == "i" and not label.startswith("İ"):
                    wrong.append(f"{model._meta.label}.{field.name}: {label}")
    assert not wrong, wrong


def test_the_catalogue_capitalises_what_the_english_capitalises():
    """A msgid that starts with a capital must not get a Turkish translation that starts with a small i/ı."""
    wrong = [
        f"{entry.msgid!r} → {entry.msgstr!r}"
        for entry in polib.pofile(str(CATALOGUE))
        if entry.msgid[:1].isupper() and entry.msgstr[:1] in ("i", "ı")
    ]
    assert not wrong, wrong


def test_the_page_check_sees_a_dotless_capital():
    """Guard the guard: the crawler's casing check flags "Il" on a Turkish page and passes "İl"."""
    page = '<html lang="tr"><body><label>{}</label></body></html>'
    assert turkish_casing("/x/", page.format("Il"))
    assert not turkish_casing("/x/", page.format("İl"))
