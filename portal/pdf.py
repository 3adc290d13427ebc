"""One way to make a PDF: a template under templates/pdf/ rendered by WeasyPrint.

Every document extends templates/pdf/base.html, which carries the EU-visibility block. Fonts come from the
system (DejaVu, which has the Turkish letters; the Dockerfile and .ci/run install fonts-dejavu-core).
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def render_pdf(template_name: str, context: dict, *, language: str = "tr") -> bytes:
    from weasyprint import HTML  # imported late: loading Pango is slow and only PDF work needs it

    with translation.override(language):
        html = render_to_string(template_name, {**context, "LANGUAGE_CODE": language})
    # base_url lets templates use relative paths to static files (img/eu-emblem.svg) without a web server
    return HTML(string=html, base_url=str(STATIC_DIR) + "/").write_pdf()
