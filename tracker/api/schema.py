"""The OpenAPI schema's parts drf-spectacular cannot see: the Bearer scheme, the errors.

Every operation documents its problem responses (RFC 9457) here, once, so the schema the
tests run (schemathesis) holds every status an operation may answer.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from tracker.api.problem_body import CONTENT_TYPE, TITLES


class BearerScheme(OpenApiAuthenticationExtension):
    target_class = "tracker.api.authentication.BearerTokenAuthentication"
    name = "maTruyCap"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "Mã truy cập cá nhân: tạo ở trang Tài khoản › Mã truy cập API hoặc bằng "
                    "`manage.py api_token`. Gửi tiêu đề Authorization: Bearer <mã>."
                )
            ),
        }


PROBLEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "code": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "plan": {"type": "object"},
    },
}

READS = (400, 401, 403, 404, 405, 406, 429)
WRITES = (*READS, 409, 412, 413, 415, 422, 428)


def add_problems(result, generator, request, public):
    """POSTPROCESSING_HOOKS: the Problem component and every operation's error responses."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = READS if method in ("get", "head") else WRITES
            for status in statuses:
                operation["responses"].setdefault(
                    str(status),
                    {
                        "description": str(TITLES[status]),
                        "content": {CONTENT_TYPE: {"schema": ref}},
                    },
                )
    return result
