"""The problem details (RFC 9457) body and its JSON response, without Django REST framework.

Apart from tracker.api.problems so that the middleware answering errors under /api/ does not
load DRF into every process: DRF and its schema cost about 25 MB, needed only under /api/.
"""

from django.http import JsonResponse
from django.utils.translation import gettext_lazy

CONTENT_TYPE = "application/problem+json"

TITLES = {
    400: gettext_lazy("Yêu cầu không hợp lệ"),
    401: gettext_lazy("Chưa xác thực"),
    403: gettext_lazy("Không có quyền"),
    404: gettext_lazy("Không tìm thấy"),
    405: gettext_lazy("Phương thức không được hỗ trợ"),
    406: gettext_lazy("Không trả được định dạng yêu cầu"),
    409: gettext_lazy("Xung đột với trạng thái hiện tại"),
    412: gettext_lazy("Phiên bản đã cũ"),
    413: gettext_lazy("Tệp quá lớn"),
    415: gettext_lazy("Kiểu nội dung không được hỗ trợ"),
    422: gettext_lazy("Dữ liệu không xử lý được"),
    428: gettext_lazy("Thiếu điều kiện phiên bản"),
    429: gettext_lazy("Gửi quá nhiều yêu cầu"),
    500: gettext_lazy("Lỗi máy chủ"),
}


def problem(status_code: int, detail: str, *, code: str = "", instance: str = "", **extra) -> dict:
    code = code or {404: "not_found", 401: "not_authenticated"}.get(status_code, "error")
    body = {
        "type": f"urn:tracker:problem:{code}",
        "title": str(TITLES.get(status_code, TITLES[400 if status_code < 500 else 500])),
        "status": status_code,
        "detail": str(detail),
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def problem_json_response(status_code: int, detail: str, *, code: str = "", instance: str = ""):
    """A problem outside DRF (the middleware's rewriting)."""
    return JsonResponse(
        problem(status_code, detail, code=code, instance=instance),
        status=status_code,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
