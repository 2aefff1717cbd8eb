"""Errors under /api/ that no API view answered, in the API's one error shape.

An unknown address (404), a control character refused before any view (400), a server
error (500): Django answers those with HTML pages; a script reading /api/ gets a problem
(RFC 9457) instead.
"""

from django.utils.translation import gettext as _

from tracker.api.problem_body import CONTENT_TYPE, problem_json_response

PREFIX = "/api/"


def _detail(status: int) -> str:
    return {
        404: _("Không có địa chỉ này trong API."),
        400: _("Yêu cầu không hợp lệ (có ký tự điều khiển trong đường dẫn hoặc tham số)."),
        500: _("Máy chủ gặp lỗi; lỗi đã được ghi lại."),
    }.get(status, _("Yêu cầu không được xử lý."))


# The URL conf of requests under /api/: the site's and the API's (tracker.api.urls).
API_URLCONF = "tracker.api.urls"


class ApiUrlconfMiddleware:
    """Requests under /api/ resolve with the API's URL conf; every other with the site's.

    The site's own URL conf leaves the API out, so a process serving only pages (or running
    an import) never loads Django REST framework and drf-spectacular (about 25 MB each).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(PREFIX):
            request.urlconf = API_URLCONF
        return self.get_response(request)


class ApiProblemsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path_info.startswith(PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith((CONTENT_TYPE, "application/json"))
        ):
            return problem_json_response(
                response.status_code, _detail(response.status_code), instance=request.path
            )
        return response
