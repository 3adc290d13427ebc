import io

from pypdf import PdfReader

from portal.pdf import render_pdf
from tests.factories import ProgramFactory


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_pdf_carries_turkish_letters_and_the_eu_block(db, tmp_path, settings):
    program = ProgramFactory(name_tr="İmalat Sanayinde Kadınlar", name_en="Women in Manufacturing")
    template = tmp_path / "pdf_sample.html"
    template.write_text(
        '{% extends "pdf/base.html" %}{% block content %}<h1>{{ program.name }}</h1>'
        "<p>Şule Çağlar, Ğ, ı, ö, ü</p>{% endblock %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]
    pdf = render_pdf("pdf_sample.html", {"program": program})
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert "İmalat Sanayinde Kadınlar" in text
    assert "Şule Çağlar" in text
    assert "Avrupa Birliği tarafından finanse edilmektedir" in text
    english = _text(render_pdf("pdf/base.html", {"program": None}, language="en"))
    assert "funded by the European Union" in english
