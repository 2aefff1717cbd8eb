"""One error shape for the whole API: problem details (RFC 9457), in Vietnamese.

{"type": "urn:tracker:problem:<code>", "title": ..., "status": ..., "detail": ...,
 "instance": <path>, "code": <code>} and, for a request whose fields are wrong, "errors":
{field: [messages]}. Every error of the API's views goes through problem_handler (DRF's
EXCEPTION_HANDLER); the rest under /api/ (an unknown address, a control character refused by
the middleware) is rewritten by tracker.api.middleware.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response

from tracker.api.problem_body import CONTENT_TYPE, problem

# Django ValidationError codes that say the object's state refuses the change (409), or that
# the caller's copy is stale (412); any other is data that cannot be processed (422).
CONFLICT_CODES = {"locked", "wrong_status", "decided", "already_reverted", "revoked", "conflicts"}
STALE_CODES = {"stale"}


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = gettext_lazy(
        "Cần tiêu đề If-Match mang ETag (phiên bản) của kết quả, đọc bằng GET trước khi sửa."
    )


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_code = "stale"
    default_detail = gettext_lazy("Kết quả đã được thay đổi sau phiên bản bạn gửi.")


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"
    default_detail = gettext_lazy("Yêu cầu xung đột với trạng thái hiện tại.")


class Unprocessable(exceptions.APIException):
    status_code = 422
    default_code = "unprocessable"
    default_detail = gettext_lazy("Dữ liệu không xử lý được.")


def _from_django(exc):
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Không tìm thấy đối tượng này trong phạm vi của bạn."))
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) if str(exc) else None)
    if isinstance(exc, DjangoValidationError):
        code = getattr(exc, "code", None) or ""
        message = " ".join(exc.messages)
        if code in STALE_CODES:
            return PreconditionFailed(message, code=code)
        if code in CONFLICT_CODES:
            return Conflict(message, code=code)
        if not code and hasattr(exc, "error_dict"):
            # A dict of errors: the code of its first (numerator_above_denominator, ...).
            errors = (e for field in exc.error_dict.values() for e in field)
            code = next((e.code for e in errors if e.code), "")
        error = Unprocessable(message, code=code or "unprocessable")
        if hasattr(exc, "error_dict"):
            # Each message at the field it belongs to, as for a request's wrong fields.
            error.extra = {
                "errors": {
                    ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
                    for field, messages in exc.message_dict.items()
                }
            }
        return error
    return exc


def _vietnamese(exc) -> str | None:
    """DRF's own message for its standard errors, in Vietnamese (DRF's catalogue lacks most)."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Cần mã truy cập: gửi tiêu đề Authorization: Bearer <mã>.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Địa chỉ này không nhận phương thức này.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("API chỉ trả JSON (application/json).")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Kiểu nội dung của yêu cầu không được nhận ở địa chỉ này.")
    if isinstance(exc, exceptions.ParseError):
        return _("Nội dung yêu cầu không đọc được (JSON hay biểu mẫu sai).")
    if isinstance(exc, exceptions.NotFound) and str(exc.detail) == str(exc.default_detail):
        return _("Không tìm thấy đối tượng này trong phạm vi của bạn.")
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) == str(exc.default_detail):
        return _("Bạn không có quyền làm việc này.")
    return None


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        return {
            str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()
        }
    messages = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [str(m) for m in messages]}


def problem_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every error as a problem; None (a 500) for anything else."""
    exc = _from_django(exc)
    if not isinstance(exc, exceptions.APIException):
        return None
    request = context.get("request")
    instance = request.path if request is not None else ""
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        body = problem(
            status.HTTP_400_BAD_REQUEST,
            _("Có trường không hợp lệ; xem 'errors'."),
            code="invalid",
            instance=instance,
            errors=_flatten(exc.detail),
        )
    else:
        detail = _vietnamese(exc) or exc.detail
        if isinstance(detail, (list, dict)):
            detail = " ".join(str(m) for m in _flatten(detail).values())
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        if isinstance(exc, exceptions.Throttled):
            detail = _("Mã truy cập này gửi quá nhiều yêu cầu; hãy thử lại sau %(s)s giây.") % {
                "s": int(exc.wait or 1)
            }
        body = problem(exc.status_code, str(detail), code=code, instance=instance)
        body.update(getattr(exc, "extra", {}))
    return Response(body, status=exc.status_code, headers=headers, content_type=CONTENT_TYPE)
