"""Chinese first: the interface is in Simplified Chinese unless the user chose English with the switch."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Like Django's LocaleMiddleware, but ignores the browser's Accept-Language: a case worker's browser
    set to English must not turn the official UI into English; only the language switch (cookie) does."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The thread goes on to serve others (and jobs started from it): back to Chinese, not the last
        # user's choice.
        translation.activate(settings.LANGUAGE_CODE)
        return response
