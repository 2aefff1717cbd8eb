"""The error pages: in the app's layout, in the user's language, each saying what happened and
what to do next. Web layer (handlers named in tracker/urls.py, CSRF_FAILURE_VIEW in settings).

Django's own handlers render 400 and 500 without the request, so without the navigation, and
its CSRF page is English: these give every page the request's context. 500 stays Django's
(templates/500.html is self-contained, as a broken database must not break it too).
"""

from urllib.parse import urlencode, urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def _back(request: HttpRequest) -> str:
    """The page the user came from, when it is on this site and not this very page; else ''."""
    referer = request.META.get("HTTP_REFERER", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return "" if referer == request.build_absolute_uri() else referer


def _page(request, template: str, status: int, **context) -> HttpResponse:
    return render(request, template, {"back": _back(request), **context}, status=status)


def bad_request(request, exception=None):
    # The exception's text is Django's English (SuspiciousOperation): the page says it in words.
    return _page(request, "400.html", 400)


def permission_denied(request, exception=None):
    # A PermissionDenied raised with a message (ours are Vietnamese) shows it.
    return _page(request, "403.html", 403, reason=str(exception or ""))


def page_not_found(request, exception=None):
    first = exception.args[0] if exception is not None and exception.args else ""
    # Ours are Vietnamese and say which code is missing; Django's own ("No Province matches
    # the given query.", the resolver's {"tried": ..., "path": ...}) say nothing to a user.
    message = first if isinstance(first, str) and "matches the given query" not in first else ""
    return _page(request, "404.html", 404, reason=message)


def csrf_failure(request, reason=""):
    """The form was sent without a valid CSRF token: an expired page or session, mostly."""
    login = reverse("login")
    back = urlsplit(_back(request))
    if back.path and back.path != login:
        # Back where the form was, once logged in again (LoginView checks the address again).
        login += "?" + urlencode({"next": back.path + (f"?{back.query}" if back.query else "")})
    return _page(request, "403_csrf.html", 403, login_again=login)
