from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class TurkishFirstLocaleMiddleware(LocaleMiddleware):
    """Turkish unless the person chose English with the switcher (cookie); the browser's language is ignored,
    so a phone set to English still opens the programme's pages in Turkish first."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
