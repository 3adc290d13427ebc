from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

# read by programs, which say their language in Accept-Language (the documentation page is for people: cookie)
API_PATHS = ("/api/v1/", "/api/schema/", "/openapi.json")


class TurkishFirstLocaleMiddleware(LocaleMiddleware):
    """Turkish unless the person chose English with the switcher (cookie); the browser's language is ignored,
    so a phone set to English still opens the programme's pages in Turkish first. The API (/api/) is read by
    programs, not phones: there `Accept-Language` chooses, Turkish when it names neither language."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen is None and request.path_info.startswith(API_PATHS):
            chosen = translation.get_language_from_request(request)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# --- Turkish casing ------------------------------------------------------------------------------------------
# Django capitalises labels with `capfirst` (`x[0].upper()`), and Python upper-cases "i" to "I" whatever the
# language: the Turkish "il", "işveren", "iletişim kişisi" became "Il", "Işveren", "Iletişim kişisi". In Turkish
# "i" capitalises to "İ" and "ı" to "I". The portal installs one Turkish-aware capfirst in every Django module
# that imported the original (see install_turkish_capfirst, called from PortalConfig.ready()).

_TURKISH_UPPER = {"i": "İ", "ı": "I"}


def turkish_upper_first(text: str) -> str:
    if not text:
        return text
    first = text[0]
    if (translation.get_language() or "").startswith("tr") and first in _TURKISH_UPPER:
        return _TURKISH_UPPER[first] + text[1:]
    return first.upper() + text[1:]


def turkish_upper(text: str) -> str:
    """Upper-case a whole string the Turkish way when the page is Turkish (headings, badges)."""
    from portal.collation import turkish_upper as upper_always_turkish

    if (translation.get_language() or "").startswith("tr"):
        return upper_always_turkish(text)
    return text.upper()


def install_turkish_capfirst():
    import importlib

    from django.template import defaultfilters
    from django.utils import text as django_text
    from django.utils.functional import keep_lazy_text

    original = django_text.capfirst
    if getattr(original, "turkish_aware", False):
        return

    @keep_lazy_text
    def capfirst(x):
        return x and turkish_upper_first(str(x))

    capfirst.turkish_aware = True
    for name in (
        "django.utils.text",
        "django.db.models.base",
        "django.db.models.fields",
        "django.forms.models",
        "django.contrib.admin.utils",
        "django.contrib.admin.helpers",
        "django.contrib.admin.options",
        "django.contrib.admin.sites",
        "django.contrib.admin.templatetags.admin_list",
        "django.contrib.auth.forms",
    ):
        module = importlib.import_module(name)
        if getattr(module, "capfirst", None) is original:
            module.capfirst = capfirst

    @defaultfilters.stringfilter
    def capfirst_filter(value):
        return value and turkish_upper_first(value)

    defaultfilters.register.filter("capfirst", capfirst_filter, is_safe=True)
