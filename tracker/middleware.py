"""Vietnamese unless the user chose otherwise: the browser's language list is not asked."""

from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class ChosenLanguageMiddleware(MiddlewareMixin):
    """Like LocaleMiddleware without Accept-Language.

    Officers' machines often run an English browser; the tool still speaks
    Vietnamese until someone picks English with the language switch (a cookie).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
