"""The interface language: Swedish, unless the user has chosen another in the language selector."""

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Unlike Django's LocaleMiddleware, ignores the browser's Accept-Language header.

    A förbund works in Swedish whatever language the browser was installed in; English is there
    for whoever picks it (Django's set_language view stores the choice in a cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
