"""The site's own middleware: the language chosen, and no control character in an address."""

import re

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware(MiddlewareMixin):
    """Vietnamese unless the user chose otherwise: like LocaleMiddleware without Accept-Language.

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


# C0 and C1 control characters: NUL (which PostgreSQL refuses in text), line breaks, escapes.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _small_form(request) -> bool:
    if request.content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length <= (settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)


def _control_in(request) -> str | None:
    """Where the request's path or query string holds a control character (a posted form NUL),
    or None."""
    if _CONTROL.search(request.path_info):
        return _("đường dẫn")
    for name, values in request.GET.lists():
        if _CONTROL.search(name) or any(_CONTROL.search(v) for v in values):
            return _("tham số '%(name)s'") % {"name": _CONTROL.sub("?", name)}
    # A form's free text may hold line breaks and tabs, never NUL. A body larger than Django
    # keeps in memory for a form is an upload, left unread for its view to check its size first.
    if request.method == "POST" and _small_form(request):
        for name, values in request.POST.lists():
            if "\x00" in name or any("\x00" in v for v in values):
                return _("ô '%(name)s' của biểu mẫu") % {"name": _CONTROL.sub("?", name)}
    return None


class ControlCharactersMiddleware:
    """400 for a control character in the path or the query string (or NUL in a posted form),
    before any view reads it.

    No code, id, year or map holds one. Refusing them here, once, spares each view (and the
    admin's filters and search) from passing NUL to PostgreSQL, which would answer 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _CONTROL.search(request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")):
            # No session key this site gives out has one: as if there were no cookie (the
            # session is read lazily, so nothing has looked it up yet).
            request.session = type(request.session)()
        where = _control_in(request)
        if where is None:
            return self.get_response(request)
        reason = _(
            "Yêu cầu có ký tự điều khiển (như NUL, xuống dòng hoặc tab) trong %(where)s: "
            "không mã, số, năm hay bản đồ nào có ký tự đó. Hãy kiểm tra lại liên kết hoặc gõ "
            "lại (ký tự này thường do dán từ tệp khác)."
        ) % {"where": where}
        return render(request, "400.html", {"reason": reason}, status=400)
